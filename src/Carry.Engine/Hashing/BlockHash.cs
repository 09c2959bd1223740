using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Carry.Hashing;

/// <summary>The compression function of a 64-byte-block hash (SHA-1, SHA-256).</summary>
internal interface IBlockRounds
{
    /// <summary>The hash's first state words (its initial value).</summary>
    static abstract ReadOnlySpan<uint> InitialState { get; }

    /// <summary>
    /// Folds one block into the state: <paramref name="schedule"/> starts with the block's 16
    /// words (big-endian) and has room for the whole message schedule (80 words).
    /// </summary>
    static abstract void Compress(Span<uint> state, Span<uint> schedule);
}

/// <summary>
/// The frame SHA-1 and SHA-256 share (FIPS 180-4 §5): 64-byte blocks, a partial block kept
/// between appends, and the padding (0x80, zeros, the message length in bits, big-endian).
/// A struct with its buffers inline, so hashing allocates nothing.
/// </summary>
internal struct BlockHash<TRounds> where TRounds : IBlockRounds
{
    private const int BlockSize = 64;
    private State _state;
    private Block _pending;
    private ulong _length;
    private bool _ready;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (!_ready) Reset();
        var fill = (int)(_length % BlockSize);
        _length += (ulong)data.Length;
        if (fill > 0)
        {
            var take = Math.Min(BlockSize - fill, data.Length);
            data[..take].CopyTo(((Span<byte>)_pending)[fill..]);
            data = data[take..];
            if (fill + take < BlockSize) return;
            CompressBlocks(_pending);
        }
        var whole = data.Length & ~(BlockSize - 1);
        if (whole > 0) CompressBlocks(data[..whole]);
        data[whole..].CopyTo(_pending);
    }

    /// <summary>Pads, writes the first <paramref name="destination"/>.Length/4 state words and starts over.</summary>
    public void GetHashAndReset(Span<byte> destination)
    {
        if (!_ready) Reset();
        var fill = (int)(_length % BlockSize);
        Span<byte> tail = stackalloc byte[2 * BlockSize];
        tail.Clear();
        ((ReadOnlySpan<byte>)_pending)[..fill].CopyTo(tail);
        tail[fill] = 0x80;
        var size = fill < BlockSize - 8 ? BlockSize : 2 * BlockSize;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(size - 8)..], _length * 8);
        CompressBlocks(tail[..size]);
        for (var i = 0; i < destination.Length / 4; i++)
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 * i)..], _state[i]);
        Reset();
    }

    [SkipLocalsInit]
    private void CompressBlocks(ReadOnlySpan<byte> blocks)
    {
        Span<uint> schedule = stackalloc uint[80];
        for (var at = 0; at < blocks.Length; at += BlockSize)
        {
            for (var i = 0; i < 16; i++)
                schedule[i] = BinaryPrimitives.ReadUInt32BigEndian(blocks[(at + 4 * i)..]);
            TRounds.Compress(_state, schedule);
        }
    }

    private void Reset()
    {
        TRounds.InitialState.CopyTo(_state);
        _length = 0;
        _ready = true;
    }

    [InlineArray(8)]
    private struct State { private uint _word; }

    [InlineArray(BlockSize)]
    private struct Block { private byte _byte; }
}
