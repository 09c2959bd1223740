using System.Text;

namespace Carry.Git;

/// <summary>
/// A line diff of two texts in process, by libgit2's xdiff (git's own diff code): what
/// range-diff needs to compare two versions of a patch, many times, without a process each.
/// </summary>
public static unsafe class TextDiff
{
    /// <summary>
    /// The hunks of the unified diff from <paramref name="before"/> to <paramref name="after"/>
    /// (3 lines of context; the <c>---</c>/<c>+++</c> header left out): one string per line,
    /// without line ends. Empty when the texts are equal.
    /// </summary>
    public static IReadOnlyList<string> Hunks(string before, string after)
    {
        if (before == after) return [];
        var a = Encoding.UTF8.GetBytes(Clean(before));
        var b = Encoding.UTF8.GetBytes(Clean(after));
        NativeGit.Init();
        nint patch;
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        {
            if (NativeGit.git_patch_from_buffers(out patch, pa, (nuint)a.Length, null, pb, (nuint)b.Length, null, 0) != 0)
                throw new InvalidOperationException("libgit2 could not diff two texts");
        }
        NativeGit.GitBuf buffer = default;
        try
        {
            if (NativeGit.git_patch_to_buf(&buffer, patch) != 0) throw new InvalidOperationException("libgit2 could not print a diff");
            var text = Encoding.UTF8.GetString(buffer.Ptr, (int)buffer.Size);
            var lines = text.Split('\n');
            var first = Array.FindIndex(lines, l => l.StartsWith("@@", StringComparison.Ordinal));
            if (first < 0) return [];
            var end = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
            return lines[first..end];
        }
        finally
        {
            NativeGit.git_buf_dispose(&buffer);
            NativeGit.git_patch_free(patch);
        }
    }

    /// <summary>Lines added plus lines removed from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static int Size(string before, string after) =>
        Hunks(before, after).Count(l => l.Length > 0 && l[0] is '+' or '-');

    /// <summary>The text as it is diffed: a NUL would make xdiff call the text binary; a missing final newline adds a marker line.</summary>
    internal static string Clean(string text)
    {
        text = text.Replace('\0', '?');
        return text.Length == 0 || text[^1] == '\n' ? text : text + "\n";
    }
}
