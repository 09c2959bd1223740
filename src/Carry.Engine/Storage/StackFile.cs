using System.Collections.Immutable;
using System.Text;
using Carry.Git;
using Carry.Model;

namespace Carry.Storage;

/// <summary>
/// The versioned text form of a <see cref="StackState"/>, stored as the blob <c>stack</c> in
/// every state commit. One fact per line, so diffs between states read naturally. See
/// docs/storage.md for the grammar; unknown lines and <c>key=value</c> attributes are an
/// error so that an older Carry never silently drops what a newer one wrote. Version 2 added
/// layers, guards, upstream status, retired patches, versions and resolutions; version 1
/// files are still read.
/// </summary>
public static class StackFile
{
    /// <summary>The format version this Carry writes and reads.</summary>
    public const int Version = 2;

    /// <summary>Serialises a state.</summary>
    public static string Format(StackState state)
    {
        var sb = new StringBuilder();
        sb.Append("carry-stack ").Append(Version).Append('\n');
        sb.Append("branch ").Append(state.Branch).Append('\n');
        sb.Append("base ").Append(state.Base.Hex).Append(' ').Append(state.BaseRef).Append('\n');
        if (state.Series is { } series) sb.Append("series ").Append(series.Hex).Append('\n');
        AppendDetails(sb, state.Details);
        foreach (var p in state.Applied) AppendPatch(sb, "applied", p);
        foreach (var p in state.Unapplied) AppendPatch(sb, "unapplied", p);
        foreach (var p in state.Details.Retired) AppendPatch(sb, "retired", p);
        if (state.Sync is { } sync) AppendSync(sb, sync);
        return sb.ToString();
    }

    private static void AppendDetails(StringBuilder sb, StackDetails d)
    {
        // The built-in layers are implied; once any differs, the whole ordered list is written.
        if (d.Layers != Layer.Defaults)
            foreach (var l in d.Layers) sb.Append("layer ").Append(l.Name).Append(' ').Append(Layer.RuleName(l.Rule)).Append('\n');
        if (!d.SelectedGuards.IsEmpty) sb.Append("select ").Append(string.Join(' ', d.SelectedGuards)).Append('\n');
        if (d.Resolutions is { } r) sb.Append("resolutions ").Append(r.Hex).Append('\n');
        if (d.FinishedOn is { } f) sb.Append("finished-on ").Append(f.Hex).Append('\n');
        if (d.TestResults is { } t) sb.Append("tests ").Append(t.Hex).Append('\n');
        foreach (var v in d.Versions) sb.Append("version ").Append(v.State.Hex).Append(' ').Append(PercentEncode(v.Name)).Append('\n');
    }

    private static void AppendPatch(StringBuilder sb, string where, Patch p)
    {
        sb.Append(where).Append(' ').Append(p.Commit.Hex).Append(' ').Append(p.Name).Append(" id=").Append(p.Id);
        if (p.Source is { } s)
        {
            sb.Append(" origin=").Append(s.Format).Append(" file=").Append(PercentEncode(s.File))
              .Append(" source=").Append(s.Blob.Hex).Append(" strip=").Append(s.Strip);
            if (s.Reverse) sb.Append(" reverse=1");
            sb.Append(" change=").Append(s.Change).Append(" message=").Append(s.Message);
        }
        if (p.Layer != Layer.Upstream) sb.Append(" layer=").Append(p.Layer);
        if (!p.Guards.IsEmpty) sb.Append(" guards=").Append(string.Join(',', p.Guards));
        if (p.Hidden) sb.Append(" hidden=1");
        AppendStatus(sb, p.Status);
        if (p.Probable is { } probable) sb.Append(" probable=").Append(EvidenceWord(probable));
        // Parked means "unapplied, waiting": a patch applied since (by push or sync) is no longer parked.
        if (p.Parked is { } parked && where != "applied") ParkedFile.Append(sb, parked);
        sb.Append('\n');
    }

    private static void AppendSync(StringBuilder sb, SyncProgress sync)
    {
        sb.Append("sync onto=").Append(PercentEncode(sync.OntoRef)).Append(" from=").Append(sync.From.Hex)
          .Append(" stopped=").Append(sync.Stopped);
        if (!sync.Todo.IsEmpty) sb.Append(" todo=").Append(string.Join(',', sync.Todo));
        if (sync.Upstream is { } upstream) sb.Append(" upstream=").Append(upstream.Hex);
        sb.Append('\n');
        foreach (var e in sync.Done)
        {
            sb.Append("sync-done ").Append(e.Name).Append(" id=").Append(e.Id).Append(" outcome=").Append(SyncEntry.OutcomeName(e.Outcome));
            if (e.Evidence is { } evidence) sb.Append(" evidence=").Append(EvidenceWord(evidence));
            if (!e.Applied) sb.Append(" applied=0");
            if (e.Reason is { } reason) sb.Append(" reason=").Append(PercentEncode(reason));
            if (e.Cause is { } cause) sb.Append(" cause=").Append(cause.Hex);
            if (e.Review) sb.Append(" review=1");
            sb.Append('\n');
        }
    }

    private static SyncProgress ParseSync(string[] words, int lineNumber)
    {
        var a = Attributes(words.Skip(1), lineNumber);
        string Need(string key) => a.TryGetValue(key, out var v) ? v : throw new FormatException($"line {lineNumber}: sync without '{key}'");
        var todo = a.TryGetValue("todo", out var t) ? t.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        return new SyncProgress(PercentDecode(Need("onto"), lineNumber), ObjectId(lineNumber, Need("from")), Need("stopped"), todo, [])
        {
            Upstream = a.TryGetValue("upstream", out var u) ? ObjectId(lineNumber, u) : null,
        };
    }

    private static SyncEntry ParseSyncEntry(string[] words, int lineNumber)
    {
        var a = Attributes(words.Skip(2), lineNumber);
        if (!a.TryGetValue("id", out var id) || !a.TryGetValue("outcome", out var word) || SyncEntry.ParseOutcome(word) is not { } outcome)
            throw new FormatException($"line {lineNumber}: bad sync report line");
        return new SyncEntry(words[1], id, outcome,
            a.TryGetValue("evidence", out var e) ? ParseEvidence(e, lineNumber) : null,
            !(a.TryGetValue("applied", out var applied) && applied == "0"))
        {
            Reason = a.TryGetValue("reason", out var reason) ? PercentDecode(reason, lineNumber) : null,
            Cause = a.TryGetValue("cause", out var cause) ? ObjectId(lineNumber, cause) : null,
            Review = a.TryGetValue("review", out var review) && review == "1",
        };
    }

    private static Dictionary<string, string> Attributes(IEnumerable<string> words, int lineNumber)
    {
        var a = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var w in words)
        {
            var eq = w.IndexOf('=');
            if (eq <= 0) throw new FormatException($"line {lineNumber}: expected key=value, got '{w}'");
            a[w[..eq]] = w[(eq + 1)..];
        }
        return a;
    }

    private static void AppendStatus(StringBuilder sb, UpstreamStatus s)
    {
        if (s == UpstreamStatus.Local) return;
        sb.Append(" status=").Append(UpstreamStatus.KindName(s.Kind));
        if (s.Url is { } url) sb.Append(" url=").Append(PercentEncode(url));
        if (s.Sent is { } sent) sb.Append(" sent=").Append(sent.Hex);
        if (s.Reason is { } reason) sb.Append(" reason=").Append(PercentEncode(reason));
        if (s.Evidence is { } e) sb.Append(" evidence=").Append(EvidenceWord(e));
    }

    /// <summary>Evidence in one word: <c>how:similarity:commit,commit</c>.</summary>
    private static string EvidenceWord(LandingEvidence e) =>
        $"{LandingEvidence.KindName(e.How)}:{e.Similarity}:{string.Join(',', e.Upstream.Select(u => u.Hex))}";

    private static LandingEvidence ParseEvidence(string word, int lineNumber)
    {
        var parts = word.Split(':');
        if (parts.Length != 3 || LandingEvidence.ParseKind(parts[0]) is not { } how || !int.TryParse(parts[1], out var similarity))
            throw new FormatException($"line {lineNumber}: bad landing evidence '{word}'");
        var commits = parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(h => ObjectId(lineNumber, h));
        return new LandingEvidence(how, new ValueList<Oid>(commits), similarity);
    }

    /// <summary>
    /// An object id read from a record, refused as a bad line like any other malformed field: a
    /// pulled stack is someone else's text, and <see cref="Oid"/>'s own check is an ArgumentException (a bug, to a caller).
    /// </summary>
    private static Oid ObjectId(int lineNumber, string hex) => ObjectId($"line {lineNumber}", hex);

    /// <summary>The id <paramref name="hex"/> names, or a <see cref="FormatException"/> saying <paramref name="where"/>.</summary>
    internal static Oid ObjectId(string where, string hex) =>
        Oid.IsValid(hex) ? new Oid(hex) : throw new FormatException($"{where}: '{(hex.Length > 60 ? hex[..60] + "..." : hex)}' is not an object id");

    /// <summary>Parses a state; throws <see cref="FormatException"/> naming the bad line.</summary>
    public static StackState Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith("carry-stack ", StringComparison.Ordinal))
            throw new FormatException("not a carry stack description");
        if (!int.TryParse(lines[0]["carry-stack ".Length..], out var version) || version is < 1 or > Version)
            throw new FormatException($"stack format version '{lines[0][12..]}' is not supported by this carry (it reads version {Version}); upgrade carry");
        string? branch = null, baseRef = null;
        Oid? baseId = null, series = null;
        var applied = ImmutableList.CreateBuilder<Patch>();
        var unapplied = ImmutableList.CreateBuilder<Patch>();
        var retired = new List<Patch>();
        var layers = new List<Layer>();
        var versions = new List<StackVersion>();
        string[] selected = [];
        Oid? resolutions = null, tests = null, finishedOn = null;
        SyncProgress? sync = null;
        for (var n = 1; n < lines.Length; n++)
        {
            var line = lines[n];
            if (line.Length == 0) continue;
            var words = line.Split(' ');
            switch (words[0])
            {
                case "branch" when words.Length == 2: branch = words[1]; break;
                case "base" when words.Length == 3: baseId = ObjectId(n + 1, words[1]); baseRef = words[2]; break;
                case "series" when words.Length == 2: series = ObjectId(n + 1, words[1]); break;
                case "applied" or "unapplied" when words.Length >= 3:
                    var patch = ParsePatch(words, n + 1);
                    (words[0] == "applied" ? applied : unapplied).Add(patch);
                    break;
                case "retired" when version >= 2 && words.Length >= 3: retired.Add(ParsePatch(words, n + 1)); break;
                case "layer" when version >= 2 && words.Length == 3 && Layer.ParseRule(words[2]) is { } rule:
                    layers.Add(new Layer(words[1], rule));
                    break;
                case "select" when version >= 2: selected = words[1..]; break;
                case "resolutions" when version >= 2 && words.Length == 2: resolutions = ObjectId(n + 1, words[1]); break;
                case "tests" when version >= 2 && words.Length == 2: tests = ObjectId(n + 1, words[1]); break;
                case "finished-on" when version >= 2 && words.Length == 2: finishedOn = ObjectId(n + 1, words[1]); break;
                case "sync" when version >= 2 && sync is null: sync = ParseSync(words, n + 1); break;
                case "sync-done" when sync is not null && words.Length >= 2:
                    sync = sync with { Done = sync.Done.Add(ParseSyncEntry(words, n + 1)) };
                    break;
                case "version" when version >= 2 && words.Length == 3:
                    versions.Add(new StackVersion(PercentDecode(words[2], n + 1), ObjectId(n + 1, words[1])));
                    break;
                default: throw new FormatException($"line {n + 1}: unexpected '{line}'");
            }
        }
        if (branch is null || baseId is null || baseRef is null)
            throw new FormatException("stack description lacks its branch or base");
        var details = new StackDetails(layers.Count == 0 ? Layer.Defaults : new ValueList<Layer>(layers), selected,
            new ValueList<Patch>(retired), new ValueList<StackVersion>(versions), resolutions) { TestResults = tests, FinishedOn = finishedOn };
        return new StackState(branch, baseRef, baseId.Value, applied.ToImmutable(), unapplied.ToImmutable(), series) { Details = details, Sync = sync };
    }

    private static Patch ParsePatch(string[] words, int lineNumber)
    {
        var commit = ObjectId(lineNumber, words[1]);
        string? id = null;
        var source = new Dictionary<string, string>(StringComparer.Ordinal);
        var status = new Dictionary<string, string>(StringComparer.Ordinal);
        string layer = Layer.Upstream;
        ValueList<string> guards = [];
        LandingEvidence? probable = null;
        var hidden = false;
        var parked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attr in words.Skip(3))
        {
            var eq = attr.IndexOf('=');
            var (key, value) = eq < 0 ? (attr, "") : (attr[..eq], attr[(eq + 1)..]);
            if (key == "id") id = value;
            else if (SourceKeys.Contains(key)) source[key] = value;
            else if (key == "layer") layer = value;
            else if (key == "guards") guards = value.Split(',', StringSplitOptions.RemoveEmptyEntries);
            else if (key == "hidden") hidden = value == "1";
            else if (key == "probable") probable = ParseEvidence(value, lineNumber);
            else if (ParkedFile.Keys.Contains(key)) parked[key] = value;
            else if (StatusKeys.Contains(key)) status[key] = value;
            else throw new FormatException($"line {lineNumber}: unknown patch attribute '{key}'");
        }
        return new Patch(words[2], id ?? throw new FormatException($"line {lineNumber}: patch without id"), commit,
            source.Count == 0 ? null : ParseSource(source, lineNumber))
        {
            Layer = layer,
            Guards = guards,
            Status = status.Count == 0 ? UpstreamStatus.Local : ParseStatus(status, lineNumber),
            Probable = probable,
            Hidden = hidden,
            Parked = parked.Count == 0 ? null : ParkedFile.Parse(parked, lineNumber),
        };
    }

    private static readonly HashSet<string> StatusKeys = ["status", "url", "sent", "reason", "evidence"];

    private static UpstreamStatus ParseStatus(Dictionary<string, string> a, int lineNumber)
    {
        if (!a.TryGetValue("status", out var word) || UpstreamStatus.ParseKind(word) is not { } kind)
            throw new FormatException($"line {lineNumber}: status attributes without a valid 'status'");
        return new UpstreamStatus(kind,
            a.TryGetValue("url", out var url) ? PercentDecode(url, lineNumber) : null,
            a.TryGetValue("sent", out var sent) ? ObjectId(lineNumber, sent) : null,
            a.TryGetValue("reason", out var reason) ? PercentDecode(reason, lineNumber) : null,
            a.TryGetValue("evidence", out var e) ? ParseEvidence(e, lineNumber) : null);
    }

    private static readonly HashSet<string> SourceKeys = ["origin", "file", "source", "strip", "reverse", "change", "message"];

    /// <summary>The import attributes come as a group: all of them (reverse optional) or none.</summary>
    private static PatchSource ParseSource(Dictionary<string, string> a, int lineNumber)
    {
        string Need(string key) => a.TryGetValue(key, out var v) ? v
            : throw new FormatException($"line {lineNumber}: import attributes without '{key}'");
        if (!int.TryParse(Need("strip"), out var strip) || strip < 0)
            throw new FormatException($"line {lineNumber}: bad strip level '{a["strip"]}'");
        var reverse = a.TryGetValue("reverse", out var r) && r == "1";
        return new PatchSource(Need("origin"), PercentDecode(Need("file"), lineNumber), ObjectId(lineNumber, Need("source")), strip, reverse,
            Need("change"), Need("message"));
    }

    /// <summary>A byte a %-encoded word keeps as it is: ASCII letters and digits and <c>._-+/,@~</c>.</summary>
    internal static bool IsPlain(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'_' or (byte)'-' or (byte)'+' or (byte)'/' or (byte)',' or (byte)'@' or (byte)'~';

    /// <summary>
    /// Bytes outside a small safe set become <c>%XX</c> (of the UTF-8 form), so any file name fits
    /// in one space-separated word and the line stays readable for ordinary names.
    /// </summary>
    internal static string PercentEncode(string text)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (IsPlain(b))
                sb.Append((char)b);
            else
                sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }

    internal static string PercentDecode(string word, int lineNumber)
    {
        var bytes = new List<byte>(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            if (word[i] != '%') { bytes.Add((byte)word[i]); continue; }
            if (i + 2 >= word.Length || !byte.TryParse(word.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
                throw new FormatException($"line {lineNumber}: bad %-escape in '{word}'");
            bytes.Add(b);
            i += 2;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
