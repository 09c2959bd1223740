using System.Text;

namespace Carry.Tests.Stories.PatchFiles.Parity;

/// <summary>One file, link, gitlink or loose blob of a case's starting tree.</summary>
/// <param name="Kind"><c>file</c>, <c>link</c>, <c>gitlink</c> or <c>object</c> (a blob only in the object store).</param>
/// <param name="Path">Tree path (empty for an object).</param>
/// <param name="Mode">100644, 100755, 120000 or 160000.</param>
/// <param name="Content">The bytes (for a gitlink: the commit id as text).</param>
public sealed record ParityEntry(string Kind, string Path, string Mode, byte[] Content);

/// <summary>
/// A test vector: a starting tree, a patch (or mail), the tool it is compared with and the
/// expected verdict. Written by hand from the cases of git's t/t41xx and t4150 scripts and of
/// GNU patch's and quilt's tests (see Vectors/README.md for the file format).
/// </summary>
public sealed record ParityCase(string Corpus, string File, string Name, string From, string Tool, IReadOnlyList<string> Args,
    string Expect, IReadOnlyList<ParityEntry> Tree, byte[] Patch, IReadOnlyList<(string Key, string Value)> Config)
{
    /// <summary>"git/apply-rename.vec:rename-with-edit": unique, stable, readable in test output.</summary>
    public string Id => $"{Corpus}/{System.IO.Path.GetFileName(File)}:{Name}";

    /// <summary>True when the vector expects Carry and the peer to agree.</summary>
    public bool ExpectsSame => Expect == "same";

    /// <summary>The documented difference's key (the text after <c>differ</c>), or null.</summary>
    public string? DifferenceKey => Expect.StartsWith("differ ", StringComparison.Ordinal) ? Expect[7..].Trim() : null;

    public override string ToString() => Id;

    /// <summary>Every case of every vector file under <paramref name="folder"/>.</summary>
    public static List<ParityCase> Load(string folder)
    {
        var cases = new List<ParityCase>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.vec", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            cases.AddRange(Parse(System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(file))!, file, System.IO.File.ReadAllBytes(file)));
        return cases;
    }

    /// <summary>Reads one vector file: sections start with lines <c>%% WORD ARGS</c>; the lines up to the next one are the section's bytes.</summary>
    public static List<ParityCase> Parse(string corpus, string file, byte[] bytes)
    {
        var cases = new List<ParityCase>();
        Builder? current = null;
        (string Word, string[] Args)? section = null;
        var body = new List<byte>();
        var lineNo = 0;
        void Close()
        {
            if (section is { } s && current is not null) current.Add(s.Word, s.Args, body.ToArray(), file, lineNo);
            body.Clear();
            section = null;
        }
        var pos = 0;
        while (pos < bytes.Length)
        {
            var nl = Array.IndexOf(bytes, (byte)'\n', pos);
            var end = nl < 0 ? bytes.Length : nl + 1;
            var line = bytes.AsSpan(pos, end - pos);
            lineNo++;
            if (line.StartsWith("%% "u8))
            {
                Close();
                var words = Encoding.UTF8.GetString(line[3..]).TrimEnd('\n', '\r').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words[0] == "case")
                {
                    if (current is not null) cases.Add(current.Build());
                    current = new Builder(corpus, file, words[1]);
                }
                else if (current is null) throw new FormatException($"{file}:{lineNo}: '%% {words[0]}' before '%% case'");
                else if (words[0] is "from" or "tool" or "args" or "expect" or "config")
                    current.Set(words[0], words[1..], file, lineNo);
                else section = (words[0], words[1..]);
            }
            else if (section is not null) body.AddRange(line.ToArray());
            else if (!line.StartsWith("#"u8) && line.Trim("\r\n \t"u8).Length > 0)
                throw new FormatException($"{file}:{lineNo}: text outside a section");
            pos = end;
        }
        Close();
        if (current is not null) cases.Add(current.Build());
        return cases;
    }

    private sealed class Builder(string corpus, string file, string name)
    {
        private string _from = "", _tool = "apply", _expect = "same";
        private string[] _args = [];
        private readonly List<ParityEntry> _tree = [];
        private readonly List<(string, string)> _config = [];
        private byte[]? _patch;

        public void Set(string word, string[] args, string where, int line)
        {
            switch (word)
            {
                case "from": _from = string.Join(' ', args); break;
                case "tool": _tool = args[0]; break;
                case "args": _args = args; break;
                case "expect": _expect = string.Join(' ', args); break;
                case "config": _config.Add((args[0], args[1])); break;
            }
            if (_tool is not ("apply" or "am" or "patch")) throw new FormatException($"{where}:{line}: unknown tool '{_tool}'");
        }

        public void Add(string word, string[] args, byte[] body, string where, int line)
        {
            var flags = args.ToHashSet(StringComparer.Ordinal);
            body = Transform(body, flags);
            switch (word)
            {
                case "file":
                    _tree.Add(new ParityEntry("file", args[0], args.Skip(1).FirstOrDefault(a => a.All(char.IsAsciiDigit)) ?? "100644", body));
                    break;
                case "link":
                    _tree.Add(new ParityEntry("link", args[0], "120000", Transform(body, new HashSet<string> { "noeol" })));
                    break;
                case "gitlink":
                    _tree.Add(new ParityEntry("gitlink", args[0], "160000", Encoding.ASCII.GetBytes(args[1])));
                    break;
                case "object":
                    _tree.Add(new ParityEntry("object", "", "100644", body));
                    break;
                case "patch":
                    _patch = body;
                    break;
                default:
                    throw new FormatException($"{where}:{line}: unknown section '%% {word}'");
            }
        }

        /// <summary><c>noeol</c> drops the last newline; <c>crlf</c> turns every LF into CRLF; <c>base64</c> decodes.</summary>
        private static byte[] Transform(byte[] body, IReadOnlySet<string> flags)
        {
            if (flags.Contains("base64")) return Convert.FromBase64String(Encoding.ASCII.GetString(body));
            if (flags.Contains("noeol") && body.Length > 0 && body[^1] == (byte)'\n') body = body[..^1];
            if (flags.Contains("crlf"))
            {
                var text = new List<byte>(body.Length + body.Length / 16);
                foreach (var b in body)
                {
                    if (b == (byte)'\n') text.Add((byte)'\r');
                    text.Add(b);
                }
                body = text.ToArray();
            }
            return body;
        }

        public ParityCase Build() =>
            new(corpus, file, name, _from, _tool, _args, _expect, _tree,
                _patch ?? throw new FormatException($"{file}: case '{name}' has no '%% patch'"), _config);
    }
}
