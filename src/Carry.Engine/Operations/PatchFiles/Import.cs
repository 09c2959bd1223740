using System.Text;
using Carry.Formats;
using Carry.Formats.Mbox;
using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;
using Carry.Patches;

namespace Carry.Operations.PatchFiles;

/// <summary>How to apply imported patches.</summary>
/// <param name="Fuzz">Most context lines a hunk may ignore at each edge (0, as dpkg-source).</param>
/// <param name="BinaryWithoutData">What to do with a "Binary files … differ" stanza.</param>
/// <param name="ThreeWay">
/// Merge a file whose hunks do not fit from the blob its <c>index</c> line names (<c>--3way</c>,
/// config <c>carry.import.threeWay</c>); off by default, as in git, so a 3-way result is chosen.
/// </param>
/// <param name="IgnoreWhitespace">Context may differ from the file in blanks (<c>--ignore-whitespace</c>).</param>
/// <param name="Whitespace">Whitespace errors in added lines: kept, refused or fixed (<c>--whitespace</c>).</param>
public sealed record ImportOptions(int Fuzz = 0, BinaryWithoutDataPolicy BinaryWithoutData = BinaryWithoutDataPolicy.Fail, bool ThreeWay = false,
    bool IgnoreWhitespace = false, WhitespaceAction Whitespace = WhitespaceAction.Keep);

/// <summary>One imported patch and how it applied.</summary>
/// <param name="Name">Its name in the stack.</param>
/// <param name="File">The file it came from.</param>
/// <param name="Fit">How it applied, file by file; null for commits carried from a branch.</param>
/// <param name="Notes">What was done to read or apply it that the user should know (CRs stripped…).</param>
public sealed record ImportedPatch(string Name, string File, TreeApplyResult? Fit, IReadOnlyList<string>? Notes = null);

/// <summary>What an import did.</summary>
/// <param name="Transaction">The transaction that put the patches on the stack.</param>
/// <param name="Patches">The imported patches, bottom first.</param>
public sealed record ImportResult(TransactionResult Transaction, IReadOnlyList<ImportedPatch> Patches);

/// <summary>A patch file could not be read or applied; nothing was changed.</summary>
public sealed class ImportFailedException(string message, string? hint) : CarryException(message, hint);

/// <summary>
/// Turns patch files into patches on top of the stack. Every patch is applied on trees in
/// memory and becomes a commit; then one transaction moves the branch and writes the working
/// tree once. All or nothing: a patch that does not read or apply stops the import before
/// anything changes, and the error names the patch, the file and the hunk.
/// </summary>
public static class Import
{
    /// <summary>Imports <paramref name="items"/> in order on top of the applied patches.</summary>
    /// <param name="session">The open stack.</param>
    /// <param name="items">The patch files, in series order.</param>
    /// <param name="options">Fuzz and binary policy.</param>
    /// <param name="series">A quilt series file's bytes, kept so export can rebuild it (null for other imports).</param>
    /// <param name="command">The command line, for the stack's history.</param>
    /// <param name="others">The series folder's other files (kept with the series for export).</param>
    /// <param name="progress">Told after each patch is read and applied (done, total, file).</param>
    public static ImportResult Run(StackSession session, IReadOnlyList<ImportItem> items, ImportOptions options, byte[]? series, string command,
        IReadOnlyList<(string Path, byte[] Bytes)>? others = null, IProgress<(int, int, string)>? progress = null)
    {
        if (items.Count == 0) throw new CarryException("nothing to import: no patch files were given");
        var objects = session.Repo.Objects;
        var applier = Applier(session);
        var state = session.State;
        var taken = state.All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var user = session.Repo.Author();
        var parent = state.Head;
        var tree = objects.ReadCommit(parent).Tree;
        var imported = new List<ImportedPatch>();
        var patches = new List<Patch>();
        foreach (var item in items)
        {
            var notes = new List<string>();
            var (patch, fit) = Build(session, applier, item, options, parent, tree, taken, user, notes);
            patches.Add(patch);
            imported.Add(new ImportedPatch(patch.Name, item.File, fit, notes));
            parent = patch.Commit;
            tree = fit.Tree!.Value;
            progress?.Report((imported.Count, items.Count, item.File));
        }
        var tx = session.Begin();
        var layer = LayerOrder.DefaultFor(session);
        tx.Applied.AddRange(patches.Select(p => p with { Layer = layer }));
        if (series is not null) tx.Series = SeriesFolder(objects, series, others ?? []);
        return new ImportResult(tx.Execute(command, new("import")), imported);
    }

    /// <summary>
    /// Reads one patch file and applies it on <paramref name="tree"/> (the tree of
    /// <paramref name="parent"/>): a new commit and patch with a fresh id and a name not in
    /// <paramref name="taken"/> (which gets it). Throws <see cref="ImportFailedException"/>
    /// naming the file and hunk when it does not read or apply.
    /// </summary>
    internal static (Patch Patch, TreeApplyResult Fit) Build(StackSession session, TreeApplier applier, ImportItem item, ImportOptions options,
        Oid parent, Oid tree, HashSet<string> taken, Signature user, List<string>? notes = null)
    {
        var objects = session.Repo.Objects;
        // Mails are read as git mailinfo reads them (CRLF, MIME bodies, in-body headers, hg export).
        var bytes = item.Format == "mbox" ? MailInfo.Normalize(item.Bytes) : item.Bytes;
        var applyOptions = new ApplyOptions { Strip = item.Strip, Reverse = item.Reverse, Fuzz = options.Fuzz, BinaryWithoutData = options.BinaryWithoutData,
            IgnoreWhitespace = options.IgnoreWhitespace, Whitespace = options.Whitespace };
        var (patch, fit, strippedCrs) = ReadAndApply(applier, tree, bytes, b => Read(item, b), applyOptions, options.ThreeWay);
        // As git apply ("No valid patches in input") and GNU patch ("Only garbage was found"):
        // a file without a single diff is not a patch, and importing it as an empty one hides the mistake.
        if (patch.Files.Count == 0)
            throw new ImportFailedException($"import stopped: '{Paths.Printable.Of(item.File)}' is not a patch: no valid diff in it\nnothing was changed.",
                "give a unified diff (diff -u, git diff, git format-patch, a quilt patch); leave out files that are not patches.");
        if (strippedCrs) notes?.Add(StrippedCrsNote);
        if (!fit.Succeeded) throw NotApplying(item, patch, fit, options);
        // Names were checked one by one while applying; modes only now (a patch can make .gitmodules a symlink).
        TreeCheck.Require(objects, tree, fit.Tree!.Value, $"patch '{Paths.Printable.Of(item.File)}'");

        var name = PatchName.Unique(NameFor(item, patch), taken);
        taken.Add(name);
        var said = PatchMessage.From(patch, Path.GetFileNameWithoutExtension(item.File));
        if (said.Message.Contains('\0') || (said.AuthorName?.Contains('\0') ?? false) || said.AuthorEmail.Contains('\0'))
            throw new ImportFailedException($"import stopped: the message or author of '{Paths.Printable.Of(item.File)}' contains a NUL byte, which a commit cannot hold\nnothing was changed.",
                "fix the patch's header; a NUL byte usually means the file is binary or corrupted.");
        // As git am: a mail names its author; without a From: there is nobody to credit.
        if (item.Format == "mbox" && said.IsMail && said.AuthorName is null)
            throw new ImportFailedException($"import stopped: mail '{Paths.Printable.Of(item.File)}' has no From: line, so it names no author\nnothing was changed.",
                "add a 'From: Name <email>' line to the mail's headers (git am refuses it too: \"Patch does not have a valid e-mail address\").");
        var author = said.AuthorName is { } who
            ? (said.Date is { } d ? new Signature(who, said.AuthorEmail, d.ToUnixTimeSeconds(), (int)d.Offset.TotalMinutes)
                                  : user with { Name = who, Email = said.AuthorEmail })
            : said.Date is { } d2 ? user with { UnixSeconds = d2.ToUnixTimeSeconds(), OffsetMinutes = (int)d2.Offset.TotalMinutes } : user;
        var data = new CommitData(fit.Tree!.Value, [parent], author, session.Committer, said.Message);
        var commit = objects.WriteCommit(data);
        var source = new PatchSource(item.Format, item.File, objects.WriteBlob(item.Bytes), item.Strip, item.Reverse,
            Fingerprint.Change(objects, tree, fit.Tree.Value), Fingerprint.Message(data));
        return (new Patch(name, Patch.NewId(), commit, source), fit);
    }

    /// <summary>What an import or fold says when it read a patch without its CRs.</summary>
    internal const string StrippedCrsNote = "stripped trailing CRs from the patch (its every line ended with CRLF), as GNU patch does";

    /// <summary>
    /// Reads a patch file's bytes with <paramref name="read"/> and applies them on <paramref name="tree"/>,
    /// as every command that takes a patch file (import, fold) reads it: as GNU patch does, a patch
    /// whose every line ends with CRLF (a mailer or editor did that) is read without the CRs; it is
    /// taken as it is only when that fits instead. StrippedCrs says which was taken.
    /// </summary>
    internal static (PatchFile Patch, TreeApplyResult Fit, bool StrippedCrs) ReadAndApply(TreeApplier applier, Oid tree, byte[] bytes,
        Func<byte[], PatchFile> read, ApplyOptions options, bool threeWay = false)
    {
        var patch = read(bytes);
        var fit = applier.Apply(tree, patch, options, threeWay);
        if (CarriageReturns.AllLinesEndWithCrLf(bytes) && read(CarriageReturns.Strip(bytes)) is var stripped
            && applier.Apply(tree, stripped, options, threeWay) is { Succeeded: true } lf)
            return (stripped, lf, true);
        return (patch, fit, false);
    }

    /// <summary>
    /// A commit on <paramref name="parent"/> holding one patch file's change, message and author
    /// (another tool's unapplied patch, which exists only as a file); throws as an import does when it does not apply.
    /// </summary>
    internal static Oid CommitFromFile(StackSession session, ImportItem item, Oid parent)
    {
        var tree = session.Repo.Objects.ReadCommit(parent).Tree;
        return Build(session, Applier(session), item, new ImportOptions(), parent, tree, [], session.Repo.Author()).Patch.Commit;
    }

    /// <summary>The blob resolver import's applier uses for abbreviated ids.</summary>
    internal static TreeApplier Applier(StackSession session) =>
        new(session.Repo.Objects, id => ResolveBlob(session.Repo, id));

    /// <summary>
    /// The series folder as a tree: the <c>series</c> file plus the files it does not list, so
    /// that export can give the whole folder back. (The listed patch files are kept per patch.)
    /// </summary>
    private static Oid SeriesFolder(ObjectStore objects, byte[] series, IReadOnlyList<(string Path, byte[] Bytes)> others)
    {
        var files = others.Select(o => (RawPath.FromText(o.Path), objects.WriteBlob(o.Bytes)))
            .Append(("series", objects.WriteBlob(series)));
        return TreeOps.Update(objects, ObjectStore.EmptyTree,
            files.Select(f => (f.Item1, (TreeEntry?)new TreeEntry(f.Item1[(f.Item1.LastIndexOf('/') + 1)..], EntryMode.Regular, f.Item2))));
    }

    private static PatchFile Read(ImportItem item, byte[] bytes)
    {
        try
        {
            return UnifiedDiffReader.Parse(bytes, item.File);
        }
        catch (PatchFormatException e)
        {
            throw new ImportFailedException($"import stopped: cannot read patch '{item.File}': {e.Message}\nnothing was changed.",
                "fix the patch file, or leave it out of the series.");
        }
    }

    private static ImportFailedException NotApplying(ImportItem item, PatchFile patch, TreeApplyResult fit, ImportOptions options)
    {
        var sb = new StringBuilder($"import stopped: patch '{Paths.Printable.Of(item.File)}' does not apply:");
        foreach (var p in fit.Problems)
            sb.Append("\n\t").Append(Paths.Printable.QuotedName(p.Path)).Append(p.Hunk > 0 ? $": hunk {p.Hunk}" : "").Append(": ").Append(p.Message);
        sb.Append("\nnothing was changed.");
        string? hint = null;
        if (fit.Problems.Any(p => p.Kind == ApplyFailureKind.BinaryWithoutData))
            hint = "the patch says a binary file changed but carries no data; '--binary-without-data skip' leaves such files as they are (and reports them).";
        else if (fit.Problems.Any(p => p.Kind == ApplyFailureKind.HunkNotFound))
            hint = options.Fuzz < 2 && MoreFuzzCouldHelp(patch, fit, options.Fuzz, item.Strip)
                ? $"the hunk's context was not found exactly; '--fuzz {options.Fuzz + 1}' lets it ignore context lines at its edges (as quilt's --fuzz), or fix the patch."
                : "the hunk's context was not found; fix the patch so that it applies.";
        else if (fit.Problems.Any(p => p.Kind == ApplyFailureKind.UnsafePath || p.Kind is null))
            hint = "carry refuses patches that would write outside the tree, into .git, or through a symbolic link.";
        return new ImportFailedException(sb.ToString(), hint);
    }

    /// <summary>
    /// Fuzz lets a hunk ignore at most its own context lines at each edge: a failing hunk with no
    /// more context than the fuzz already given (one with none at all) fails the same with more,
    /// so suggesting it would only send the user round again. True when some failing hunk has
    /// more, or when a failing hunk cannot be found in the patch (then the hint stays as it was).
    /// </summary>
    private static bool MoreFuzzCouldHelp(PatchFile patch, TreeApplyResult fit, int fuzz, int strip)
    {
        foreach (var problem in fit.Problems.Where(p => p.Kind == ApplyFailureKind.HunkNotFound))
        {
            var file = patch.Files.FirstOrDefault(f => Names(f.NewPath, problem.Path) || Names(f.OldPath, problem.Path));
            if (file is null || problem.Hunk < 1 || problem.Hunk > file.Hunks.Count) return true;
            var hunk = file.Hunks[problem.Hunk - 1];
            if (Math.Max(hunk.LeadingContext, hunk.TrailingContext) > fuzz) return true;
        }
        return false;

        bool Names(PatchPath? path, string name) => path is not null && path.TryStrip(strip, out var stripped, out _) && stripped == name;
    }

    /// <summary>
    /// A patch's name from its file: <c>any/local-foo.diff</c> → <c>any-local-foo</c>; from its
    /// subject for mails (as git format-patch names files).
    /// </summary>
    internal static string NameFor(ImportItem item, PatchFile patch)
    {
        if (item.Format == "mbox" && PatchMessage.IsMailHeader(patch.Header) && patch.Header.Subject is { } subject)
            return PatchName.FromSubject(PatchMessage.StripPatchPrefix(subject));
        return NameForFile(item.File);
    }

    /// <summary>The name a patch file gives: <c>any/local-foo.diff</c> → <c>any-local-foo</c>.</summary>
    internal static string NameForFile(string file)
    {
        foreach (var ext in (string[])[".diff", ".patch", ".dpatch"])
            if (file.EndsWith(ext, StringComparison.OrdinalIgnoreCase) && file.Length > ext.Length) { file = file[..^ext.Length]; break; }
        return Sanitize(file);
    }

    internal static string Sanitize(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+';
            if (ok && !(c == '.' && sb.Length > 0 && sb[^1] == '.')) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var name = sb.ToString().TrimStart('-', '.').TrimEnd('-');
        if (name.Length > PatchName.MaxLength) name = name[..PatchName.MaxLength].TrimEnd('-', '.');
        if (name.EndsWith(".lock", StringComparison.Ordinal)) name += "-patch";
        return PatchName.Problem(name) is null ? name : "patch";
    }

    /// <summary>Abbreviated blob ids from <c>index</c> lines, resolved by git (only on the 3-way path, which is rare).</summary>
    private static Oid? ResolveBlob(CarryRepository repo, string abbreviated) => Revisions.ResolveBlob(repo, abbreviated);
}
