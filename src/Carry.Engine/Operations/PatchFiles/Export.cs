using System.Text;
using Carry.Formats;
using Carry.Formats.Mbox;
using Carry.Formats.Quilt;
using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.PatchFiles;

/// <summary>One exported patch: its name, the file written, and how it was made.</summary>
/// <param name="Name">The patch.</param>
/// <param name="File">The file written (relative to the export folder), or the mbox file.</param>
/// <param name="Kind">Unchanged, regenerated or new.</param>
public sealed record ExportedPatch(string Name, string File, ExportKind Kind);

/// <summary>
/// Writes the stack out as files: a quilt series folder (every patch, applied or not, in series
/// order) or mails (the applied patches, as <c>git format-patch</c> would). Reads only; the
/// stack does not change.
/// </summary>
public static class Export
{
    /// <summary>
    /// The stack without its private patches (the development kit), which an export, made to share
    /// patches, leaves out unless asked; and the patches left out. Private patches sit below the
    /// others, so the applied ones left still end at the stack's head side.
    /// </summary>
    public static (Model.StackState State, IReadOnlyList<Patch> LeftOut) WithoutPrivate(Model.StackState state)
    {
        var details = state.Details;
        var leftOut = state.All.Where(details.IsPrivate).ToList();
        if (leftOut.Count == 0) return (state, leftOut);
        if (leftOut.Count == state.All.Count())
            throw new CarryException($"nothing to export: every patch is private ({string.Join(", ", leftOut.Select(p => p.Name))}), and private patches are left out",
                "'carry kit export' writes the kit on purpose; '--include-private' exports them anyway.");
        return (state with { Applied = [.. state.Applied.Where(p => !details.IsPrivate(p))], Unapplied = [.. state.Unapplied.Where(p => !details.IsPrivate(p))] }, leftOut);
    }

    /// <summary>Writes <c>series</c> and the patch files into <paramref name="dir"/>.</summary>
    /// <param name="session">The open stack.</param>
    /// <param name="dir">The folder to write; must be empty or new unless <paramref name="overwrite"/>.</param>
    /// <param name="overwrite">Write into a folder that already has files (they are replaced, others left).</param>
    /// <param name="only">Export this state instead of the stack's (the kit export passes its private layer).</param>
    public static IReadOnlyList<ExportedPatch> Quilt(StackSession session, string dir, bool overwrite = false, Model.StackState? only = null)
    {
        RequireEmpty(dir, overwrite);
        var state = only ?? session.State;
        var writer = new PatchWriter(session.Repo);
        var used = new HashSet<string>(StringComparer.Ordinal) { "series" };
        var exported = new List<ExportedPatch>();
        var lines = new List<(string File, int Strip, bool Reverse, string? Original)>();
        var files = new List<(string File, byte[] Bytes)>();
        foreach (var patch in state.All)
        {
            var (bytes, kind) = writer.Write(patch);
            var file = Unique(FileFor(patch), used);
            files.Add((file, bytes));
            exported.Add(new ExportedPatch(patch.Name, file, kind));
            var s = patch.Source;
            lines.Add((file, s?.Strip ?? 1, s?.Reverse ?? false, s?.Format == "quilt" ? s.File : null));
        }
        var objects = session.Repo.Objects;
        var folder = state.Series is { } id ? TreeOps.Diff(objects, ObjectStore.EmptyTree, id) : [];
        var seriesBlob = folder.FirstOrDefault(f => f.Path == "series")?.New?.Id;
        var series = seriesBlob is { } sb
            ? QuiltSeries.Parse(objects.ReadBlob(sb)).Rebuild(lines)
            : QuiltSeries.Write(lines.Select(l => (l.File, l.Strip, l.Reverse)));
        // Names may come from a pulled stack: all are checked before anything is written, and
        // every write stays inside the folder, never through a symbolic link (see ConfinedFolder).
        var others = folder.Where(f => f.Path != "series" && f.New is not null).ToList();
        foreach (var name in others.Select(o => RawPath.ToText(o.Path)).Concat(files.Select(f => f.File))) ConfinedFolder.Check(name);
        var target = new ConfinedFolder(dir);
        // The folder's other files first (a README, other series), so patches win a name clash.
        foreach (var other in others) target.Write(RawPath.ToText(other.Path), objects.ReadBlob(other.New!.Id));
        foreach (var (file, bytes) in files) target.Write(file, bytes);
        target.Write("series", series);
        return exported;
    }

    /// <summary>
    /// The file a patch goes to: its original path when it came from a quilt series and kept
    /// its name; the new name in the same folder with the same extension after a rename; and
    /// <c>NAME.patch</c> for patches that did not come from a series.
    /// </summary>
    private static string FileFor(Patch patch)
    {
        if (patch.Source is not { Format: "quilt" } s) return patch.Name + ".patch";
        if (Import.NameForFile(s.File) == patch.Name) return s.File;
        var ext = Path.GetExtension(s.File);
        var slash = s.File.LastIndexOf('/');
        return (slash < 0 ? "" : s.File[..(slash + 1)]) + patch.Name + (ext.Length > 0 ? ext : ".patch");
    }

    private static string Unique(string file, HashSet<string> used)
    {
        var candidate = file;
        for (var i = 2; !used.Add(candidate); i++)
            candidate = Path.ChangeExtension(file, null) + $"-{i}" + Path.GetExtension(file);
        return candidate;
    }

    /// <summary>
    /// Writes the applied patches as mails: one mbox file, or (<paramref name="asFolder"/>) one
    /// <c>NNNN-name.patch</c> file each, with an optional cover letter. A patch imported from a
    /// mail and unchanged is its original mail, byte for byte; the others come from one
    /// <c>git format-patch</c> run over the applied range.
    /// </summary>
    /// <param name="session">The open stack.</param>
    /// <param name="target">The mbox file, or the folder.</param>
    /// <param name="asFolder">Write a folder of files instead of one mbox.</param>
    /// <param name="coverLetter">Add a cover letter (<c>[PATCH 0/N]</c>) listing the patches.</param>
    /// <param name="only">Export this state instead of the stack's; its applied patches must sit on its base (the kit export passes its private layer).</param>
    public static IReadOnlyList<ExportedPatch> Mbox(StackSession session, string target, bool asFolder, bool coverLetter, Model.StackState? only = null)
    {
        var state = only ?? session.State;
        if (state.Applied.Count == 0) throw new CarryException("no patch is applied: nothing to export", "mbox export writes the applied patches; 'carry push -a' applies them all.");
        if (asFolder) RequireEmpty(target, false);
        var writer = new PatchWriter(session.Repo);
        Dictionary<string, byte[]>? generated = null;
        var mails = new List<(Patch Patch, byte[] Bytes, ExportKind Kind)>();
        foreach (var patch in state.Applied)
        {
            var (bytes, kind) = writer.Write(patch);
            if (kind == ExportKind.Unchanged && IsMail(bytes))
            {
                mails.Add((patch, bytes, kind));
                continue;
            }
            generated ??= FormatPatchRange(session, state);
            mails.Add((patch, generated[patch.Commit.Hex], kind == ExportKind.Unchanged ? ExportKind.Regenerated : kind));
        }
        var exported = new List<ExportedPatch>();
        var outputs = new List<(string File, byte[] Bytes)>();
        if (coverLetter) outputs.Add(("0000-cover-letter.patch", CoverLetter(session, state)));
        for (var i = 0; i < mails.Count; i++)
        {
            var file = $"{i + 1:0000}-{mails[i].Patch.Name}.patch";
            outputs.Add((file, mails[i].Bytes));
            exported.Add(new ExportedPatch(mails[i].Patch.Name, asFolder ? file : Path.GetFileName(target), mails[i].Kind));
        }
        if (asFolder)
        {
            foreach (var (file, _) in outputs) ConfinedFolder.Check(file);
            var folder = new ConfinedFolder(target);
            foreach (var (file, bytes) in outputs) folder.Write(file, bytes);
        }
        else
        {
            using var stream = File.Create(target);
            foreach (var (_, bytes) in outputs)
            {
                stream.Write(bytes);
                // Mails in an mbox are separated by a blank line; git format-patch output has one already.
                if (!bytes.AsSpan().EndsWith("\n\n"u8)) stream.Write("\n"u8);
            }
        }
        return exported;
    }

    /// <summary>A mail that can stand in an mbox: it starts with the <c>From </c> separator line.</summary>
    private static bool IsMail(byte[] bytes)
    {
        var nl = Array.IndexOf(bytes, (byte)'\n');
        return nl > 0 && MboxReader.IsFromLine(bytes.AsSpan(0, nl + 1));
    }

    private static Dictionary<string, byte[]> FormatPatchRange(StackSession session, Model.StackState state)
    {
        var all = Diffs.FormatPatches(session.Repo, state.Base, state.Head);
        var byCommit = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var mail in MboxReader.Split(all))
        {
            var first = Encoding.ASCII.GetString(mail, 0, Math.Min(mail.Length, 45));
            if (first.StartsWith("From ", StringComparison.Ordinal) && first.Length >= 45) byCommit[first[5..45]] = mail;
        }
        return byCommit;
    }

    private static byte[] CoverLetter(StackSession session, Model.StackState state)
    {
        var who = session.Committer;
        var objects = session.Repo.Objects;
        var sb = new StringBuilder();
        sb.Append("From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n");
        sb.Append($"From: {who.Identity}\nDate: {PatchWriter.MailDate(who)}\n");
        sb.Append($"Subject: [PATCH 0/{state.Applied.Count}] {state.Branch}: {state.Applied.Count} patches on {state.BaseName}\n\n");
        sb.Append($"{state.Applied.Count} patches on {state.BaseName} ({state.Base.Short}):\n\n");
        for (var i = 0; i < state.Applied.Count; i++)
            sb.Append($"  {i + 1,3}. {state.Applied[i].Name}: {objects.ReadCommit(state.Applied[i].Commit).Subject}\n");
        sb.Append("\n-- \ncarry\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void RequireEmpty(string dir, bool overwrite)
    {
        if (overwrite || !Directory.Exists(dir) || !Directory.EnumerateFileSystemEntries(dir).Any()) return;
        throw new CarryException($"'{dir}' is not empty", "export into a new or empty folder (or pass --force to write over files there).");
    }
}
