using System.Text;

namespace Carry.Model;

/// <summary>
/// The stable, human name of a patch: what users type and what quilt-style files are named
/// after. Letters, digits and <c>. _ - +</c> only, so a name is always one shell word, one
/// file name and one ref component on every platform.
/// </summary>
public static class PatchName
{
    /// <summary>The longest accepted name.</summary>
    public const int MaxLength = 100;

    /// <summary>Why <paramref name="name"/> is not a valid patch name, or null if it is.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "a patch name cannot be empty";
        if (name.Length > MaxLength) return $"a patch name is at most {MaxLength} characters";
        if (name[0] is '-' or '.') return "a patch name cannot start with '-' or '.'";
        if (name.EndsWith(".lock", StringComparison.Ordinal)) return "a patch name cannot end with '.lock'";
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c)) return "a patch name cannot contain spaces";
            if (c is '/' or '\\') return "a patch name cannot contain slashes";
            if (!(char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '+'))
                return $"a patch name cannot contain '{c}'";
        }
        return name.Contains("..", StringComparison.Ordinal) ? "a patch name cannot contain '..'" : null;
    }

    /// <summary>Turns a commit subject into a name: "Fix the parser!" → "fix-the-parser".</summary>
    public static string FromSubject(string subject)
    {
        var sb = new StringBuilder();
        foreach (var c in subject.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) && c < 128) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            if (sb.Length >= 40) break;
        }
        var name = sb.ToString().Trim('-');
        return name.Length == 0 ? "patch" : name;
    }

    /// <summary>A name not in <paramref name="taken"/>: the wish itself, or wish-2, wish-3…</summary>
    public static string Unique(string wish, ISet<string> taken)
    {
        if (!taken.Contains(wish)) return wish;
        for (var i = 2; ; i++)
            if (!taken.Contains($"{wish}-{i}")) return $"{wish}-{i}";
    }
}
