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

        if (effective.Kind is FileChangeKind.Renamed or FileChangeKind.Copied && readPath != writePath && files.Exists(writePath!))
            return new FileApplyReport(diff, path, source, HunkApplier.Fail(ApplyFailureKind.FileExists, 0,
                $"the patch {(effective.Kind == FileChangeKind.Renamed ? "renames" : "copies")} '{readPath}' to '{writePath}', which already exists"));

        var result = HunkApplier.ApplyDirected(effective, files.Read(source), options);
        if (result.Status is ApplyStatus.Failed or ApplyStatus.Skipped)
            return new FileApplyReport(diff, path, source, result);

        var mode = result.Mode ?? (effective.Kind is FileChangeKind.Renamed or FileChangeKind.Copied ? files.ReadMode(source) : null);
        switch (effective.Kind)
        {
            case FileChangeKind.Deleted:
                files.Delete(source);
                break;
            case FileChangeKind.Renamed:
                if (readPath != writePath)
                    files.Delete(readPath!);
                files.Write(writePath!, result.Content!, mode);
                break;
            default:
                files.Write(path, result.Content!, mode);
                break;
        }
        return new FileApplyReport(diff, path, source, result);
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

        public byte[]? Read(string path) => _changed.TryGetValue(path, out var entry) ? entry.Content : source.Read(path);

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
