using System.Text;
using Carry.Operations;

namespace Carry.Git;

/// <summary>
/// git config, read in-process from the same files, in the same order, as git: system, then
/// global (<c>$XDG_CONFIG_HOME/git/config</c>, <c>~/.gitconfig</c>), then the repository's,
/// then <c>git -c</c> and <c>GIT_CONFIG_COUNT</c> values. LibGit2Sharp's
/// <c>Repository.Config</c> is not used: it finds the global and system files through a call
/// whose output buffer NativeAOT's marshalling drops, so under AOT it saw only the
/// repository's own file (and then installed that reduced config into the repository).
/// libgit2 parses the files (includes and includeIf work as in git); the env variables git
/// honours (GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM, GIT_CONFIG_NOSYSTEM) are applied here.
/// </summary>
internal sealed unsafe class GitConfig : IDisposable
{
    private const int LevelSystem = 2, LevelXdg = 3, LevelGlobal = 4, LevelLocal = 5;
    private const int NotFound = -3;

    private readonly nint _config;
    private readonly Dictionary<string, string> _overrides;

    /// <summary>Loads the config seen by the repository whose shared folder is <paramref name="commonDir"/>.</summary>
    public GitConfig(nint repo, string commonDir)
    {
        NativeGit.Init();
        Check(NativeGit.git_config_new(out _config), "config");
        foreach (var (path, level) in Files(commonDir))
            if (File.Exists(path))
                Check(AddFile(path, level, repo), $"bad config file '{path}'");
        _overrides = Overrides(Environment.GetEnvironmentVariable);
    }

    /// <summary>
    /// A boolean read as git reads one (<c>git_parse_maybe_bool</c>): true/yes/on or false/no/off in
    /// any case, an integer (non-zero is true, a k/m/g suffix allowed), an empty value false; null
    /// when unset. Anything else is refused as git refuses it, rather than read as false: a typo in
    /// <c>carry.sync.park=ture</c> silently stopped unattended syncs at their first conflict.
    /// </summary>
    public bool? GetBool(string key)
    {
        if (Get(key) is not { } text) return null;
        var value = text; // not trimmed: git refuses " on " (the file's parser already strips unquoted spaces)
        if (value.Length == 0) return false;
        foreach (var (word, meaning) in BoolWords)
            if (value.Equals(word, StringComparison.OrdinalIgnoreCase)) return meaning;
        var digits = value[^1] is 'k' or 'K' or 'm' or 'M' or 'g' or 'G' ? value[..^1] : value;
        if (long.TryParse(digits, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return number != 0;
        throw new CarryException($"bad boolean config value '{text}' for '{key}'", $"set it to true or false ('git config {key} true').", exitCode: 128);
    }

    private static readonly (string Word, bool Meaning)[] BoolWords =
        [("true", true), ("yes", true), ("on", true), ("false", false), ("no", false), ("off", false)];

    /// <summary>The value git would give for <paramref name="key"/> (the last one set), or null.</summary>
    public string? Get(string key)
    {
        if (_overrides.TryGetValue(Canonical(key), out var given)) return given;
        var buf = default(NativeGit.GitBuf);
        var name = Encoding.UTF8.GetBytes(key + "\0");
        fixed (byte* n = name)
        {
            var rc = NativeGit.git_config_get_string_buf(&buf, _config, n);
            try
            {
                if (rc == NotFound) return null;
                Check(rc, $"config value '{key}'");
                return Encoding.UTF8.GetString(buf.Ptr, (int)buf.Size);
            }
            finally
            {
                NativeGit.git_buf_dispose(&buf);
            }
        }
    }

    /// <summary>The config files git reads, lowest priority first, with their level.</summary>
    private static IEnumerable<(string Path, int Level)> Files(string commonDir)
    {
        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
        if (!IsTrue(Env("GIT_CONFIG_NOSYSTEM")))
        {
            if (Env("GIT_CONFIG_SYSTEM") is { } system) yield return (system, LevelSystem);
            else if (SystemFile() is { } found) yield return (found, LevelSystem);
        }
        if (Env("GIT_CONFIG_GLOBAL") is { } global) yield return (global, LevelGlobal);
        else
        {
            var home = Env("HOME") ?? Env("USERPROFILE");
            var xdg = Env("XDG_CONFIG_HOME") ?? (home is null ? null : Path.Combine(home, ".config"));
            if (xdg is not null) yield return (Path.Combine(xdg, "git", "config"), LevelXdg);
            if (home is not null) yield return (Path.Combine(home, ".gitconfig"), LevelGlobal);
        }
        yield return (Path.Combine(commonDir, "config"), LevelLocal);
    }

    private int AddFile(string path, int level, nint repo)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes) return NativeGit.git_config_add_file_ondisk(_config, p, level, repo, 0);
    }

    /// <summary>Where libgit2 finds the system file (/etc/gitconfig, or Git for Windows' own).</summary>
    private static string? SystemFile()
    {
        var buf = default(NativeGit.GitBuf);
        try
        {
            return NativeGit.git_config_find_system(&buf) == 0 && buf.Size > 0 ? Encoding.UTF8.GetString(buf.Ptr, (int)buf.Size) : null;
        }
        finally
        {
            NativeGit.git_buf_dispose(&buf);
        }
    }

    /// <summary>
    /// Values given on the command line: <c>git -c key=value carry …</c> reaches carry as
    /// GIT_CONFIG_PARAMETERS, and GIT_CONFIG_COUNT/GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n. They
    /// win over every file, as in git.
    /// </summary>
    internal static Dictionary<string, string> Overrides(Func<string, string?> env)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (env("GIT_CONFIG_PARAMETERS") is { Length: > 0 } parameters)
            foreach (var (key, value) in ParseParameters(parameters)) result[Canonical(key)] = value;
        if (int.TryParse(env("GIT_CONFIG_COUNT"), out var count))
            for (var i = 0; i < count; i++)
                if (env($"GIT_CONFIG_KEY_{i}") is { Length: > 0 } key)
                    result[Canonical(key)] = env($"GIT_CONFIG_VALUE_{i}") ?? "";
        return result;
    }

    /// <summary>
    /// GIT_CONFIG_PARAMETERS: shell-single-quoted words, either <c>'key'='value'</c> (git ≥
    /// 2.31) or <c>'key=value'</c> (older git); a key given without a value (<c>'key'=</c>, <c>'key'</c>) means true.
    /// </summary>
    internal static IEnumerable<(string Key, string Value)> ParseParameters(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) yield break;
            var first = Quoted(text, ref i);
            if (first is null) yield break;
            if (i < text.Length && text[i] == '=')
            {
                i++;
                // 'key'= with nothing quoted after it is `git -c key` (no value): a boolean true.
                var value = i < text.Length && text[i] == '\'' ? Quoted(text, ref i) : "true";
                yield return (first, value ?? "");
            }
            else
            {
                var eq = first.IndexOf('=');
                yield return eq < 0 ? (first, "true") : (first[..eq], first[(eq + 1)..]);
            }
        }
    }

    /// <summary>One single-quoted word; <c>'\''</c> and <c>'\!'</c> inside are escaped characters, as git's sq_quote writes them.</summary>
    private static string? Quoted(string text, ref int i)
    {
        var word = new StringBuilder();
        if (i >= text.Length || text[i] != '\'') return null;
        while (i < text.Length && text[i] == '\'')
        {
            var end = text.IndexOf('\'', i + 1);
            if (end < 0) return null;
            word.Append(text, i + 1, end - i - 1);
            i = end + 1;
            if (i + 1 < text.Length && text[i] == '\\') { word.Append(text[i + 1]); i += 2; }
            else break;
        }
        return word.ToString();
    }

    /// <summary>Section and variable names are case-insensitive, subsections are not (as in git).</summary>
    private static string Canonical(string key)
    {
        var firstDot = key.IndexOf('.');
        var lastDot = key.LastIndexOf('.');
        if (firstDot < 0) return key.ToLowerInvariant();
        return key[..firstDot].ToLowerInvariant() + key[firstDot..lastDot] + key[lastDot..].ToLowerInvariant();
    }

    internal static bool IsTrue(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase)
            || value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("on", StringComparison.OrdinalIgnoreCase));

    private static void Check(int rc, string what)
    {
        if (rc < 0)
            throw new CarryException($"could not read git config: {what}", "check the file with 'git config --list --show-origin'.");
    }

    /// <inheritdoc/>
    public void Dispose() => NativeGit.git_config_free(_config);
}
