using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Carry.Git;

/// <summary>
/// A git object id (SHA-1), kept as its 20 raw bytes. A replay makes and compares ids by the
/// hundred thousand (every tree entry it reads, every key of the object caches): as bytes, an id
/// is made without an allocation and compared as one span. Its 40-digit hex form is spelled when
/// asked for.
/// </summary>
public readonly struct Oid : IEquatable<Oid>
{
    [InlineArray(20)]
    private struct Raw
    {
        private byte _first;
    }

    private readonly Raw _raw;

    /// <summary>Wraps a hex id; throws if it is not 40 hex digits.</summary>
    public Oid(string hex)
    {
        if (!IsValid(hex)) throw new ArgumentException($"not an object id: '{hex}'", nameof(hex));
        Convert.FromHexString(hex, _raw, out _, out _);
    }

    private Oid(ReadOnlySpan<byte> raw) => raw.CopyTo(_raw);

    /// <summary>The 40-character lowercase hex form.</summary>
    public string Hex => Convert.ToHexStringLower(_raw);

    /// <summary>The first seven digits, as git abbreviates ids for people.</summary>
    public string Short => Hex[..7];

    /// <summary>True when <paramref name="hex"/> is exactly 40 hex digits.</summary>
    public static bool IsValid(string? hex) =>
        hex is { Length: 40 } && hex.All(Uri.IsHexDigit);

    /// <summary>The id <paramref name="hex"/> spells in git's own lowercase form (as git prints ids), or null.</summary>
    public static Oid? TryParseLower(ReadOnlySpan<char> hex)
    {
        if (hex.Length != 40 || hex.ContainsAnyExcept(LowerHex)) return null;
        Span<byte> raw = stackalloc byte[20];
        Convert.FromHexString(hex, raw, out _, out _);
        return new Oid(raw);
    }

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>Builds an id from its 20 raw bytes.</summary>
    public static Oid FromBytes(ReadOnlySpan<byte> raw) =>
        raw.Length >= 20 ? new Oid(raw[..20]) : throw new ArgumentException("an object id is 20 bytes", nameof(raw));

    /// <summary>The 20 raw bytes of the id.</summary>
    public byte[] ToBytes() => ((ReadOnlySpan<byte>)_raw).ToArray();

    /// <summary>Writes the 20 raw bytes of the id into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_raw).CopyTo(destination);

    /// <inheritdoc/>
    public bool Equals(Oid other) => ((ReadOnlySpan<byte>)_raw).SequenceEqual(other._raw);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Oid other && Equals(other);

    /// <summary>
    /// All 20 bytes through <see cref="HashCode"/>, whose seed changes with every process: ids
    /// come from upstream's and anyone's objects, and a few bytes of an id alone could be chosen
    /// (by hashing many variants of an object) to crowd one bucket of a dictionary.
    /// </summary>
    public override int GetHashCode()
    {
        ReadOnlySpan<byte> raw = _raw;
        return HashCode.Combine(BinaryPrimitives.ReadUInt64LittleEndian(raw), BinaryPrimitives.ReadUInt64LittleEndian(raw[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[16..]));
    }

    /// <summary>Same id.</summary>
    public static bool operator ==(Oid left, Oid right) => left.Equals(right);

    /// <summary>Different ids.</summary>
    public static bool operator !=(Oid left, Oid right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Hex;
}
