using System.Text;
using Carry.Git;
using Carry.Model;

namespace Carry.Operations.Stack;

/// <summary>One part of a split patch: its name, its message (null: the original's), and the files whose changes it takes.</summary>
public sealed record SplitPart(string Name, string? Message, IReadOnlyList<string> Paths);

/// <summary>
/// Splitting a patch into several, by files: the parts sit where the patch was, bottom first,
/// each taking the changes of its files; together they make exactly the original change. Every
/// part keeps the original's layer, guards and author; the part named like the original keeps its
/// id (and so its history), the others get new ones.
/// </summary>
public static class Split
{
    /// <summary>The files the patch changes (as text, '/'-separated), in tree order.</summary>
    public static IReadOnlyList<string> Files(StackSession session, Patch patch)
    {
        var objects = session.Repo.Objects;
        var commit = objects.ReadCommit(patch.Commit);
        return [.. TreeOps.Diff(objects, objects.ParentTree(commit), commit.Tree).Select(c => RawPath.ToText(c.Path))];
    }

    /// <summary>
    /// Splits <paramref name="name"/> into <paramref name="parts"/>. A part's path names a file or
    /// a folder; every changed file must fall in exactly one part, and every part must get one.
    /// </summary>
    public static TransactionResult Run(StackSession session, string name, IReadOnlyList<SplitPart> parts, string command)
    {
        var patch = session.Require(name);
        if (parts.Count < 2) throw new CarryException("a split needs at least two parts");
        var files = Files(session, patch);
        var owner = new Dictionary<string, int>();
        for (var i = 0; i < parts.Count; i++)
        {
            foreach (var path in parts[i].Paths)
            {
                var prefix = path.TrimEnd('/');
                var matched = files.Where(f => f == prefix || f.StartsWith(prefix + "/", StringComparison.Ordinal) || prefix is "" or ".").ToList();
                if (matched.Count == 0)
                    throw new CarryException($"patch '{name}' does not change '{path}'", $"'carry files {name}' lists the files it changes.");
                foreach (var f in matched)
                    if (!owner.TryAdd(f, i) && owner[f] != i)
                        throw new CarryException($"'{f}' is in two parts ('{parts[owner[f]].Name}' and '{parts[i].Name}')", "give each file to one part.");
            }
        }
        var last = parts.Count - 1;
        foreach (var f in files) owner.TryAdd(f, last); // as with --path: what no part names stays in the last one
        for (var i = 0; i < parts.Count; i++)
            if (!owner.ContainsValue(i)) throw new CarryException($"part '{parts[i].Name}' would be empty: no changed file is given to it", "every part needs at least one file.");
        RequireNames(session, patch, parts);

        var objects = session.Repo.Objects;
        var commit = objects.ReadCommit(patch.Commit);
        var entries = TreeOps.Diff(objects, objects.ParentTree(commit), commit.Tree).ToDictionary(c => RawPath.ToText(c.Path));
        var tree = objects.ParentTree(commit);
        var trees = new List<Oid>();
        for (var i = 0; i < parts.Count; i++)
        {
            var mine = owner.Where(o => o.Value == i).Select(o => entries[o.Key]);
            tree = i == last ? commit.Tree : TreeOps.Update(objects, tree, mine.Select(c => (c.Path, c.New)));
            trees.Add(tree);
        }
        return Write(session, patch, parts, trees, command);
    }

    /// <summary>
    /// Puts the parts in the patch's place: part i is a commit of <paramref name="trees"/>[i] on the
    /// part before it (the last tree is the patch's own), with the patch's author and the part's message.
    /// </summary>
    internal static TransactionResult Write(StackSession session, Patch patch, IReadOnlyList<SplitPart> parts, IReadOnlyList<Oid> trees, string command)
    {
        var objects = session.Repo.Objects;
        var commit = objects.ReadCommit(patch.Commit);
        var parent = commit.Parent;
        var made = new List<Patch>();
        for (var i = 0; i < parts.Count; i++)
        {
            var message = parts[i].Message is { } m ? Authoring.Normalize(m) : commit.Message;
            var id = objects.WriteCommit(commit with { Tree = trees[i], Parents = parent is { } p ? [p] : [], Message = message, Committer = session.Committer });
            parent = id;
            made.Add(patch with { Name = parts[i].Name, Id = parts[i].Name == patch.Name ? patch.Id : Patch.NewId(), Commit = id, Source = null });
        }
        var tx = session.Begin();
        var list = tx.Applied.Contains(patch) ? tx.Applied : tx.Unapplied;
        var at = list.IndexOf(patch);
        list.RemoveAt(at);
        list.InsertRange(at, made);
        return tx.Execute(command, new("split"));
    }

    internal static void RequireNames(StackSession session, Patch patch, IReadOnlyList<SplitPart> parts)
    {
        var seen = new HashSet<string>();
        foreach (var part in parts)
        {
            if (!seen.Add(part.Name)) throw new CarryException($"two parts are named '{part.Name}'");
            if (part.Name == patch.Name) continue;
            Authoring.RequireFreeName(session, part.Name);
        }
    }

    /// <summary>The plan <c>carry split --edit</c> opens: one part holding every file.</summary>
    public static string Plan(Patch patch, string subject, IReadOnlyList<string> files)
    {
        var sb = new StringBuilder();
        sb.Append("part ").Append(patch.Name).Append('\n');
        foreach (var f in files) sb.Append(PlanName(f)).Append('\n');
        sb.Append($"""

            # Split patch '{patch.Name}' ({Paths.Printable.Of(subject)}) into parts, bottom first.
            # A line 'part NAME [SUBJECT]' starts a part; the files listed after it go to it.
            # Add 'part' lines above some files to make new parts. The part named '{patch.Name}'
            # keeps the original message (unless given a subject); a new part without a subject gets
            # the original message too. Lines starting with '#' are ignored.
            """);
        return sb.ToString();
    }

    /// <summary>
    /// A file as the plan lists it: C-quoted as git quotes names (a newline in a name made it two
    /// lines of the plan, neither of which named the file), and quoted too where the plain name
    /// would read as something else (a comment, a 'part' line, spaces the reader trims).
    /// </summary>
    private static string PlanName(string file)
    {
        var quoted = Paths.Printable.QuotedName(file);
        if (quoted != file) return quoted;
        var misread = file.StartsWith('"') || file.StartsWith('#') || file == "part" || file.StartsWith("part ", StringComparison.Ordinal)
            || file.StartsWith("part\t", StringComparison.Ordinal) || file.Trim() != file;
        return misread ? $"\"{file}\"" : file;
    }

    /// <summary>A file line of the plan: unquoted when it is C-quoted (<see cref="PlanName"/>).</summary>
    private static string ReadName(string line, int number)
    {
        if (!line.StartsWith('"')) return line;
        var bytes = Encoding.UTF8.GetBytes(line);
        if (Patches.CQuote.Unquote(bytes, out var used) is not { } name || used != bytes.Length)
            throw new CarryException($"line {number} of the plan: the quoted file name {line} is malformed", "quote it as git does (\\n, \\t, \\\", \\\\, octal bytes), or write it plain.");
        return Encoding.UTF8.GetString(name);
    }

    /// <summary>Reads an edited split plan.</summary>
    public static List<SplitPart> ParsePlan(string text)
    {
        var parts = new List<(string Name, string? Message, List<string> Paths)>();
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("part ", StringComparison.Ordinal) || line == "part")
            {
                var rest = line[4..].Trim();
                if (rest.Length == 0) throw new CarryException($"line {number} of the plan: 'part' needs a name");
                var space = rest.IndexOfAny([' ', '\t']);
                parts.Add(space < 0 ? (rest, null, []) : (rest[..space], rest[(space + 1)..].Trim(), []));
                continue;
            }
            if (parts.Count == 0) throw new CarryException($"line {number} of the plan names a file before any 'part' line", "start the plan with 'part NAME'.");
            parts[^1].Paths.Add(ReadName(line, number));
        }
        return [.. parts.Select(p => new SplitPart(p.Name, p.Message, p.Paths))];
    }
}
