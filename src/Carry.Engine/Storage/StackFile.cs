using System.Collections.Immutable;
using System.Text;
using Carry.Git;
using Carry.Model;

namespace Carry.Storage;

/// <summary>
/// The versioned text form of a <see cref="StackState"/>, stored as the blob <c>stack</c> in
/// every state commit. One fact per line, so diffs between states read naturally. See
/// docs/storage.md for the grammar; unknown <c>key=value</c> attributes are an error in
/// version 1 so that an older Carry never silently drops what a newer one wrote.
/// </summary>
public static class StackFile
{
    /// <summary>The format version this Carry writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Serialises a state.</summary>
    public static string Format(StackState state)
    {
        var sb = new StringBuilder();
        sb.Append("carry-stack ").Append(Version).Append('\n');
        sb.Append("branch ").Append(state.Branch).Append('\n');
        sb.Append("base ").Append(state.Base.Hex).Append(' ').Append(state.BaseRef).Append('\n');
        foreach (var p in state.Applied) AppendPatch(sb, "applied", p);
        foreach (var p in state.Unapplied) AppendPatch(sb, "unapplied", p);
        return sb.ToString();
    }

    private static void AppendPatch(StringBuilder sb, string where, Patch p) =>
        sb.Append(where).Append(' ').Append(p.Commit.Hex).Append(' ').Append(p.Name)
          .Append(" id=").Append(p.Id).Append('\n');

    /// <summary>Parses a state; throws <see cref="FormatException"/> naming the bad line.</summary>
    public static StackState Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith("carry-stack ", StringComparison.Ordinal))
            throw new FormatException("not a carry stack description");
        if (!int.TryParse(lines[0]["carry-stack ".Length..], out var version) || version != Version)
            throw new FormatException($"stack format version '{lines[0][12..]}' is not supported by this carry (it reads version {Version}); upgrade carry");
        string? branch = null, baseRef = null;
        Oid? baseId = null;
        var applied = ImmutableList.CreateBuilder<Patch>();
        var unapplied = ImmutableList.CreateBuilder<Patch>();
        for (var n = 1; n < lines.Length; n++)
        {
            var line = lines[n];
            if (line.Length == 0) continue;
            var words = line.Split(' ');
            switch (words[0])
            {
                case "branch" when words.Length == 2: branch = words[1]; break;
                case "base" when words.Length == 3: baseId = new Oid(words[1]); baseRef = words[2]; break;
                case "applied" or "unapplied" when words.Length >= 3:
                    var patch = ParsePatch(words, n + 1);
                    (words[0] == "applied" ? applied : unapplied).Add(patch);
                    break;
                default: throw new FormatException($"line {n + 1}: unexpected '{line}'");
            }
        }
        if (branch is null || baseId is null || baseRef is null)
            throw new FormatException("stack description lacks its branch or base");
        return new StackState(branch, baseRef, baseId.Value, applied.ToImmutable(), unapplied.ToImmutable());
    }

    private static Patch ParsePatch(string[] words, int lineNumber)
    {
        var commit = new Oid(words[1]);
        string? id = null;
        foreach (var attr in words.Skip(3))
        {
            var eq = attr.IndexOf('=');
            var (key, value) = eq < 0 ? (attr, "") : (attr[..eq], attr[(eq + 1)..]);
            if (key == "id") id = value;
            else throw new FormatException($"line {lineNumber}: unknown patch attribute '{key}'");
        }
        return new Patch(words[2], id ?? throw new FormatException($"line {lineNumber}: patch without id"), commit);
    }
}
