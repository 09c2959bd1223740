using System.Text;
using Carry.Paths;

namespace Carry.Patches;

/// <summary>
/// A file name exactly as a patch writes it (after C-style unquoting), prefix included
/// (<c>a/src/main.c</c>). Names are kept as bytes because patches are not always UTF-8 and a
/// file name must round-trip unchanged; <see cref="Strip"/> gives the usable tree path.
/// </summary>
public sealed class PatchPath : IEquatable<PatchPath>
{
    private readonly byte[] _raw;

    internal PatchPath(byte[] raw) => _raw = raw;

    /// <summary>Makes a name from text (UTF-8), as if a patch had written it.</summary>
    /// <param name="name">The name, prefix included.</param>
    public static PatchPath FromString(string name) => new(Encoding.UTF8.GetBytes(name));

    /// <summary>The name's bytes as written in the patch.</summary>
    public ReadOnlySpan<byte> Raw => _raw;

    /// <summary>The name decoded as UTF-8 (invalid bytes shown as U+FFFD); for display.</summary>
    public override string ToString() => Encoding.UTF8.GetString(_raw);

    /// <summary>
    /// The tree path with <paramref name="level"/> leading components removed, like
    /// <c>patch -pN</c>: <c>a/src/x.c</c> with level 1 is <c>src/x.c</c>. Runs of slashes count as
    /// one separator, <c>.</c> components and empty components are dropped.
    /// </summary>
    /// <param name="level">Number of leading components to remove (0 keeps the name whole).</param>
    /// <exception cref="PatchPathException">
    /// The result fails <see cref="TreePath"/> (absolute, <c>..</c>, <c>.git</c> in any spelling…),
    /// is empty, or the name has fewer than <paramref name="level"/> components.
    /// </exception>
    public string Strip(int level) => Encoding.UTF8.GetString(StripToBytes(level));

    /// <summary>Like <see cref="Strip"/>, but returns the path's raw bytes.</summary>
    /// <param name="level">Number of leading components to remove.</param>
    /// <exception cref="PatchPathException">The name is unsafe or too short; see <see cref="Strip"/>.</exception>
    public byte[] StripToBytes(int level)
    {
        var result = TryStripCore(level, out var error);
        return result ?? throw new PatchPathException(ToString(), error!);
    }

    /// <summary>Like <see cref="Strip"/>, reporting a refused name through <paramref name="error"/> instead of throwing.</summary>
    /// <param name="level">Number of leading components to remove.</param>
    /// <param name="path">The stripped path, or empty when refused.</param>
    /// <param name="error">Why the name was refused, or null.</param>
    /// <returns>True when the name is usable.</returns>
    /// <param name="rules">Platform rules (default: this platform's; see <see cref="TreePath"/>).</param>
    public bool TryStrip(int level, out string path, out string? error, PathRules? rules = null)
    {
        var bytes = TryStripCore(level, out error, rules);
        path = bytes is null ? "" : Encoding.UTF8.GetString(bytes);
        return bytes is not null;
    }

    /// <summary>True when the name, <paramref name="level"/> components stripped the way git strips them (one slash each, runs not squashed), starts with a slash.</summary>
    /// <param name="level">Number of leading components to remove.</param>
    internal bool IsRootedAfter(int level)
    {
        ReadOnlySpan<byte> rest = _raw;
        for (var k = 0; k < level; k++)
        {
            var slash = rest.IndexOf((byte)'/');
            if (slash < 0) return false;
            rest = rest[(slash + 1)..];
        }
        return level > 0 && !rest.IsEmpty && rest[0] == (byte)'/';
    }

    private byte[]? TryStripCore(int level, out string? error, PathRules? rules = null)
    {
        error = null;
        if (level < 0)
        {
            error = "the strip level must not be negative";
            return null;
        }
        ReadOnlySpan<byte> rest = _raw;
        // GNU patch strips "the smallest prefix containing N leading slashes", a run of slashes
        // counting once; a name with too few slashes is unusable at that level.
        for (var k = 0; k < level; k++)
        {
            var slash = rest.IndexOf((byte)'/');
            if (slash < 0)
            {
                error = $"it has fewer than {level + 1} components, so -p{level} leaves nothing";
                return null;
            }
            rest = rest[(slash + 1)..];
            while (!rest.IsEmpty && rest[0] == (byte)'/')
                rest = rest[1..];
        }
        if (rest.IsEmpty)
        {
            error = $"-p{level} leaves nothing of it";
            return null;
        }
        if (rest[0] == (byte)'/')
        {
            error = "it is an absolute path";
            return null;
        }

        // GNU patch reads "a//b" and "./a" as "a/b" and "a"; what is left must pass the one rule
        // for every path entering a tree (TreePath: git's verify_path and fsck's checks).
        var output = new List<byte>(rest.Length);
        foreach (var range in rest.Split((byte)'/'))
        {
            var component = rest[range];
            if (component.IsEmpty || component.SequenceEqual("."u8))
                continue;
            if (output.Count > 0)
                output.Add((byte)'/');
            output.AddRange(component);
        }
        if (output.Count == 0)
        {
            error = "it names no file";
            return null;
        }
        var bytes = output.ToArray();
        error = TreePath.Problem(bytes, 0x81A4, rules);
        return error is null ? bytes : null;
    }

    /// <inheritdoc/>
    public bool Equals(PatchPath? other) => other is not null && _raw.AsSpan().SequenceEqual(other._raw);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PatchPath);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_raw);
        return hash.ToHashCode();
    }
}
