namespace Carry.Tests.Support;

/// <summary>A temp folder deleted afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"carry-test-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
