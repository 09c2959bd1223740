using System.Collections.Concurrent;

namespace Carry.Git;

/// <summary>
/// Compresses new objects into pack records while the command is still making them, on a
/// thread-pool thread: a replay keeps one core busy and the other idle, and compressing the
/// objects waited until the flush, after the replay (16 ms of glibc's 109-patch sync, 60 ms of
/// the 1,000-patch one, bench/README.md). The records are kept in memory, as the flush kept
/// them before writing the pack: a pack's header holds its object count, and its checksum
/// starts with that header, so it is written once every object is known.
/// </summary>
/// <remarks>
/// One thread adds (the object store's rule); at most one drain runs at a time, started by
/// <see cref="Add"/> every <see cref="Batch"/> objects so that the pool is woken a few times per
/// hundred objects, not per object. <see cref="Finish"/> waits for a running drain and encodes
/// what is left on the calling thread.
/// </remarks>
internal sealed class PackEncoder(Func<Oid, bool> inRepository)
{
    /// <summary>Objects added between two wake-ups of the pool.</summary>
    private const int Batch = 32;

    private readonly ConcurrentQueue<(Oid Id, int Type, byte[] Body)> _queue = new();
    private readonly List<(Oid Id, byte[] Record)> _records = [];
    private readonly MemoryStream _buffer = new();
    private readonly ManualResetEventSlim _idle = new(true);
    private int _sinceDrain;
    private volatile bool _draining;
    private Exception? _failed;

    /// <summary>Queues an object (the adding thread only).</summary>
    public void Add(Oid id, int type, byte[] body)
    {
        _queue.Enqueue((id, type, body));
        if (++_sinceDrain < Batch || _draining) return;
        _sinceDrain = 0;
        _draining = true;
        _idle.Reset();
        ThreadPool.UnsafeQueueUserWorkItem(static e => e.Drain(), this, preferLocal: false);
    }

    /// <summary>Every object added and not already in the repository, as pack records (type and size header, zlib body), in the order encoded.</summary>
    public List<(Oid Id, byte[] Record)> Finish()
    {
        _idle.Wait();
        if (_failed is { } failed) throw new InvalidOperationException("could not compress the new objects", failed);
        Encode();
        _idle.Dispose();
        return _records;
    }

    /// <summary>Waits for a running drain and drops the rest: nothing is written (a command that failed).</summary>
    public void Abandon()
    {
        _idle.Wait();
        _queue.Clear();
        _idle.Dispose();
    }

    private void Drain()
    {
        try { Encode(); }
        catch (Exception e) { _failed = e; }
        finally
        {
            // Idle before not draining: once Add may start the next drain, this one touches nothing.
            _idle.Set();
            _draining = false;
        }
    }

    private void Encode()
    {
        while (_queue.TryDequeue(out var o))
            if (!inRepository(o.Id)) _records.Add((o.Id, PackWriter.EncodeRecord(_buffer, o.Type, o.Body)));
    }
}
