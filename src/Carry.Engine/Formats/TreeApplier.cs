using Carry.Git;
using Carry.Patches;

namespace Carry.Formats;

/// <summary>
/// Applies a patch file onto a git tree in memory and returns the new tree: the hunk search of
/// <see cref="PatchApplier"/> (exact, offset, fuzz), then a 3-way merge for files whose hunks do
/// not fit but whose <c>index</c> line names a pre-image blob the repository has. Nothing is
/// written anywhere but the object store's memory, so a failed patch leaves no trace.
/// </summary>
/// <param name="store">Where trees and blobs are read and new ones kept.</param>
/// <param name="resolveBlob">
/// Finds the blob an abbreviated <c>index</c> id names (null when unknown or ambiguous); full
/// 40-digit ids are looked up directly. Without it, only full ids allow a 3-way merge.
/// </param>
public sealed class TreeApplier(ObjectStore store, Func<string, Oid?>? resolveBlob = null)
{
    /// <summary>Applies <paramref name="patch"/> onto <paramref name="tree"/>.</summary>
    /// <param name="tree">The tree before the patch.</param>
    /// <param name="patch">The parsed patch.</param>
    /// <param name="options">Strip, fuzz, direction and binary policy.</param>
    /// <param name="threeWay">
    /// Merge a file whose hunks do not fit from the pre-image blob its <c>index</c> line names
    /// (<c>git apply --3way</c>); off by default, as in git, so a 3-way result is always chosen.
    /// </param>
    public TreeApplyResult Apply(Oid tree, PatchFile patch, ApplyOptions options, bool threeWay = false)
    {
        var source = new TreeFileSource(store, tree);
        if (ThroughLinks(tree, patch, options.Strip) is { Count: > 0 } refused) return Failed([], refused);
        var applied = PatchApplier.Apply(patch, source, options);
        var changes = applied.Changes.ToList();
        var fits = new List<FileFit>();
        var problems = new List<ApplyProblem>();
        var touches = applied.Files.SelectMany(f => new[] { f.Path, f.SourcePath }.Distinct())
            .Where(p => p is not null).GroupBy(p => p!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        foreach (var file in applied.Files)
        {
            var r = file.Result;
            var alone = touches.GetValueOrDefault(file.Path ?? "") == 1;
            if (alone && file.Diff.Binary is { HasData: false } && (!r.Succeeded || r.Status == ApplyStatus.Skipped)
                && FromObjects(file, source, options) is { } known)
            {
                changes.RemoveAll(c => c.Path == file.Path);
                changes.Add(known.Change);
                fits.Add(new FileFit(file.Path!, ApplyStatus.Clean, false, 0, 0, known.Note));
                continue;
            }
            if (r.Succeeded)
            {
                fits.Add(new FileFit(file.Path ?? "", r.Status, false, r.MaxOffset, r.MaxFuzz, r.Note));
                continue;
            }
            if (threeWay && alone && ThreeWay(file, source, options) is { } merged)
            {
                changes.Add(new FileChange(file.Path!, merged.Content, null));
                fits.Add(new FileFit(file.Path!, ApplyStatus.Clean, true, 0, 0, merged.Note));
                continue;
            }
            problems.Add(Problem(file));
        }
        if (problems.Count > 0) return Failed(fits, problems);

        var newTree = Write(tree, source, changes, problems);
        if (newTree is null) return Failed(fits, problems);
        var fit = fits.Any(f => f.ThreeWay) ? PatchFit.ThreeWay
            : fits.Any(f => f.Fuzz > 0) ? PatchFit.Fuzz
            : fits.Any(f => f.Offset != 0) ? PatchFit.Offset
            : PatchFit.Clean;
        return new TreeApplyResult(newTree, fit, fits, []);
    }

    /// <summary>
    /// Diffs whose file sits below a symbolic link (or a file) already in the tree: refused up
    /// front with that reason, rather than as a puzzling "file does not exist".
    /// </summary>
    private List<ApplyProblem> ThroughLinks(Oid tree, PatchFile patch, int strip)
    {
        var problems = new List<ApplyProblem>();
        var isLink = new Dictionary<string, bool>(StringComparer.Ordinal);
        // A link the same patch deletes is no longer there when its folder is written (git's
        // "symlink replaced by a directory"); a link it creates is checked when the tree is written.
        foreach (var diff in patch.Files)
            if (diff.Kind == FileChangeKind.Deleted && diff.OldPath is { } gone && gone.TryStrip(strip, out var goneText, out _))
                isLink[RawPath.FromText(goneText)] = false;
        foreach (var diff in patch.Files)
        {
            foreach (var name in new[] { diff.OldPath, diff.NewPath })
            {
                if (name is null || !name.TryStrip(strip, out var text, out _)) continue;
                var path = RawPath.FromText(text);
                for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
                {
                    var prefix = path[..slash];
                    if (!isLink.TryGetValue(prefix, out var link))
                        isLink[prefix] = link = TreeOps.Lookup(store, tree, prefix) is { Mode: EntryMode.Symlink };
                    if (!link) continue;
                    problems.Add(new ApplyProblem(text, 0, $"it would be written through the symbolic link '{RawPath.ToText(path[..slash])}'", null));
                    break;
                }
            }
        }
        return problems;
    }

    private static TreeApplyResult Failed(List<FileFit> fits, List<ApplyProblem> problems) =>
        new(null, PatchFit.Failed, fits, problems);

    private static ApplyProblem Problem(FileApplyReport file)
    {
        var failure = file.Result.Failure!;
        var message = failure.Message;
        if (file.Result.LooksAlreadyApplied) message += " (the change seems to be there already: the patch applies backwards)";
        var name = file.Path ?? (file.Diff.NewPath ?? file.Diff.OldPath)?.ToString() ?? "?";
        return new ApplyProblem(name, failure.Hunk, message, failure.Kind);
    }

    /// <summary>
    /// The hunks did not fit the file as it is. If the patch names the blob it was made from and
    /// the repository has it, apply the hunks there (where they must fit) and merge that change
    /// into the file as it is now, as <c>git apply -3</c> does; only a clean merge is accepted.
    /// </summary>
    private (byte[] Content, string Note)? ThreeWay(FileApplyReport file, TreeFileSource source, ApplyOptions options)
    {
        var diff = file.Diff;
        if (file.Path is null || diff.Kind != FileChangeKind.Modified || diff.IsBinary) return null;
        if (file.Result.Failure?.Kind is not (ApplyFailureKind.HunkNotFound or ApplyFailureKind.MisorderedHunks)) return null;
        var preimageId = options.Reverse ? diff.NewIndex : diff.OldIndex;
        if (preimageId is null || Resolve(preimageId) is not { } blob) return null;
        var current = source.Read(file.Path);
        if (current is null) return null;
        var preimage = store.ReadBlob(blob);
        var postimage = HunkApplier.Apply(diff, preimage, options with { Fuzz = 0 });
        if (!postimage.Succeeded || postimage.Content is null) return null;
        if (FileMerge.TryMerge(preimage, current, postimage.Content, asApply: true) is not { } merged) return null;
        var ours = source.Entry(file.Path)!.Id;
        return (merged, $"3-way: the hunks applied to blob {blob} (its index line's {preimageId}), merged into the current blob {ours}");
    }

    /// <summary>
    /// A binary change without data whose <c>index</c> line has full ids: when the file is the
    /// pre-image and the repository has the post-image (or the change deletes the file), git
    /// applies it from the objects; so does Carry, and says so.
    /// </summary>
    private (FileChange Change, string Note)? FromObjects(FileApplyReport file, TreeFileSource source, ApplyOptions options)
    {
        var diff = options.Reverse ? file.Diff.Reverse() : file.Diff;
        if (file.Path is null || !IsFullId(diff.OldIndex) || !IsFullId(diff.NewIndex)) return null;
        var zero = new string('0', 40);
        var current = source.Entry(file.SourcePath ?? file.Path);
        var currentId = current is not null && TreeFileSource.IsContent(current) ? current.Id.ToString() : zero;
        if (currentId != diff.OldIndex) return null;
        if (diff.NewIndex == zero)
            return diff.Kind == FileChangeKind.Deleted ? (new FileChange(file.Path, null, null), $"deleted: it was blob {diff.OldIndex}, as the index line says") : null;
        var post = new Oid(diff.NewIndex!);
        if (diff.Kind == FileChangeKind.Deleted || !store.Contains(post)) return null;
        return (new FileChange(file.Path, store.ReadBlob(post), diff.NewMode), $"binary change without data taken from blob {post}, named by its index line");
    }

    private static bool IsFullId(string? id) => id is { Length: 40 } && id.All(char.IsAsciiHexDigitLower);

    private Oid? Resolve(string id)
    {
        if (id.Length == 40 && id.All(char.IsAsciiHexDigitLower))
        {
            var oid = new Oid(id);
            return store.Contains(oid) ? oid : null;
        }
        return id.Length >= 4 && id.All(char.IsAsciiHexDigit) && !id.All(c => c == '0') ? resolveBlob?.Invoke(id) : null;
    }

    /// <summary>
    /// Turns the applier's file changes into a new tree, refusing (before anything is written)
    /// what a tree cannot hold or what would be unsafe once checked out: names that are not
    /// UTF-8, submodule modes, a file where a folder is, and any write below a symbolic link
    /// (including one the same patch creates: the classic way to make a later file land outside).
    /// </summary>
    private Oid? Write(Oid tree, TreeFileSource source, List<FileChange> changes, List<ApplyProblem> problems)
    {
        var deletions = new List<(string, TreeEntry?)>();
        var additions = new Dictionary<string, TreeEntry>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Path.Contains('\uFFFD'))
            {
                problems.Add(new ApplyProblem(change.Path, 0, "the file name is not valid UTF-8", null));
                continue;
            }
            var raw = RawPath.FromText(change.Path);
            if (change.Content is null)
            {
                deletions.Add((raw, null));
                continue;
            }
            var existing = source.Entry(change.Path);
            var mode = Mode(change.Mode ?? (existing is { } e && TreeFileSource.IsContent(e) ? e.Mode : EntryMode.Regular));
            if (mode is null)
            {
                problems.Add(new ApplyProblem(change.Path, 0, $"mode {Convert.ToString(change.Mode ?? 0, 8)} is not a file, executable or symbolic link", null));
                continue;
            }
            Oid id;
            if (mode == EntryMode.Gitlink)
            {
                if (Gitlink(change.Content) is not { } commit)
                {
                    problems.Add(new ApplyProblem(change.Path, 0, "a submodule's content must be 'Subproject commit <full id>'", null));
                    continue;
                }
                id = commit;
            }
            else id = store.WriteBlob(change.Content);
            additions[raw] = new TreeEntry(raw[(raw.LastIndexOf('/') + 1)..], mode.Value, id);
        }
        if (problems.Count > 0) return null;
        var afterDeletions = deletions.Count > 0 ? TreeOps.Update(store, tree, deletions) : tree;
        var folders = new Dictionary<string, TreeEntry?>(StringComparer.Ordinal);
        foreach (var path in additions.Keys)
        {
            var text = RawPath.ToText(path);
            if (TreeOps.Lookup(store, afterDeletions, path) is { IsTree: true })
                problems.Add(new ApplyProblem(text, 0, "a folder of that name exists", null));
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                var prefix = path[..slash];
                if (!folders.TryGetValue(prefix, out var existing))
                    folders[prefix] = existing = TreeOps.Lookup(store, afterDeletions, prefix);
                var entry = additions.GetValueOrDefault(prefix) ?? existing;
                if (entry is null || entry.IsTree) continue;
                problems.Add(new ApplyProblem(text, 0, entry.Mode == EntryMode.Symlink
                    ? $"it would be written through the symbolic link '{RawPath.ToText(prefix)}'"
                    : $"'{RawPath.ToText(prefix)}' is a file, not a folder", null));
                break;
            }
        }
        if (problems.Count > 0) return null;
        return TreeOps.Update(store, afterDeletions, additions.Select(a => (a.Key, (TreeEntry?)a.Value)));
    }

    /// <summary>Git keeps three file modes and gitlinks; a patch's 100664 is a regular file, as git reads it.</summary>
    private static int? Mode(int mode) => (mode & 0xF000) switch
    {
        0x8000 => (mode & 0x49) != 0 ? EntryMode.Executable : EntryMode.Regular,
        0xA000 => EntryMode.Symlink,
        0xE000 => EntryMode.Gitlink,
        _ => null,
    };

    /// <summary>The commit a gitlink's patch text names: "Subproject commit ID", anything after the id (-dirty) ignored, as git reads it.</summary>
    private static Oid? Gitlink(byte[] content)
    {
        var text = System.Text.Encoding.ASCII.GetString(content);
        const string prefix = "Subproject commit ";
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || text.Length < prefix.Length + 40) return null;
        var hex = text.Substring(prefix.Length, 40);
        return IsFullId(hex) ? new Oid(hex) : null;
    }
}
