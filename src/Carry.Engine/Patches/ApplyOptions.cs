namespace Carry.Patches;

/// <summary>What to do with a <c>Binary files a/x and b/x differ</c> stanza, which says a file changed but not how.</summary>
public enum BinaryWithoutDataPolicy
{
    /// <summary>Fail that file: the change cannot be reproduced, and pretending otherwise would write a wrong file.</summary>
    Fail,

    /// <summary>
    /// Leave the file as it is and report it as <see cref="ApplyStatus.Skipped"/>, so the patch's
    /// other changes go through and the gap stays visible (GNU patch instead writes an empty file).
    /// </summary>
    Skip,
}

/// <summary>How to apply a patch: the knobs of <c>patch -pN -F N -R</c>.</summary>
public sealed record ApplyOptions
{
    /// <summary>Defaults: <c>-p1</c>, no fuzz, forward, binary stanzas without data fail.</summary>
    public static ApplyOptions Default { get; } = new();

    /// <summary>
    /// Most context lines a hunk may ignore at its start and end when it does not match
    /// exactly (<c>patch -F</c>). 0 (the default, as dpkg-source uses) accepts exact context
    /// at any offset only; GNU patch's own default is 2.
    /// </summary>
    public int Fuzz { get; init; }

    /// <summary>Apply the patch backwards, undoing it (<c>patch -R</c>).</summary>
    public bool Reverse { get; init; }

    /// <summary>Leading name components to strip (<c>patch -pN</c>); 1 removes git's <c>a/</c> and <c>b/</c>.</summary>
    public int Strip { get; init; } = 1;

    /// <summary>What to do with a binary change that carries no data.</summary>
    public BinaryWithoutDataPolicy BinaryWithoutData { get; init; } = BinaryWithoutDataPolicy.Fail;
}
