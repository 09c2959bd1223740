using System.Runtime.InteropServices;

namespace Carry.Git;

/// <summary>
/// The few libgit2 entry points LibGit2Sharp does not expose, or exposes in a way NativeAOT
/// breaks: raw object reads and writes (byte-faithful, so non-UTF-8 file names survive), the
/// 3-way file merge, config and branch upstreams (LibGit2Sharp passes their output buffer as a
/// class, which NativeAOT marshals in only: the result never comes back). The library
/// name is the one bundled by LibGit2Sharp.NativeBinaries 2.0.324; it changes with every
/// NativeBinaries release, so the LibGit2Sharp version is pinned in the project file.
/// </summary>
internal static unsafe partial class NativeGit
{
    private const string Lib = "git2-5853918";

    [LibraryImport(Lib)]
    internal static partial int git_libgit2_init();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int git_repository_open(out nint repo, string path);

    [LibraryImport(Lib)]
    internal static partial void git_repository_free(nint repo);

    [LibraryImport(Lib)]
    internal static partial byte* git_repository_path(nint repo);

    [LibraryImport(Lib)]
    internal static partial byte* git_repository_workdir(nint repo);

    [LibraryImport(Lib)]
    internal static partial byte* git_repository_commondir(nint repo);

    [LibraryImport(Lib)]
    internal static partial int git_repository_is_bare(nint repo);

    [LibraryImport(Lib)]
    internal static partial int git_reference_name_to_id(byte* oid, nint repo, byte* name);

    /// <summary>libgit2's last error: <c>{ char *message; int klass; }</c>.</summary>
    [LibraryImport(Lib)]
    internal static partial nint* git_error_last();

    /// <summary>The message of libgit2's last error on this thread.</summary>
    internal static string LastError() =>
        git_error_last() is var e && e != null && e[0] != 0 ? Marshal.PtrToStringUTF8(e[0]) ?? "unknown error" : "unknown error";

    /// <summary>A path libgit2 returned (UTF-8, NUL-terminated), or null.</summary>
    internal static string? PathOf(byte* p) => p == null ? null : Marshal.PtrToStringUTF8((nint)p);

    [LibraryImport(Lib)]
    internal static partial int git_repository_odb(out nint odb, nint repo);

    [LibraryImport(Lib)]
    internal static partial void git_odb_free(nint odb);

    [LibraryImport(Lib)]
    internal static partial int git_odb_read(out nint obj, nint odb, byte* oid);

    [LibraryImport(Lib)]
    internal static partial int git_odb_exists(nint odb, byte* oid);

    [LibraryImport(Lib)]
    internal static partial nint git_odb_object_data(nint obj);

    [LibraryImport(Lib)]
    internal static partial nuint git_odb_object_size(nint obj);

    [LibraryImport(Lib)]
    internal static partial int git_odb_object_type(nint obj);

    [LibraryImport(Lib)]
    internal static partial void git_odb_object_free(nint obj);

    [LibraryImport(Lib)]
    internal static partial int git_odb_refresh(nint odb);

    [LibraryImport(Lib)]
    internal static partial int git_odb_write(byte* oid, nint odb, byte* data, nuint len, int type);

    [LibraryImport(Lib)]
    internal static partial int git_merge_file(MergeFileResult* result, MergeFileInput* ancestor,
        MergeFileInput* ours, MergeFileInput* theirs, MergeFileOptions* options);

    [LibraryImport(Lib)]
    internal static partial void git_merge_file_result_free(MergeFileResult* result);

    [LibraryImport(Lib)]
    internal static partial int git_patch_from_buffers(out nint patch, byte* oldBuffer, nuint oldLen, byte* oldPath,
        byte* newBuffer, nuint newLen, byte* newPath, nint options);

    [LibraryImport(Lib)]
    internal static partial int git_patch_to_buf(GitBuf* buffer, nint patch);

    [LibraryImport(Lib)]
    internal static partial void git_patch_free(nint patch);

    [LibraryImport(Lib)]
    internal static partial void git_buf_dispose(GitBuf* buffer);

    [LibraryImport(Lib)]
    internal static partial int git_config_new(out nint config);

    [LibraryImport(Lib)]
    internal static partial int git_config_add_file_ondisk(nint config, byte* path, int level, nint repo, int force);

    [LibraryImport(Lib)]
    internal static partial int git_config_get_string_buf(GitBuf* buffer, nint config, byte* name);

    [LibraryImport(Lib)]
    internal static partial int git_config_find_system(GitBuf* buffer);

    [LibraryImport(Lib)]
    internal static partial void git_config_free(nint config);

    [LibraryImport(Lib)]
    internal static partial int git_branch_upstream_name(GitBuf* buffer, nint repo, byte* refname);

    [LibraryImport(Lib)]
    internal static partial int git_reference_iterator_glob_new(out nint iterator, nint repo, byte* glob);

    [LibraryImport(Lib)]
    internal static partial int git_reference_next_name(out byte* name, nint iterator);

    [LibraryImport(Lib)]
    internal static partial void git_reference_iterator_free(nint iterator);

    internal const int ObjCommit = 1, ObjTree = 2, ObjBlob = 3;

    [StructLayout(LayoutKind.Sequential)]
    internal struct GitBuf
    {
        public byte* Ptr;
        public nuint Reserved;
        public nuint Size;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MergeFileInput
    {
        public uint Version;
        public byte* Ptr;
        public nuint Size;
        public byte* Path;
        public uint Mode;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MergeFileOptions
    {
        public uint Version;
        public byte* AncestorLabel;
        public byte* OurLabel;
        public byte* TheirLabel;
        public int Favor;
        public uint Flags;
        public ushort MarkerSize;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MergeFileResult
    {
        public uint Automergeable;
        public byte* Path;
        public uint Mode;
        public byte* Ptr;
        public nuint Len;
    }
}
