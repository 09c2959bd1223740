namespace Carry.Patches;

/// <summary>
/// Applies a whole patch onto a set of files without touching disk: reads through an
/// <see cref="IFileSource"/>, returns every changed path's new content and mode (or its
/// deletion). Diffs apply in patch order and see each other's results, so a patch that
/// touches one file twice, or renames then edits, works as with GNU patch. A failing file does
/// not stop the others, so the report names every problem at once.
/// </summary>
public static class PatchApplier
{
    /// <summary>Applies every file diff of <paramref name="patch"/>.</summary>
    /// <param name="patch">The parsed patch.</param>
    /// <param name="source">The files as they are before the patch.</param>
    /// <param name="options">Strip level, fuzz, direction, binary policy; <see cref="ApplyOptions.Default"/> when null.</param>
    public static PatchApplyResult Apply(PatchFile patch, IFileSource source, ApplyOptions? options = null) =>
        Apply(patch.Files, source, options);

    /// <summary>Applies the given file diffs, in order (in reverse order when undoing).</summary>
    /// <param name="diffs">File diffs, in patch order.</param>
    /// <param name="source">The files as they are before the patch.</param>
    /// <param name="options">Strip level, fuzz, direction, binary policy; <see cref="ApplyOptions.Default"/> when null.</param>
    public static PatchApplyResult Apply(IReadOnlyList<FileDiff> diffs, IFileSource source, ApplyOptions? options = null)
    {
        options ??= ApplyOptions.Default;
        var overlay = new Overlay(source);
        var reports = new FileApplyReport[diffs.Count];
        overlay.MovedAway = MovedAway(diffs, options);
        // Undoing runs backwards, so that a later diff on the same file is undone first.
        for (var n = 0; n < diffs.Count; n++)
        {
            var k = options.Reverse ? diffs.Count - 1 - n : n;
            reports[k] = ApplyOne(diffs[k], overlay, options);
        }
        return new PatchApplyResult(overlay.Changes(), reports);
    }

    private static FileApplyReport ApplyOne(FileDiff diff, Overlay files, ApplyOptions options)
    {
        if (options.Reverse && diff.Kind == FileChangeKind.Copied)
            return UndoCopy(diff, files, options);
        var effective = options.Reverse ? diff.Reverse() : diff;
        string? readPath, writePath;
        // git strips "a/" and keeps what follows: "a//etc/x" is the absolute "/etc/x" and refused
        // (GNU patch squashes the slashes; a git diff is read as git reads it).
        if (diff.IsGit && new[] { diff.OldPath, diff.NewPath }.FirstOrDefault(n => n is not null && n.IsRootedAfter(options.Strip)) is { } rooted)
            return new FileApplyReport(diff, null, null, HunkApplier.Fail(ApplyFailureKind.UnsafePath, 0,
                $"invalid path '{rooted}': after -p{options.Strip} it is an absolute path"));
        try
        {
            (readPath, writePath) = ResolvePaths(effective, files, options.Strip);
        }
        catch (PatchPathException e)
        {
            return new FileApplyReport(diff, null, null, HunkApplier.Fail(ApplyFailureKind.UnsafePath, 0, e.Message));
        }
        var path = writePath ?? readPath!;
        var source = readPath ?? writePath!;

        var moves = effective.Kind is FileChangeKind.Renamed or FileChangeKind.Copied && readPath != writePath;
        // A target that another rename of this patch moves away is free (file1 <-> file2, as git allows).
        if (moves && files.Exists(writePath!) && !files.MovedAway.Contains(writePath!))
            return new FileApplyReport(diff, path, source, HunkApplier.Fail(ApplyFailureKind.FileExists, 0,
                $"the patch {(effective.Kind == FileChangeKind.Renamed ? "renames" : "copies")} '{readPath}' to '{writePath}', which already exists"));

        // The source of a rename reads as it was before the patch when an earlier rename already
        // wrote its new content there (criss-cross).
        var original = moves && files.MovedHere.Contains(source) ? files.ReadOriginal(source) : files.Read(source);
        if (!diff.IsGit && effective.Kind == FileChangeKind.Modified && original is null && effective.Hunks.All(h => h.OldCount == 0 && h.OldStart == 0))
            effective = effective with { Kind = FileChangeKind.Added }; // svn's "(revision 0)": a creation as GNU patch reads it
        if (diff.IsGit && effective.Kind == FileChangeKind.Modified && original is { Length: > 0 } && effective.Hunks is [{ OldStart: 0, OldCount: 0 }])
            return new FileApplyReport(diff, path, source, HunkApplier.Fail(ApplyFailureKind.HunkNotFound, 1,
                "hunk #1 (@@ -0,0 …) makes the whole file, but the file is not empty (git refuses it too; a plain diff would prepend it, as GNU patch does)"));
        var result = HunkApplier.ApplyDirected(effective, original, options);
        if (result.Status is ApplyStatus.Failed or ApplyStatus.Skipped)
            return new FileApplyReport(diff, path, source, result);

        var oldMode = moves && files.MovedHere.Contains(source) ? files.ReadOriginalMode(source) : files.ReadMode(source);
        var mode = result.Mode ?? (moves ? oldMode : null);
        if (effective.Kind == FileChangeKind.Modified && effective.OldMode == effective.NewMode && effective.NewMode is { } said
            && oldMode is { } actual && actual != said && (actual & 0xF000) == 0x8000 && (said & 0xF000) == 0x8000)
        {
            // git keeps the file's mode when the patch only names the mode it expected (index line), and warns.
            mode = actual;
            result = result.WithNote($"{path} has type {Convert.ToString(actual, 8)}, expected {Convert.ToString(said, 8)}");
        }
        switch (effective.Kind)
        {
            case FileChangeKind.Deleted:
                files.Delete(source);
                break;
            case FileChangeKind.Renamed:
                if (readPath != writePath && !files.MovedHere.Contains(readPath!))
                    files.Delete(readPath!);
                files.Write(writePath!, result.Content!, mode);
                if (readPath != writePath)
                    files.MovedHere.Add(writePath!);
                break;
            default:
                files.Write(path, result.Content!, mode);
                // A git diff whose two names differ (seen at -p0: a/f, b/f) moves the file, as git apply does.
                if (diff.IsGit && effective.Kind == FileChangeKind.Modified && readPath is not null && writePath is not null && readPath != writePath)
                    files.Delete(readPath);
                break;
        }
        return new FileApplyReport(diff, path, source, result);
    }

    /// <summary>The paths this patch renames away (git diffs only): free targets for other renames.</summary>
    private static HashSet<string> MovedAway(IReadOnlyList<FileDiff> diffs, ApplyOptions options)
    {
        var away = new HashSet<string>(StringComparer.Ordinal);
        foreach (var diff in diffs)
        {
            if (!diff.IsGit || diff.Kind != FileChangeKind.Renamed) continue;
            var from = options.Reverse ? diff.NewPath : diff.OldPath;
            if (from is not null && from.TryStrip(options.Strip, out var text, out _)) away.Add(text);
        }
        return away;
    }

    /// <summary>
    /// Which path to read and which to write. Git diffs name both exactly. Plain diffs patch a
    /// single file, chosen among their names as GNU patch does (existing names first).
    /// </summary>
    private static (string? Read, string? Write) ResolvePaths(FileDiff diff, Overlay files, int strip)
    {
        if (diff.IsGit)
        {
            var read = diff.Kind == FileChangeKind.Added ? null : diff.OldPath!.Strip(strip);
            var write = diff.Kind == FileChangeKind.Deleted ? null : diff.NewPath!.Strip(strip);
            return (read ?? write, write);
        }
        var chosen = PathChooser.Best([diff.OldPath, diff.NewPath], strip, files.Exists)
            ?? (diff.NewPath ?? diff.OldPath)!.Strip(strip); // throws with the reason
        return (chosen, diff.Kind == FileChangeKind.Deleted ? null : chosen);
    }

    /// <summary>
    /// Undoing a copy removes the copy, after checking that un-patching it gives back its source:
    /// a plain reversed diff cannot express that, so it is done here.
    /// </summary>
    private static FileApplyReport UndoCopy(FileDiff diff, Overlay files, ApplyOptions options)
    {
        string copyPath, sourcePath;
        try
        {
            copyPath = diff.NewPath!.Strip(options.Strip);
            sourcePath = diff.OldPath!.Strip(options.Strip);
        }
        catch (PatchPathException e)
        {
            return new FileApplyReport(diff, null, null, HunkApplier.Fail(ApplyFailureKind.UnsafePath, 0, e.Message));
        }
        var undone = diff.Reverse();
        var asEdit = undone with { Kind = FileChangeKind.Modified, OldMode = null, NewMode = null };
        var result = HunkApplier.ApplyDirected(asEdit, files.Read(copyPath), options);
        if (!result.Succeeded)
            return new FileApplyReport(diff, copyPath, sourcePath, result);
        if (!(files.Read(sourcePath) ?? []).AsSpan().SequenceEqual(result.Content))
            return new FileApplyReport(diff, copyPath, sourcePath, HunkApplier.Fail(ApplyFailureKind.DeletedFileNotEmpty, 0,
                $"'{copyPath}' is no longer a copy of '{sourcePath}' with the patch's changes, so it is not removed"));
        files.Delete(copyPath);
        return new FileApplyReport(diff, copyPath, sourcePath,
            new FileApplyResult(result.Status, null, null, result.Hunks, null));
    }

    /// <summary>The files as the patch has left them so far, over the untouched source.</summary>
    private sealed class Overlay(IFileSource source)
    {
        private readonly Dictionary<string, (byte[]? Content, int? Mode)> _changed = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        /// <summary>Paths some rename of the patch moves away.</summary>
        public HashSet<string> MovedAway { get; set; } = [];

        /// <summary>Paths a rename of the patch has written (their old content is still to be moved on, criss-cross).</summary>
        public HashSet<string> MovedHere { get; } = new(StringComparer.Ordinal);

        public byte[]? Read(string path) => _changed.TryGetValue(path, out var entry) ? entry.Content : source.Read(path);

        public byte[]? ReadOriginal(string path) => source.Read(path);

        public int? ReadOriginalMode(string path) => source.ReadMode(path);

        public bool Exists(string path) => _changed.TryGetValue(path, out var entry) ? entry.Content is not null : source.Exists(path);

        public int? ReadMode(string path) => _changed.TryGetValue(path, out var entry) ? entry.Mode ?? source.ReadMode(path) : source.ReadMode(path);

        public void Write(string path, byte[] content, int? mode) => Set(path, (content, mode));

        public void Delete(string path) => Set(path, (null, null));

        private void Set(string path, (byte[]?, int?) entry)
        {
            if (!_changed.ContainsKey(path))
                _order.Add(path);
            _changed[path] = entry;
        }

        public List<FileChange> Changes()
        {
            var changes = new List<FileChange>(_order.Count);
            foreach (var path in _order)
            {
                var (content, mode) = _changed[path];
                // Created then deleted within the patch: nothing to report.
                if (content is null && !source.Exists(path))
                    continue;
                changes.Add(new FileChange(path, content, mode));
            }
            return changes;
        }
    }
}
