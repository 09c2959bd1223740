using System.Runtime.InteropServices;

namespace Carry.Git;

/// <summary>
/// The libgit2 entry points Carry uses, called directly: raw object reads and writes
/// (byte-faithful, so non-UTF-8 file names survive), refs, revision parsing, the index's
/// conflict flag, the 3-way file merge, config and branch upstreams. LibGit2Sharp's managed
/// layer is not used: it opened the repository a second time on every run, and several of its
/// calls lose their result under NativeAOT (it passes output buffers as classes, which AOT
/// marshals in only). The library is the build LibGit2Sharp.NativeBinaries 2.0.324 ships for
/// every platform; its file name changes with every release, so the version is pinned.
/// </summary>
internal static unsafe partial class NativeGit
{
    private const string Lib = "git2-5853918";

    [LibraryImport(Lib)]
    internal static partial int git_libgit2_init();

    /// <summary>git_libgit2_opts(option, int): variadic in C, so called only where an int vararg travels like a fixed one.</summary>
    [LibraryImport(Lib, EntryPoint = "git_libgit2_opts")]
    private static partial int git_libgit2_opts_int(int option, int value);

    /// <summary>git_libgit2_opts(option, int, size_t), the same way: for the per-type cache limit.</summary>
    [LibraryImport(Lib, EntryPoint = "git_libgit2_opts")]
    private static partial int git_libgit2_opts_int_size(int option, int type, nuint size);

    private const int OptSetCacheObjectLimit = 6, OptEnableStrictHashVerification = 22;

    /// <summary>
    /// Starts libgit2 once per process. Objects read are not re-hashed to check their names
    /// (git does not either, outside fsck and fetch): with the collision-detecting SHA-1 that was
    /// a tenth of reading a tree. Nor does libgit2 keep its own copy of every tree read:
    /// <see cref="ObjectStore"/> caches them already (commits stay in libgit2's cache, which its
    /// own history walks use). Apple's arm64 convention passes variadic arguments on the stack,
    /// where a fixed-argument call does not put them: there both stay at libgit2's defaults.
    /// </summary>
    internal static void Init() => _ = Started.Value;

    private static readonly Lazy<bool> Started = new(() =>
    {
        git_libgit2_init();
        if (!(OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64))
        {
            git_libgit2_opts_int(OptEnableStrictHashVerification, 0);
            git_libgit2_opts_int_size(OptSetCacheObjectLimit, ObjTree, 0);
        }
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Starts <see cref="Init"/> on a thread of its own and returns it (null when already done):
    /// loading libgit2, which loads OpenSSL for its https transport, is ~2.5 ms of a command's
    /// start-up that can overlap with reading the command line. The first real use waits for it.
    /// </summary>
    internal static Thread? StartInit()
    {
        if (Started.IsValueCreated) return null;
        var thread = new Thread(() => Init()) { IsBackground = true, Name = "libgit2 start" };
        thread.Start();
        return thread;
    }

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int git_repository_open(out nint repo, string path);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int git_repository_set_workdir(nint repo, string workdir, int updateGitlink);

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

    [LibraryImport(Lib)]
    internal static partial int git_reference_lookup(out nint reference, nint repo, byte* name);

    [LibraryImport(Lib)]
    internal static partial void git_reference_free(nint reference);

    [LibraryImport(Lib)]
    internal static partial int git_revparse_single(out nint obj, nint repo, byte* spec);

    /// <summary>Peels tags (and commits to trees) down to <paramref name="type"/>.</summary>
    [LibraryImport(Lib)]
    internal static partial int git_object_peel(out nint peeled, nint obj, int type);

    [LibraryImport(Lib)]
    internal static partial byte* git_object_id(nint obj);

    [LibraryImport(Lib)]
    internal static partial void git_object_free(nint obj);

    [LibraryImport(Lib)]
    internal static partial int git_graph_descendant_of(nint repo, byte* commit, byte* ancestor);

    [LibraryImport(Lib)]
    internal static partial int git_repository_index(out nint index, nint repo);

    [LibraryImport(Lib)]
    internal static partial int git_index_read(nint index, int force);

    [LibraryImport(Lib)]
    internal static partial int git_index_has_conflicts(nint index);

    [LibraryImport(Lib)]
    internal static partial void git_index_free(nint index);

    /// <summary>A string as libgit2 takes it: UTF-8, NUL-terminated.</summary>
    internal static byte[] Utf8z(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");

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

    /// <summary>Does not re-scan the pack folder on a miss (<c>GIT_ODB_LOOKUP_NO_REFRESH</c>).</summary>
    internal const uint LookupNoRefresh = 1;

    [LibraryImport(Lib)]
    internal static partial int git_odb_exists_ext(nint odb, byte* oid, uint flags);

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
