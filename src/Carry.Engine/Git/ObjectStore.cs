using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Carry.Git;

/// <summary>
/// The repository's object database with an in-memory layer on top. New objects stay in
/// memory until <see cref="Flush"/> writes them all at once (one pack, or a few loose files),
/// so a replay of hundreds of patches costs no file-system work until it has succeeded; if a
/// command fails, nothing was written. Reads (trees, commits, blobs) may run on several threads
/// at once while no object is being added: libgit2's object database locks its packs, and the
/// caches here are concurrent. Adding objects is for one thread at a time.
/// </summary>
public sealed unsafe class ObjectStore : IDisposable
{
    /// <summary>
    /// The id of the empty tree. git reads it without its being stored, but <c>git fsck</c>
    /// reports a commit pointing at it as broken unless it is: so writing it stores it.
    /// </summary>
    public static readonly Oid EmptyTree = new("4b825dc642cb6eb9a060e54bf8d69288fbee4904");

    /// <summary>
    /// More new objects than this go in one pack: creating a file (and its objects/xx folder) per
    /// object cost several times writing a pack and its index (docs/model.md has the figures).
    /// </summary>
    private const int LooseLimit = 4;

    /// <summary>
    /// From this many pending objects on, new ones are compressed for the pack as they come
    /// (<see cref="PackEncoder"/>), while the command goes on making more: a replay's. A
    /// small command's few objects are compressed at the flush, on every core, as before.
    /// </summary>
    private const int EncodeAhead = 64;
    private PackEncoder? _encoder;
    private readonly string _objectsDir;
    private readonly nint _repo;
    private readonly nint _odb;
    private readonly Dictionary<Oid, (int Type, byte[] Body)> _pending = [];
    private readonly List<Task> _flushing = [];
    private readonly ConcurrentDictionary<Oid, IReadOnlyList<TreeEntry>> _trees = [];
    private readonly ConcurrentDictionary<Oid, CommitData> _commits = [];
    private readonly ConcurrentDictionary<Oid, byte[]> _rawTrees = [];
    private readonly ConcurrentDictionary<Oid, int[]> _treeOffsets = [];

    /// <summary>Opens the object database of <paramref name="repo"/> (a libgit2 repository this store then owns).</summary>
    internal ObjectStore(nint repo, string objectsDir)
    {
        _repo = repo;
        Check(NativeGit.git_repository_odb(out _odb, _repo), "open object database");
        _objectsDir = objectsDir;
    }

    /// <summary>The libgit2 repository these objects belong to (for config and branch lookups in this folder).</summary>
    internal nint RepoHandle => _repo;

    /// <summary>Reads a tree's entries (cached).</summary>
    public IReadOnlyList<TreeEntry> ReadTree(Oid id)
    {
        if (_trees.TryGetValue(id, out var cached)) return cached;
        var entries = id == EmptyTree ? [] : ObjectFormat.ParseTree(ReadTreeBytes(id));
        _trees[id] = entries;
        return entries;
    }

    /// <summary>
    /// A tree's raw body (cached): what <see cref="TreeOps.Diff(ObjectStore, Oid, Oid)"/> walks, so that entries equal on
    /// both sides are compared as bytes and never turned into objects.
    /// </summary>
    /// <exception cref="MalformedTreeException">The tree is one <c>git fsck</c> reports (<see cref="TreeBody"/>).</exception>
    public byte[] ReadTreeBytes(Oid id)
    {
        if (id == EmptyTree) return [];
        if (_pending.TryGetValue(id, out var pending)) return pending.Body;
        return _rawTrees.GetOrAdd(id, ReadCheckedTree);
    }

    /// <summary>
    /// Reads a tree from the repository, refusing one fsck reports: every tree comes in here,
    /// whoever made it (an upstream, a fork, a pulled stack), so every reader gets the check,
    /// once per body read. Trees this store made (<see cref="_pending"/>) are well-formed by construction.
    /// </summary>
    private byte[] ReadCheckedTree(Oid id)
    {
        var body = Read(id, NativeGit.ObjTree);
        if (TreeBody.Problem(body) is { } bad) throw new MalformedTreeException(id, "", bad.Name, bad.Reason);
        return body;
    }

    /// <summary>
    /// Where each entry of tree <paramref name="id"/>'s raw body starts (<paramref name="index"/>
    /// finds it from <paramref name="body"/> once), kept while the store keeps the body: a replay
    /// looks up and splices the same big folders patch after patch. Keyed by id, not by the body
    /// array: a table keyed by the array itself (a ConditionalWeakTable) cost a GC handle per
    /// body, scanned at every collection, and was a twentieth of a 1,000-patch sync.
    /// </summary>
    internal int[] TreeOffsets(Oid id, byte[] body, Func<byte[], int[]> index) =>
        _treeOffsets.TryGetValue(id, out var known) ? known : _treeOffsets.GetOrAdd(id, index(body));

    /// <summary>Records the entry offsets of a tree just added, computed while its body was built.</summary>
    internal void KeepTreeOffsets(Oid id, int[] offsets) => _treeOffsets.TryAdd(id, offsets);

    /// <summary>Lets go of the entry offsets of trees whose bodies are no longer kept.</summary>
    private void ForgetTreeOffsets()
    {
        foreach (var id in _treeOffsets.Keys)
            if (!_rawTrees.ContainsKey(id) && !_pending.ContainsKey(id)) _treeOffsets.TryRemove(id, out _);
    }

    /// <summary>
    /// Drops the trees read so far (raw and parsed; new trees stay until <see cref="Flush"/>),
    /// except those of <paramref name="keep"/> that were read: the folders of those trees on the
    /// way to what was looked at. For a phase that walked many trees it will not need again:
    /// sync's landing detection reads every upstream commit's trees on the patches' paths once,
    /// ~7 MB kept to the end of the command on glibc's series (bench/README.md), while the replay
    /// needs only the new base's (where each patch lands), the old top's (the checkout starts
    /// there) and the old base's (the bases' diff that finds upstream's moves), which it would
    /// otherwise read again (a fifth of the 1,000-patch sync's reads).
    /// Not while other threads read.
    /// </summary>
    public void ForgetReadTrees(params ReadOnlySpan<Oid> keep)
    {
        var kept = TreesUnder(keep, id => _rawTrees.TryGetValue(id, out var body) ? body : null);
        _rawTrees.Clear();
        _trees.Clear();
        foreach (var (id, body) in kept) _rawTrees[id] = body;
        ForgetTreeOffsets();
    }

    /// <summary>True while the tree read from the repository is kept in memory (for tests).</summary>
    internal bool HoldsTree(Oid id) => _rawTrees.ContainsKey(id);

    /// <summary>
    /// The trees under <paramref name="roots"/> (the roots included) that <paramref name="bodyOf"/>
    /// has a raw body for; a folder it has none for is not looked into.
    /// </summary>
    private static Dictionary<Oid, byte[]> TreesUnder(ReadOnlySpan<Oid> roots, Func<Oid, byte[]?> bodyOf)
    {
        var found = new Dictionary<Oid, byte[]>();
        var todo = new Stack<Oid>();
        foreach (var root in roots) todo.Push(root);
        while (todo.TryPop(out var id))
        {
            if (found.ContainsKey(id) || bodyOf(id) is not { } body) continue;
            found[id] = body;
            var pos = 0;
            while (TreeOps.RawEntry.Next(body, ref pos, out var entry))
                if (entry.IsTree) todo.Push(Oid.FromBytes(body.AsSpan(entry.IdStart, 20)));
        }
        return found;
    }

    /// <summary>The tree of <paramref name="commit"/>'s first parent (the empty tree for a root commit): where a patch's change starts.</summary>
    public Oid ParentTree(CommitData commit) => commit.Parent is { } p ? ReadCommit(p).Tree : EmptyTree;

    /// <summary>Reads a commit (cached).</summary>
    public CommitData ReadCommit(Oid id)
    {
        if (_commits.TryGetValue(id, out var cached)) return cached;
        var commit = ObjectFormat.ParseCommit(Read(id, NativeGit.ObjCommit));
        _commits[id] = commit;
        return commit;
    }

    /// <summary>
    /// Reads a commit's raw body, for a reader that needs what <see cref="ReadCommit"/> drops (the
    /// header's exact form), and keeps the parsed commit: the sync's upstream walk reads each
    /// commit this way, then landing detection reads it again through <see cref="ReadCommit"/>.
    /// </summary>
    public byte[] ReadCommitBytes(Oid id)
    {
        var body = Read(id, NativeGit.ObjCommit);
        _commits.TryAdd(id, ObjectFormat.ParseCommit(body));
        return body;
    }

    /// <summary>
    /// Reads a blob's bytes (shared: not to be changed). Safe from several threads while no
    /// object is being added: the blob cache is a concurrent one, and libgit2's object database
    /// is thread-safe for reads.
    /// </summary>
    /// <remarks>
    /// Blobs read are kept up to <see cref="BlobCacheBytes"/> in all: a sync reads a merged file's
    /// three versions for the merge, again for landing similarity and again for the review check,
    /// and a patch's "before" is often the "after" of the patch below it; libgit2 keeps no blobs,
    /// so each read inflated the blob anew (through its delta chain). Past the limit the cache
    /// starts again empty: the files of the patches being replayed are the ones read next. A
    /// blob bigger than <see cref="BlobCacheLargest"/> is not kept, so that one cannot empty it.
    /// </remarks>
    public byte[] ReadBlob(Oid id)
    {
        if (_blobs.TryGetValue(id, out var cached)) return cached;
        var body = Read(id, NativeGit.ObjBlob);
        if (body.Length > BlobCacheLargest) return body;
        if (Interlocked.Add(ref _blobBytes, body.Length) > BlobCacheBytes)
        {
            _blobs.Clear();
            Interlocked.Exchange(ref _blobBytes, body.Length);
        }
        _blobs.TryAdd(id, body);
        return body;
    }

    /// <summary>The most blob bytes <see cref="ReadBlob"/> keeps.</summary>
    internal const int BlobCacheBytes = 8 << 20;

    /// <summary>The biggest blob <see cref="ReadBlob"/> keeps (512 KB).</summary>
    private const int BlobCacheLargest = BlobCacheBytes / 16;

    private readonly ConcurrentDictionary<Oid, byte[]> _blobs = [];
    private long _blobBytes;

    /// <summary>True if the object exists, in memory or in the repository.</summary>
    public bool Contains(Oid id)
    {
        if (_pending.ContainsKey(id) || id == EmptyTree) return true;
        Span<byte> raw = stackalloc byte[20];
        id.CopyTo(raw);
        fixed (byte* p = raw) return NativeGit.git_odb_exists(_odb, p) == 1;
    }

    /// <summary>Adds a blob (in memory until flushed).</summary>
    public Oid WriteBlob(byte[] content) => Add(NativeGit.ObjBlob, content);

    /// <summary>Adds a tree (in memory until flushed); entries are sorted as git requires.</summary>
    public Oid WriteTree(IEnumerable<TreeEntry> entries)
    {
        var list = entries.ToList();
        if (list.Count == 0) return Add(NativeGit.ObjTree, []);
        var id = Add(NativeGit.ObjTree, ObjectFormat.FormatTree(list));
        list.Sort(ObjectFormat.CompareEntries);
        _trees[id] = list;
        return id;
    }

    /// <summary>Adds a tree already in git's raw form, entries in git's order (in memory until flushed).</summary>
    public Oid WriteTreeBytes(byte[] body) => Add(NativeGit.ObjTree, body);

    /// <summary>Adds a commit (in memory until flushed).</summary>
    public Oid WriteCommit(CommitData commit)
    {
        // Whichever way the commit's tree was made, an empty one must exist on disk (see EmptyTree).
        if (commit.Tree == EmptyTree) Add(NativeGit.ObjTree, []);
        var id = Add(NativeGit.ObjCommit, ObjectFormat.FormatCommit(commit));
        _commits.TryAdd(id, commit);
        return id;
    }

    /// <summary>
    /// Writes every pending object to the repository. Must run before a ref points at a new
    /// object, and before a git subprocess needs to read one. A pack's flush to disk may still
    /// be running when it returns (<see cref="WaitDurable"/>).
    /// </summary>
    /// <param name="keepTrees">
    /// Trees whose new folders stay readable from memory: the tree a checkout is about to move
    /// to, which it diffs with the old one (otherwise it would inflate every folder just written,
    /// ~600 on glibc's sync, back out of the pack). The other new trees are let go, as before.
    /// </param>
    public void Flush(params ReadOnlySpan<Oid> keepTrees)
    {
        if (_pending.Count == 0) return;
        // Objects the repository has already (a snapshot rebuilds every tree of the index; most
        // exist) are not written again, loose or packed: git does not either.
        if (_encoder is { } encoder)
        {
            _encoder = null;
            var records = encoder.Finish();
            if (records.Count is > 0 and <= LooseLimit)
                LooseWriter.Write(_objectsDir, [.. records.Select(r => (r.Id, _pending[r.Id].Type, _pending[r.Id].Body))]);
            else if (records.Count > LooseLimit)
                WritePack(PackWriter.WriteEncoded(_objectsDir, records));
        }
        else
        {
            List<(Oid, int, byte[])> objects = [.. _pending.Where(kv => !InRepository(kv.Key)).Select(kv => (kv.Key, kv.Value.Type, kv.Value.Body))];
            if (objects.Count is > 0 and <= LooseLimit) LooseWriter.Write(_objectsDir, objects);
            else if (objects.Count > LooseLimit) WritePack(PackWriter.Write(_objectsDir, objects));
        }
        foreach (var (id, body) in TreesUnder(keepTrees, id => _pending.TryGetValue(id, out var t) && t.Type == NativeGit.ObjTree ? t.Body : null))
            _rawTrees.TryAdd(id, body);
        _pending.Clear();
        ForgetTreeOffsets();
    }

    private void WritePack(Task flushing)
    {
        _flushing.Add(flushing);
        NativeGit.git_odb_refresh(_odb);
    }

    /// <summary>In the repository (not pending). Without a pack-folder re-scan on a miss: the worst a miss costs is a duplicate loose file.</summary>
    private bool InRepository(Oid id)
    {
        Span<byte> raw = stackalloc byte[20];
        id.CopyTo(raw);
        fixed (byte* p = raw) return NativeGit.git_odb_exists_ext(_odb, p, NativeGit.LookupNoRefresh) == 1;
    }

    /// <summary>Adds an object whose id the caller has just computed from these bytes (in memory until flushed).</summary>
    internal void AddKnown(Oid id, int type, byte[] body)
    {
        if (_pending.TryAdd(id, (type, body))) EncodeAheadOf(id, type, body);
    }

    private Oid Add(int type, byte[] body)
    {
        var id = ObjectFormat.Hash(type, body);
        AddKnown(id, type, body);
        return id;
    }

    /// <summary>Hands a new pending object to the encoder, started once there are <see cref="EncodeAhead"/> of them.</summary>
    private void EncodeAheadOf(Oid id, int type, byte[] body)
    {
        if (_encoder is { } encoder)
        {
            encoder.Add(id, type, body);
            return;
        }
        if (_pending.Count < EncodeAhead) return;
        _encoder = new PackEncoder(InRepository);
        foreach (var (pending, (t, b)) in _pending) _encoder.Add(pending, t, b);
    }

    private byte[] Read(Oid id, int expectedType)
    {
        if (_pending.TryGetValue(id, out var pending)) return pending.Body;
        Span<byte> raw = stackalloc byte[20];
        id.CopyTo(raw);
        nint obj;
        fixed (byte* p = raw)
        {
            if (NativeGit.git_odb_read(out obj, _odb, p) != 0)
                throw new MissingObjectException(id);
        }
        try
        {
            var type = NativeGit.git_odb_object_type(obj);
            if (type != expectedType)
                throw new InvalidDataException($"object {id.Short} is a {ObjectFormat.TypeName(type)}, not a {ObjectFormat.TypeName(expectedType)}");
            var size = (int)NativeGit.git_odb_object_size(obj);
            var bytes = new byte[size];
            Marshal.Copy(NativeGit.git_odb_object_data(obj), bytes, 0, size);
            return bytes;
        }
        finally
        {
            NativeGit.git_odb_object_free(obj);
        }
    }

    private static void Check(int rc, string what)
    {
        if (rc < 0) throw new InvalidOperationException($"libgit2 failed to {what} (code {rc})");
    }

    /// <summary>
    /// Waits until the objects written are on disk (a pack's flush, <see cref="PackWriter.Write"/>);
    /// a ref may point at them only then. Throws what the flush threw.
    /// </summary>
    public void WaitDurable()
    {
        try
        {
            foreach (var flush in _flushing) flush.GetAwaiter().GetResult();
        }
        finally { _flushing.Clear(); }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // A command that failed after writing objects never pointed at them: its flushes are only
        // waited for, so that no file is left open.
        try { Task.WaitAll(_flushing); }
        catch (AggregateException) { }
        // Its drain may be reading the object database: done before it is freed.
        _encoder?.Abandon();
        NativeGit.git_odb_free(_odb);
        NativeGit.git_repository_free(_repo);
    }
}

/// <summary>An object the stack refers to is not in the repository.</summary>
public sealed class MissingObjectException(Oid id)
    : Exception($"object {id.Hex} is missing from the repository")
{
    /// <summary>The missing object.</summary>
    public Oid Id { get; } = id;
}
