using System.Text;
using Carry.Git;
using Carry.Model;

namespace Carry.Operations.Stack;

/// <summary>
/// One piece of a patch that can be chosen on its own: a hunk of a text file's change (its
/// unified-diff lines, for showing, and the changed-line blocks it holds), or a file's whole
/// change when it cannot be taken line by line (<see cref="WholeFile"/> says what it is).
/// </summary>
/// <param name="Path">The file, as stored in the tree.</param>
/// <param name="Lines">The hunk as a unified diff shows it, <c>@@</c> line first (text, one string a line).</param>
/// <param name="Blocks">Its runs of changed lines; a hunk with several can be split into them.</param>
/// <param name="WholeFile">"new file", "deleted file", "mode change", "binary change"…, or null for a text hunk.</param>
public sealed record PatchHunk(string Path, IReadOnlyList<string> Lines, IReadOnlyList<LineBlock> Blocks, string? WholeFile)
{
    /// <summary>True when the hunk holds runs of changes with unchanged lines between them.</summary>
    public bool CanSplit => Blocks.Count > 1;
}

/// <summary>One changed file of a patch: the header a diff shows for it, and its hunks in order.</summary>
public sealed record FileHunks(string Path, string Header, IReadOnlyList<PatchHunk> Hunks);

/// <summary>
/// Splitting a patch by hunks (<c>carry split -p</c>): the chosen hunks go to a new part just
/// below, the rest stay in the patch. The chosen lines are applied to each file's old text, so
/// the new part is exactly those hunks and the two parts together are the original change.
/// </summary>
public static class SplitHunks
{
    private const int Context = 3;

    /// <summary>The patch's changes, file by file, in hunks.</summary>
    public static IReadOnlyList<FileHunks> Read(StackSession session, Patch patch)
    {
        var objects = session.Repo.Objects;
        var commit = objects.ReadCommit(patch.Commit);
        var files = new List<FileHunks>();
        foreach (var change in TreeOps.Diff(objects, objects.ParentTree(commit), commit.Tree))
        {
            var text = RawPath.ToText(change.Path);
            var header = $"diff --git a/{text} b/{text}";
            if (Whole(objects, change) is { } kind)
            {
                files.Add(new FileHunks(change.Path, header, [new PatchHunk(change.Path, WholeLines(change, kind), [], kind)]));
                continue;
            }
            var before = objects.ReadBlob(change.Old!.Id);
            var after = objects.ReadBlob(change.New!.Id);
            files.Add(new FileHunks(change.Path, $"{header}\n--- a/{text}\n+++ b/{text}", Hunks(change.Path, before, after)));
        }
        return files;
    }

    /// <summary>Why the file's change can only be taken whole, or null when it goes line by line.</summary>
    private static string? Whole(ObjectStore objects, PathChange change)
    {
        if (change.Old is null) return "new file";
        if (change.New is null) return "deletion";
        if (change.Old.Mode != change.New.Mode) return "mode change";
        if (change.New.Mode is EntryMode.Symlink or EntryMode.Gitlink) return "link change";
        return LineBlocks.IsLineText(objects.ReadBlob(change.Old.Id)) && LineBlocks.IsLineText(objects.ReadBlob(change.New.Id)) ? null : "binary change";
    }

    /// <summary>What a diff shows for a change taken whole.</summary>
    private static string[] WholeLines(PathChange change, string kind) => kind switch
    {
        "new file" => [$"new file mode {Convert.ToString(change.New!.Mode, 8)}"],
        "deletion" => [$"deleted file mode {Convert.ToString(change.Old!.Mode, 8)}"],
        "mode change" => [$"old mode {Convert.ToString(change.Old!.Mode, 8)}", $"new mode {Convert.ToString(change.New!.Mode, 8)}"],
        _ => [$"{(kind == "binary change" ? "Binary files" : "Links")} a/{RawPath.ToText(change.Path)} and b/{RawPath.ToText(change.Path)} differ"],
    };

    /// <summary>The hunks of one text file, each with the blocks it holds (a block is a run of -/+ lines).</summary>
    private static List<PatchHunk> Hunks(string path, byte[] before, byte[] after)
    {
        var blocks = LineBlocks.Of(before, after);
        var lines = TextDiff.Hunks(Encoding.Latin1.GetString(before), Encoding.Latin1.GetString(after)).Select(Shown).ToList();
        var hunks = new List<PatchHunk>();
        var used = 0;
        for (var start = 0; start < lines.Count;)
        {
            var end = start + 1;
            while (end < lines.Count && !lines[end].StartsWith("@@", StringComparison.Ordinal)) end++;
            var body = lines.GetRange(start, end - start);
            var runs = Runs(body).Count;
            hunks.Add(new PatchHunk(path, body, blocks.GetRange(used, runs), null));
            used += runs;
            start = end;
        }
        return hunks;
    }

    /// <summary>A diff line as text (the diff works on bytes as Latin-1 characters).</summary>
    private static string Shown(string line) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(line));

    /// <summary>Where each run of -/+ lines starts and ends (exclusive) in a hunk's lines.</summary>
    private static List<(int Start, int End)> Runs(IReadOnlyList<string> lines)
    {
        var runs = new List<(int, int)>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (!IsChange(lines[i])) continue;
            var start = i;
            while (i < lines.Count && (IsChange(lines[i]) || lines[i].StartsWith('\\'))) i++;
            runs.Add((start, i));
        }
        return runs;
    }

    private static bool IsChange(string line) => line.Length > 0 && line[0] is '-' or '+';

    /// <summary>A hunk cut at its unchanged lines: one piece per run of changes, each with up to three lines of context.</summary>
    public static IReadOnlyList<PatchHunk> Pieces(PatchHunk hunk)
    {
        if (!hunk.CanSplit) return [hunk];
        var runs = Runs(hunk.Lines);
        var pieces = new List<PatchHunk>();
        for (var k = 0; k < runs.Count; k++)
        {
            var (start, end) = runs[k];
            var from = Math.Max(k == 0 ? 1 : runs[k - 1].End, start - Context);
            var to = Math.Min(k == runs.Count - 1 ? hunk.Lines.Count : runs[k + 1].Start, end + Context);
            var block = hunk.Blocks[k];
            int before = start - from, after = to - end;
            var header = $"@@ -{block.OldStart - before},{before + block.OldCount + after} +{block.NewStart - before},{before + block.NewCount + after} @@";
            pieces.Add(hunk with { Lines = [header, .. hunk.Lines.Skip(from).Take(to - from)], Blocks = [block] });
        }
        return pieces;
    }

    /// <summary>
    /// Splits <paramref name="name"/>: the <paramref name="chosen"/> hunks (from <see cref="Read"/> or
    /// <see cref="Pieces"/>) become <paramref name="partName"/> just below; the rest stay in the patch.
    /// </summary>
    public static TransactionResult Run(StackSession session, string name, IReadOnlyList<PatchHunk> chosen, string partName, string? message, string command)
    {
        var patch = session.Require(name);
        if (chosen.Count == 0) throw new CarryException("no hunk chosen: nothing was split", $"answer 'y' to the hunks that should go to '{partName}'.");
        var parts = new[] { new SplitPart(partName, message, []), new SplitPart(patch.Name, null, []) };
        Split.RequireNames(session, patch, parts);
        var objects = session.Repo.Objects;
        var commit = objects.ReadCommit(patch.Commit);
        var parentTree = objects.ParentTree(commit);
        var changes = TreeOps.Diff(objects, parentTree, commit.Tree).ToDictionary(c => c.Path, StringComparer.Ordinal);
        var updates = new List<(string, TreeEntry?)>();
        foreach (var file in chosen.GroupBy(h => h.Path))
        {
            var change = changes.TryGetValue(file.Key, out var c) ? c
                : throw new CarryException($"patch '{name}' does not change '{RawPath.ToText(file.Key)}'");
            if (file.Any(h => h.WholeFile is not null))
            {
                updates.Add((file.Key, change.New));
                continue;
            }
            var text = LineBlocks.Apply(objects.ReadBlob(change.Old!.Id), objects.ReadBlob(change.New!.Id), file.SelectMany(h => h.Blocks).Distinct());
            updates.Add((file.Key, change.Old with { Id = objects.WriteBlob(text) }));
        }
        var lower = TreeOps.Update(objects, parentTree, updates);
        if (lower == parentTree) throw new CarryException("the chosen hunks change nothing: nothing was split");
        if (lower == commit.Tree)
            throw new CarryException($"every hunk chosen: '{name}' would be left empty, nothing was split",
                $"leave some hunks in '{name}' (answer 'n'), or rename the patch instead ('carry rename').");
        return Split.Write(session, patch, parts, [lower, commit.Tree], command);
    }
}
