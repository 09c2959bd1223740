namespace Carry.Git;

/// <summary>
/// Lock files created with their content in one step: the content is written to a private file,
/// which is then given the lock's name with <c>link()</c> (it fails if the name exists). A lock
/// made so is never empty or half-written, even when its writer is killed (kill -9) at any
/// moment, so a later run can always tell by its content whether it is its own (a lock created
/// empty and filled afterwards looks, after a kill between the two, like any other program's).
/// </summary>
internal static class ExclusiveFile
{
    /// <summary>
    /// Creates <paramref name="path"/> holding <paramref name="content"/>, written first to
    /// <paramref name="temp"/> (a private name in the same file system, removed afterwards);
    /// false if something has the name <paramref name="path"/> already.
    /// </summary>
    public static bool TryCreate(string path, byte[] content, string temp)
    {
        File.WriteAllBytes(temp, content);
        try
        {
            return TryLink(temp, path);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Gives the file at <paramref name="source"/> the name <paramref name="path"/> as well, in one
    /// step, only if nothing has that name; false if something has. The caller deletes
    /// <paramref name="source"/> afterwards.
    /// </summary>
    public static bool TryLink(string source, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING: the file system refuses an existing name.
            try
            {
                File.Move(source, path, overwrite: false);
                return true;
            }
            catch (IOException e) when (e is not DirectoryNotFoundException && File.Exists(path))
            {
                return false;
            }
        }
        if (Libc.Link(source, path) == 0) return true;
        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno == Libc.EEXIST) return false;
        // A file system without hard links: the name is created exclusively (O_EXCL), then filled;
        // a reader meeting it before its content treats it as a live lock (RepoLock.UnreadableGrace).
        try
        {
            using var created = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            created.Write(File.ReadAllBytes(source));
            return true;
        }
        catch (IOException e) when (e is not DirectoryNotFoundException && File.Exists(path))
        {
            return false;
        }
    }
}
