namespace Carry.Paths;

/// <summary>
/// Writes a file whole or not at all, and never through a link: the bytes go to a new file beside
/// it (created, never opened if something is already at that name), which is then renamed over
/// the target; a rename replaces a link at the target, it does not follow it. A kill leaves either
/// the old file or the new one, and at worst the new file under its temporary name.
/// </summary>
public static class ReplacedFile
{
    /// <summary>
    /// Replaces <paramref name="target"/> with <paramref name="bytes"/>. The temporary file is named
    /// <paramref name="tempPrefix"/>, the process id, a dash, a random part and <c>.tmp</c>, so that
    /// what a killed run left can be found and removed by its prefix and process id.
    /// </summary>
    public static void Write(string target, ReadOnlySpan<byte> bytes, string tempPrefix)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(target))!, $"{tempPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                stream.Write(bytes);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }
}
