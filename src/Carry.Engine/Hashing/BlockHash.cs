using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Carry.Hashing;

/// <summary>The compression function of a 64-byte-block hash (SHA-1, SHA-256).</summary>
internal interface IBlockRounds
{
    /// <summary>The hash's first state words (its initial value).</summary>
    static abstract void Initialise(Span<uint> state);

    /// <summary>Folds whole 64-byte blocks into the state.</summary>
    static abstract void Compress(Span<uint> state, ReadOnlySpan<byte> blocks);
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
            TRounds.Compress(_state, _pending);
        }
        var whole = data.Length & ~(BlockSize - 1);
        if (whole > 0) TRounds.Compress(_state, data[..whole]);
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
        TRounds.Compress(_state, tail[..size]);
        for (var i = 0; i < destination.Length / 4; i++)
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 * i)..], _state[i]);
        Reset();
    }

    private void Reset()
    {
        TRounds.Initialise(_state);
        _length = 0;
        _ready = true;
    }

    [InlineArray(8)]
    private struct State { private uint _word; }

    [InlineArray(BlockSize)]
    private struct Block { private byte _byte; }
}
