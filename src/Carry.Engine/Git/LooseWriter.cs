using System.Text;

namespace Carry.Git;

/// <summary>
/// Writes a few new objects as loose files, the way git does (zlib of "type size\0body" in
/// objects/xx/…, made under a temporary name and linked into place, read-only). Done here
/// rather than through libgit2's odb write: that one hashes each object again with the
/// collision-detecting SHA-1 and makes each file through its own lock-file machinery, which was
/// an eighth of a small sync's time; the ids are already known, and the files are independent,
/// so they are written on every core.
/// </summary>
internal static class LooseWriter
{
    /// <summary>Writes objects the repository lacks (the caller has checked).</summary>
    public static void Write(string objectsDir, IReadOnlyList<(Oid Id, int Type, byte[] Body)> objects) =>
        Parallel.For(0, objects.Count, i => WriteOne(objectsDir, objects[i].Id, objects[i].Type, objects[i].Body));

    private static void WriteOne(string objectsDir, Oid id, int type, byte[] body)
    {
        var hex = id.Hex;
        var dir = Path.Combine(objectsDir, hex[..2]);
        var final = Path.Combine(dir, hex[2..]);
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $"tmp_obj_carry_{Environment.ProcessId}_{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        try
        {
            using (var file = new FileStream(tmp, options))
                ZlibBody.Write(file, Encoding.ASCII.GetBytes($"{ObjectFormat.TypeName(type)} {body.Length}\0"), body);
            // Without overwrite, .NET links the file into place, so an object another process
            // wrote meanwhile is left alone (same id, same content).
            File.Move(tmp, final, overwrite: false);
        }
        catch (IOException) when (File.Exists(final))
        {
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
