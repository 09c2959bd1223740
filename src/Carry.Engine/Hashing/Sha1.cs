using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Carry.Hashing;

/// <summary>
/// SHA-1 (FIPS 180-4), allocation-free, for git's object ids and checksums.
/// <para>
/// On Linux it is libcrypto's own SHA-1 code, called directly (<see cref="LibCryptoSha1"/>: the
/// SHA instructions where the CPU has them, without the set-up of OpenSSL's EVP layer).
/// Elsewhere it is managed (<see cref="Sha1Rounds"/>), except above <see cref="LargeInput"/>,
/// where .NET's <see cref="SHA1"/> (the platform's library) wins: why not always .NET's is that
/// its first use initialises the platform library, more than a short command's hashing costs.
/// </para>
/// <para>
/// Incremental use cannot change implementation part-way (the state does not transfer), so the
/// caller says up front how much it expects to hash (<see cref="Sha1(long)"/>).
/// </para>
/// </summary>
public struct Sha1 : IDisposable
{
    /// <summary>The length of a SHA-1 hash in bytes.</summary>
    public const int Size = 20;

    /// <summary>Without libcrypto, inputs longer than this are hashed by .NET's <see cref="SHA1"/>.</summary>
    public const int LargeInput = 1 << 20;

    private BlockHash<Sha1Rounds> _managed;
    private LibCryptoSha1.Context _native;
    private IncrementalHash? _large;
    // 0: not started (a default struct), 1: libcrypto, 2: managed or _large.
    private byte _way;

    /// <summary>An incremental hasher for about <paramref name="expectedLength"/> bytes.</summary>
    public Sha1(long expectedLength)
    {
        if (expectedLength > LargeInput && !LibCryptoSha1.IsAvailable) _large = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    }

    /// <summary>Adds <paramref name="data"/> to the message.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_way == 0) Start();
        if (_way == 1) LibCryptoSha1.Update(ref _native, data);
        else if (_large is not null) _large.AppendData(data);
        else _managed.Append(data);
    }

    /// <summary>Writes the hash of everything appended to <paramref name="destination"/> (<see cref="Size"/> bytes) and starts a new message.</summary>
    public void GetHashAndReset(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException("a SHA-1 hash is 20 bytes", nameof(destination));
        if (_way == 0) Start();
        if (_way == 1)
        {
            LibCryptoSha1.Final(ref _native, destination[..Size]);
            LibCryptoSha1.Init(ref _native);
        }
        else if (_large is not null) _large.GetHashAndReset(destination);
        else _managed.GetHashAndReset(destination[..Size]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _large?.Dispose();
        _large = null;
    }

    private void Start()
    {
        _way = _large is null && LibCryptoSha1.IsAvailable ? (byte)1 : (byte)2;
        if (_way == 1) LibCryptoSha1.Init(ref _native);
    }

    /// <summary>The SHA-1 of <paramref name="data"/> into <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (data.Length > LargeInput && !LibCryptoSha1.IsAvailable)
        {
            SHA1.HashData(data, destination);
            return;
        }
        var sha = new Sha1();
        sha.Append(data);
        sha.GetHashAndReset(destination);
    }

    /// <summary>The SHA-1 of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[Size];
        Hash(data, hash);
        return hash;
    }

    /// <summary>
    /// The id git gives an object: the SHA-1 of "<paramref name="type"/> SIZE\0" and <paramref name="body"/>.
    /// </summary>
    /// <param name="type">"blob", "tree", "commit" or "tag", in ASCII.</param>
    /// <param name="body">The object's content.</param>
    /// <param name="destination">Where the 20-byte id goes.</param>
    public static void GitObjectId(ReadOnlySpan<byte> type, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        Span<byte> header = stackalloc byte[32];
        type.CopyTo(header);
        var at = type.Length;
        header[at++] = (byte)' ';
        body.Length.TryFormat(header[at..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        at += digits;
        header[at++] = 0;
        // Not `using var`: that local would be read-only, and a struct's mutating calls would act on copies.
        var sha = new Sha1(at + (long)body.Length);
        try
        {
            sha.Append(header[..at]);
            sha.Append(body);
            sha.GetHashAndReset(destination);
        }
        finally { sha.Dispose(); }
    }
}

/// <summary>SHA-1's compression function: 80 rounds over a 16-word message block.</summary>
internal readonly struct Sha1Rounds : IBlockRounds
{
    public static ReadOnlySpan<uint> InitialState => [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];

    public static void Compress(Span<uint> state, Span<uint> schedule)
    {
        ref var w = ref MemoryMarshal.GetReference(schedule[..80]);
        for (var i = 16; i < 80; i++)
            Unsafe.Add(ref w, i) = BitOperations.RotateLeft(
                Unsafe.Add(ref w, i - 3) ^ Unsafe.Add(ref w, i - 8) ^ Unsafe.Add(ref w, i - 14) ^ Unsafe.Add(ref w, i - 16), 1);

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        // Five rounds per iteration, the variables renamed instead of shifted.
        for (var i = 0; i < 20; i += 5)
        {
            e += BitOperations.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + 0x5A827999 + Unsafe.Add(ref w, i); b = BitOperations.RotateLeft(b, 30);
            d += BitOperations.RotateLeft(e, 5) + (c ^ (a & (b ^ c))) + 0x5A827999 + Unsafe.Add(ref w, i + 1); a = BitOperations.RotateLeft(a, 30);
            c += BitOperations.RotateLeft(d, 5) + (b ^ (e & (a ^ b))) + 0x5A827999 + Unsafe.Add(ref w, i + 2); e = BitOperations.RotateLeft(e, 30);
            b += BitOperations.RotateLeft(c, 5) + (a ^ (d & (e ^ a))) + 0x5A827999 + Unsafe.Add(ref w, i + 3); d = BitOperations.RotateLeft(d, 30);
            a += BitOperations.RotateLeft(b, 5) + (e ^ (c & (d ^ e))) + 0x5A827999 + Unsafe.Add(ref w, i + 4); c = BitOperations.RotateLeft(c, 30);
        }
        ParityRounds(ref a, ref b, ref c, ref d, ref e, ref Unsafe.Add(ref w, 20), 0x6ED9EBA1);
        for (var i = 40; i < 60; i += 5)
        {
            e += BitOperations.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + 0x8F1BBCDC + Unsafe.Add(ref w, i); b = BitOperations.RotateLeft(b, 30);
            d += BitOperations.RotateLeft(e, 5) + ((a & b) | (c & (a | b))) + 0x8F1BBCDC + Unsafe.Add(ref w, i + 1); a = BitOperations.RotateLeft(a, 30);
            c += BitOperations.RotateLeft(d, 5) + ((e & a) | (b & (e | a))) + 0x8F1BBCDC + Unsafe.Add(ref w, i + 2); e = BitOperations.RotateLeft(e, 30);
            b += BitOperations.RotateLeft(c, 5) + ((d & e) | (a & (d | e))) + 0x8F1BBCDC + Unsafe.Add(ref w, i + 3); d = BitOperations.RotateLeft(d, 30);
            a += BitOperations.RotateLeft(b, 5) + ((c & d) | (e & (c | d))) + 0x8F1BBCDC + Unsafe.Add(ref w, i + 4); c = BitOperations.RotateLeft(c, 30);
        }
        ParityRounds(ref a, ref b, ref c, ref d, ref e, ref Unsafe.Add(ref w, 60), 0xCA62C1D6);
        state[0] += a; state[1] += b; state[2] += c; state[3] += d; state[4] += e;
    }

    /// <summary>Rounds 20–39 and 60–79, which differ only in their constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ParityRounds(ref uint a, ref uint b, ref uint c, ref uint d, ref uint e, ref uint w, uint k)
    {
        for (var i = 0; i < 20; i += 5)
        {
            e += BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + k + Unsafe.Add(ref w, i); b = BitOperations.RotateLeft(b, 30);
            d += BitOperations.RotateLeft(e, 5) + (a ^ b ^ c) + k + Unsafe.Add(ref w, i + 1); a = BitOperations.RotateLeft(a, 30);
            c += BitOperations.RotateLeft(d, 5) + (e ^ a ^ b) + k + Unsafe.Add(ref w, i + 2); e = BitOperations.RotateLeft(e, 30);
            b += BitOperations.RotateLeft(c, 5) + (d ^ e ^ a) + k + Unsafe.Add(ref w, i + 3); d = BitOperations.RotateLeft(d, 30);
            a += BitOperations.RotateLeft(b, 5) + (c ^ d ^ e) + k + Unsafe.Add(ref w, i + 4); c = BitOperations.RotateLeft(c, 30);
        }
    }
}
