namespace Carry.Tests.Support;

/// <summary>
/// A fixed author and committer date for git and carry (both read GIT_AUTHOR_DATE and
/// GIT_COMMITTER_DATE), so commit ids, and so whole command outputs, are the same on every
/// run. Environment variables are process-wide: the tests that use it form one collection
/// that xunit runs alone, after the parallel ones.
/// </summary>
public sealed class FixedClock : IDisposable
{
    public const string Date = "@1764756000 +0100"; // 2025-12-03 11:00 +01:00

    public FixedClock()
    {
        Environment.SetEnvironmentVariable("GIT_AUTHOR_DATE", Date);
        Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", Date);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GIT_AUTHOR_DATE", null);
        Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", null);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FixedClockCollection : ICollectionFixture<FixedClock>
{
    public const string Name = "Fixed clock";
}
