
namespace Carry.Git;

/// <summary>
/// The one seam between Carry and git. Everything above it speaks of commits, trees and
/// refs; only this folder knows which of libgit2 (in-process reads and writes) or the git
/// CLI (working tree, ref transactions, merges) does the work.
/// </summary>
public sealed class CarryRepository : IDisposable
{
    private GitConfig? _config;

    private CarryRepository(nint handle, string gitDir, string commonDir, string workDir)
    {
        GitDir = gitDir;
        CommonDir = commonDir;
        WorkDir = workDir;
        Objects = new ObjectStore(handle, Path.Combine(commonDir, "objects"));
        Git = new GitCli(WorkDir, gitDir);
    }


    /// <summary>The top of the working tree.</summary>
    public string WorkDir { get; }

    /// <summary>The .git folder of this working tree.</summary>
    public string GitDir { get; }

    /// <summary>The folder shared by all working trees (refs, objects).</summary>
    public string CommonDir { get; }

    /// <summary>Objects, with the in-memory layer new objects go to first.</summary>
    public ObjectStore Objects { get; }

    /// <summary>The git command line, run in <see cref="WorkDir"/> on this repository: only this folder's typed operations use it.</summary>
    internal GitCli Git { get; }

    /// <summary>The last index this process wrote or read and may read again (see <see cref="Checkout.IndexFile.Keep"/>).</summary>
    internal Checkout.IndexFile.Kept? KeptIndex { get; set; }

    /// <summary>
    /// Starts loading the native git library in the background, for a command about to open a
    /// repository; disposing the result waits for it to finish (a process must not exit while
    /// another thread is still inside a native library's initialisation).
    /// </summary>
    public static IDisposable WarmUp() => new Warming(NativeGit.StartInit());

    private sealed class Warming(Thread? thread) : IDisposable
    {
        public void Dispose() => thread?.Join();
    }

    /// <summary>Opens the repository git would use in <paramref name="path"/> (<see cref="Discovery"/>).</summary>
    public static CarryRepository Open(string path)
    {
        var (handle, gitDir, workDir) = OpenNative(Discovery.Find(path));
        var commonFile = Path.Combine(gitDir, "commondir");
        var commonDir = File.Exists(commonFile)
            ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonFile).Trim()))
            : gitDir;
        return new CarryRepository(handle, gitDir, commonDir, workDir);
    }

    /// <summary>Opens the repository once, in libgit2, for the object store, refs and config alike.</summary>
    private static unsafe (nint Handle, string GitDir, string WorkDir) OpenNative(Discovery.Place found)
    {
        NativeGit.Init();
        if (NativeGit.git_repository_open(out var handle, found.Path) < 0)
            throw new CarryException($"cannot open the repository at '{found.Path}': {NativeGit.LastError()}", exitCode: 128);
        // The work tree git named (GIT_WORK_TREE, core.worktree, or the current folder under an
        // explicit GIT_DIR) is not always the one libgit2 would derive from the git folder: it is
        // given as is (0: no config or .git file is written for it).
        if (found.WorkTree is { } given && NativeGit.git_repository_set_workdir(handle, given, 0) < 0)
        {
            var error = NativeGit.LastError();
            NativeGit.git_repository_free(handle);
            throw new CarryException($"cannot use '{given}' as the work tree: {error}", exitCode: 128);
        }
        var workDir = NativeGit.git_repository_is_bare(handle) == 1 ? null : NativeGit.PathOf(NativeGit.git_repository_workdir(handle));
        if (workDir is null)
        {
            NativeGit.git_repository_free(handle);
            throw new CarryException("this operation must be run in a work tree", exitCode: 128);
        }
        var gitDir = NativeGit.PathOf(NativeGit.git_repository_path(handle))!;
        // libgit2 writes '/' on every platform: GetFullPath gives the platform's own separators.
        return (handle, Path.GetFullPath(gitDir).TrimEnd('/', '\\'), Path.GetFullPath(workDir).TrimEnd('/', '\\'));
    }

    /// <summary>The checked-out branch's short name, or null on a detached HEAD.</summary>
    public string? CurrentBranch
    {
        get
        {
            var head = File.ReadAllText(Path.Combine(GitDir, "HEAD")).Trim();
            const string prefix = "ref: refs/heads/";
            return head.StartsWith(prefix, StringComparison.Ordinal) ? head[prefix.Length..] : null;
        }
    }

    /// <summary>The commit a full ref name points to, or null; throws <see cref="BrokenRefException"/> if the ref is unreadable.</summary>
    public unsafe Oid? ReadRef(string name)
    {
        const int notFound = -3;
        var id = stackalloc byte[20];
        var bytes = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        int rc;
        fixed (byte* n = bytes) rc = NativeGit.git_reference_name_to_id(id, Objects.RepoHandle, n);
        if (rc == notFound) return null;
        if (rc < 0) throw new BrokenRefException(name, NativeGit.LastError());
        return Oid.FromBytes(new ReadOnlySpan<byte>(id, 20));
    }

    /// <summary>
    /// The values a ref's reflog records, oldest first (empty when it keeps none), read from
    /// the log file itself so that it works even while the ref is broken.
    /// </summary>
    public IReadOnlyList<Oid> Reflog(string name)
    {
        var file = Path.Combine(CommonDir, "logs", name);
        if (!File.Exists(file)) return [];
        var values = new List<Oid>();
        foreach (var line in File.ReadAllLines(file))
        {
            var fields = line.Split(' ', 3);
            if (fields.Length >= 2 && Oid.IsValid(fields[1]) && fields[1] != new string('0', 40)) values.Add(new Oid(fields[1]));
        }
        return values;
    }

    /// <summary>
    /// Points a broken ref (a loose ref file git cannot read, or naming a missing object) at
    /// <paramref name="target"/>: git refuses to update the first and would log the missing
    /// object of the second, so its file is removed first, under git's own <c>.lock</c> for
    /// it, then the ref is created as new (with a reflog entry).
    /// </summary>
    public void ReplaceBrokenRef(string name, Oid target, string reflogMessage)
    {
        var loose = Path.Combine(CommonDir, name);
        var lockFile = loose + ".lock";
        using (new FileStream(lockFile, FileMode.CreateNew, FileAccess.Write))
        {
            File.Delete(loose);
        }
        File.Delete(lockFile);
        UpdateRefs([new RefUpdate(name, ReadRef(name), target)], reflogMessage);
    }

    /// <summary>The commit a revision (branch, tag, id, HEAD~2…) names, or null.</summary>
    public unsafe Oid? ResolveCommit(string revision)
    {
        const int commitType = 1;
        fixed (byte* spec = NativeGit.Utf8z(revision))
            if (NativeGit.git_revparse_single(out var obj, Objects.RepoHandle, spec) < 0) return null;
            else
                try
                {
                    if (NativeGit.git_object_peel(out var commit, obj, commitType) < 0) return null;
                    try { return Oid.FromBytes(new ReadOnlySpan<byte>(NativeGit.git_object_id(commit), 20)); }
                    finally { NativeGit.git_object_free(commit); }
                }
                finally { NativeGit.git_object_free(obj); }
    }

    /// <summary>The full name a revision is known by (refs/remotes/upstream/main), if it is a ref.</summary>
    public unsafe string? FullRefName(string revision)
    {
        string[] candidates = revision.StartsWith("refs/", StringComparison.Ordinal)
            ? [revision]
            : ["refs/heads/" + revision, "refs/remotes/" + revision, "refs/tags/" + revision];
        foreach (var name in candidates)
        {
            // Not found, or not a valid ref name (e.g. "HEAD~2"): not this one.
            fixed (byte* n = NativeGit.Utf8z(name))
                if (NativeGit.git_reference_lookup(out var reference, Objects.RepoHandle, n) == 0)
                {
                    NativeGit.git_reference_free(reference);
                    return name;
                }
        }
        return null;
    }

    /// <summary>
    /// The full names of the refs under <paramref name="prefix"/> (<c>refs/carry/</c>), loose and
    /// packed, in-process: this runs on every sync, where a git process would cost more than the rest.
    /// </summary>
    public unsafe IReadOnlyList<string> RefNames(string prefix)
    {
        var names = new List<string>();
        var glob = System.Text.Encoding.UTF8.GetBytes(prefix + "*\0");
        nint iterator;
        fixed (byte* g = glob)
            if (NativeGit.git_reference_iterator_glob_new(out iterator, Objects.RepoHandle, g) < 0)
                throw new CarryException($"could not list the refs under {prefix}", exitCode: 128);
        try
        {
            while (NativeGit.git_reference_next_name(out var name, iterator) == 0)
                names.Add(System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)name)!);
        }
        finally
        {
            NativeGit.git_reference_iterator_free(iterator);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The remote-tracking ref a branch follows (refs/remotes/origin/main), or null.</summary>
    public unsafe string? UpstreamOf(string branch)
    {
        // libgit2 directly: LibGit2Sharp's Branch.TrackedBranch loses the answer under NativeAOT (see NativeGit).
        var buf = default(NativeGit.GitBuf);
        var name = System.Text.Encoding.UTF8.GetBytes("refs/heads/" + branch + "\0");
        try
        {
            fixed (byte* n = name)
                return NativeGit.git_branch_upstream_name(&buf, Objects.RepoHandle, n) == 0 && buf.Size > 0
                    ? System.Text.Encoding.UTF8.GetString(buf.Ptr, (int)buf.Size)
                    : null;
        }
        finally
        {
            NativeGit.git_buf_dispose(&buf);
        }
    }

    /// <summary>True when the index holds unresolved merge conflicts.</summary>
    public bool HasConflicts
    {
        get
        {
            // Read afresh (git processes this run started may have changed it), by a scan of its
            // flags: libgit2 would hash the whole file twice, a tenth of a small sync. The bytes
            // read are kept for the checkout that usually follows (it takes them while the file's
            // stat data is unchanged), so a sync reads the index once; a command that writes no
            // files never builds its entries.
            if (Checkout.IndexFile.HasUnmerged(this, Path.Combine(GitDir, "index")) is { } scanned) return scanned;
            if (NativeGit.git_repository_index(out var index, Objects.RepoHandle) < 0)
                throw new CarryException($"cannot read the index: {NativeGit.LastError()}", exitCode: 128);
            try
            {
                // Read afresh: git processes this run started may have changed it since libgit2 last looked.
                if (NativeGit.git_index_read(index, 1) < 0)
                    throw new CarryException($"cannot read the index: {NativeGit.LastError()}", exitCode: 128);
                return NativeGit.git_index_has_conflicts(index) == 1;
            }
            finally
            {
                NativeGit.git_index_free(index);
            }
        }
    }

    /// <summary>A git config value as git would read it (command line, repository, global, system), or null.</summary>
    public string? Config(string key) => (_config ??= new GitConfig(Objects.RepoHandle, CommonDir)).Get(key);

    /// <summary>A boolean setting read as git reads one (<see cref="GitConfig.GetBool"/>); null when unset; a value git would refuse is refused.</summary>
    public bool? ConfigBool(string key) => (_config ??= new GitConfig(Objects.RepoHandle, CommonDir)).GetBool(key);

    /// <summary>Who commits, as git would resolve it.</summary>
    public Signature Committer() => Identity.Committer(Config);

    /// <summary>Who authors new patches, as git would resolve it.</summary>
    public Signature Author() => Identity.Author(Config);

    /// <summary>Is <paramref name="ancestor"/> reachable from <paramref name="descendant"/>?</summary>
    public unsafe bool IsAncestor(Oid ancestor, Oid descendant)
    {
        if (ancestor == descendant) return true;
        var (a, d) = (ancestor.ToBytes(), descendant.ToBytes());
        fixed (byte* pa = a, pd = d)
            return NativeGit.git_graph_descendant_of(Objects.RepoHandle, pd, pa) == 1;
    }

    /// <summary>
    /// Applies ref changes all together or not at all (git update-ref --stdin), with a
    /// reflog entry for each, so plain git tools can see and revert what Carry did.
    /// </summary>
    public void UpdateRefs(IEnumerable<RefUpdate> updates, string reflogMessage)
    {
        if (!TryUpdateRefs(updates, reflogMessage, out var error))
            throw new CarryException($"could not update refs: {error}",
                "another program changed the branch while carry was working; run the command again.");
    }

    /// <summary>
    /// As <see cref="UpdateRefs"/>; false (nothing changed) when a ref no longer holds the old
    /// value given for it. Every ref gets a reflog, Carry's own included, so a damaged stack
    /// ref can be put back from it.
    /// </summary>
    public bool TryUpdateRefs(IEnumerable<RefUpdate> updates, string reflogMessage) => TryUpdateRefs(updates, reflogMessage, out _);

    /// <summary>As <see cref="TryUpdateRefs(IEnumerable{RefUpdate}, string)"/>, with git's reason when it is false.</summary>
    public bool TryUpdateRefs(IEnumerable<RefUpdate> updates, string reflogMessage, out string error)
    {
        Objects.WaitDurable();
        var list = updates as IReadOnlyList<RefUpdate> ?? updates.ToList();
        switch (LooseRefTransaction.TryCommit(this, list, reflogMessage, out error))
        {
            case LooseRefTransaction.Outcome.Committed: return true;
            case LooseRefTransaction.Outcome.Refused: return false;
        }
        const string zero = "0000000000000000000000000000000000000000";
        var script = new System.Text.StringBuilder();
        foreach (var u in list)
        {
            if (u.New is { } n) script.Append($"update {u.Name} {n.Hex} {u.Old?.Hex ?? zero}\n");
            else script.Append($"delete {u.Name} {u.Old?.Hex ?? ""}\n");
        }
        // Shielded from Ctrl-C: carry defers it while it moves its refs, and so must the git
        // doing it for carry (a SIGINT to the terminal's process group reaches git too).
        var result = Git.Run(["update-ref", "--create-reflog", "-m", reflogMessage, "--stdin"], script.ToString(), shielded: true);
        error = result.Stderr.Trim();
        return result.Ok;
    }

    /// <summary>Points a ref at <paramref name="value"/> whatever it held, creating its reflog if needed (git update-ref --create-reflog).</summary>
    public void SetRefWithReflog(string name, Oid value, string reflogMessage)
    {
        Objects.WaitDurable();
        Git.Check(["update-ref", "--create-reflog", "-m", reflogMessage, name, value.Hex]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _config?.Dispose();
        Objects.Dispose();
    }
}

/// <summary>A ref git cannot read (a damaged loose ref file).</summary>
public sealed class BrokenRefException(string name, string reason)
    : CarryException($"ref '{name}' is broken ({reason})", "'git show-ref' and 'git fsck' show the damage.")
{
    /// <summary>The ref's full name.</summary>
    public string Name { get; } = name;
}
