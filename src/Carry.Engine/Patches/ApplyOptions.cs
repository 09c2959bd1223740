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

/// <summary>What to do with whitespace errors in added lines (<c>git apply --whitespace</c>, git's default rules).</summary>
public enum WhitespaceAction
{
    /// <summary>Apply as it is (git's <c>warn</c> and <c>nowarn</c>; Carry does not warn).</summary>
    Keep,

    /// <summary>Refuse a patch that adds blanks at a line's end, a space before a tab in the indent, or blank lines at the file's end.</summary>
    Error,

    /// <summary>Apply with those errors fixed, as <c>git apply --whitespace=fix</c> does.</summary>
    Fix,
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

    /// <summary>
    /// Let context and removed lines match the file when they differ only in whitespace
    /// (<c>git apply --ignore-whitespace</c>, <c>patch -l</c>): a run of blanks matches any run of
    /// blanks, never none. The file's own lines are kept where they were context.
    /// </summary>
    public bool IgnoreWhitespace { get; init; }

    /// <summary>Whitespace errors in added lines: kept (default), refused or fixed (<c>--whitespace=error|fix</c>).</summary>
    public WhitespaceAction Whitespace { get; init; }

    /// <summary>Apply the patch backwards, undoing it (<c>patch -R</c>).</summary>
    public bool Reverse { get; init; }

    /// <summary>Leading name components to strip (<c>patch -pN</c>); 1 removes git's <c>a/</c> and <c>b/</c>.</summary>
    public int Strip { get; init; } = 1;

    /// <summary>What to do with a binary change that carries no data.</summary>
    public BinaryWithoutDataPolicy BinaryWithoutData { get; init; } = BinaryWithoutDataPolicy.Fail;
}
