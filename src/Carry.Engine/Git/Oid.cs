namespace Carry.Git;

/// <summary>
/// A git object id (SHA-1), kept as its 40-character lowercase hex form. Strings keep the
/// engine's types independent of LibGit2Sharp and make ids easy to log, compare and store.
/// </summary>
public readonly record struct Oid
{
    /// <summary>The 40-character lowercase hex form.</summary>
    public string Hex { get; }

    /// <summary>Wraps a hex id; throws if it is not 40 hex digits.</summary>
    public Oid(string hex)
    {
        if (!IsValid(hex)) throw new ArgumentException($"not an object id: '{hex}'", nameof(hex));
        Hex = hex.ToLowerInvariant();
    }

    // Trusted input (already lowercase hex): skips validation on the hot path of tree parsing.
    private Oid(string lowerHex, bool trusted) => Hex = lowerHex;

    /// <summary>The first seven digits, as git abbreviates ids for people.</summary>
    public string Short => Hex[..7];

    /// <summary>True when <paramref name="hex"/> is exactly 40 hex digits.</summary>
    public static bool IsValid(string? hex) =>
        hex is { Length: 40 } && hex.All(Uri.IsHexDigit);

    /// <summary>The id <paramref name="hex"/> spells in git's own lowercase form (as git prints ids), or null.</summary>
    public static Oid? TryParseLower(ReadOnlySpan<char> hex)
    {
        if (hex.Length != 40 || hex.ContainsAnyExcept(LowerHex)) return null;
        return new Oid(hex.ToString(), trusted: true);
    }

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>Builds an id from its 20 raw bytes.</summary>
    public static Oid FromBytes(ReadOnlySpan<byte> raw) => new(Convert.ToHexStringLower(raw), trusted: true);

    /// <summary>The 20 raw bytes of the id.</summary>
    public byte[] ToBytes() => Convert.FromHexString(Hex);

    /// <summary>Writes the 20 raw bytes of the id into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => Convert.FromHexString(Hex, destination[..20], out _, out _);

    /// <inheritdoc/>
    public override string ToString() => Hex;
}
