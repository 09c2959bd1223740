using Carry.Git;
using CsCheck;

namespace Carry.Tests.Engine.Git;

/// <summary>
/// An id is kept as its 20 bytes and spelled as hex on demand: every way of making one must give
/// the same id, equal ids must hash alike, and the hex must be git's (40 lowercase digits).
/// </summary>
public sealed class OidTests
{
    [Fact]
    public void Bytes_and_hex_make_the_same_id()
    {
        Gen.Byte.Array[20].Sample(raw =>
        {
            var hex = Convert.ToHexStringLower(raw);
            var fromBytes = Oid.FromBytes(raw);
            var fromHex = new Oid(hex);
            var fromUpper = new Oid(hex.ToUpperInvariant());
            Assert.Equal(hex, fromBytes.Hex);
            Assert.Equal(hex, fromUpper.Hex);
            Assert.Equal(fromBytes, fromHex);
            Assert.True(fromBytes == fromUpper && !(fromBytes != fromUpper));
            Assert.Equal(fromBytes.GetHashCode(), fromHex.GetHashCode());
            Assert.Equal(raw, fromHex.ToBytes());
            Assert.Equal(fromHex, Oid.TryParseLower(hex));
            Assert.Equal(hex[..7], fromHex.Short);
        });
    }

    [Fact]
    public void Ids_differing_in_any_byte_differ()
    {
        Gen.Select(Gen.Byte.Array[20], Gen.Int[0, 19], Gen.Byte[1, 255]).Sample((raw, at, flip) =>
        {
            var other = (byte[])raw.Clone();
            other[at] ^= flip;
            Assert.NotEqual(Oid.FromBytes(raw), Oid.FromBytes(other));
            Assert.True(Oid.FromBytes(raw) != Oid.FromBytes(other));
        });
    }

    [Fact]
    public void Malformed_ids_are_refused()
    {
        var hex = new string('a', 40);
        Assert.Null(Oid.TryParseLower(hex.ToUpperInvariant()));
        Assert.Null(Oid.TryParseLower(hex.AsSpan(0, 39)));
        Assert.Throws<ArgumentException>(() => new Oid(hex[..39] + "g"));
        Assert.Throws<ArgumentException>(() => Oid.FromBytes(new byte[19]));
        // The default id is git's null id, and equal to it.
        Assert.Equal(new Oid(new string('0', 40)), default);
    }

    [Fact]
    public void Ids_with_a_shared_prefix_spread_over_hash_codes()
    {
        // Ids that share their first bytes (which anyone can arrange by hashing variants of an
        // object) must not share a hash code: the whole id is hashed.
        var codes = Enumerable.Range(0, 256).Select(i =>
        {
            var raw = new byte[20];
            raw[19] = (byte)i;
            return Oid.FromBytes(raw).GetHashCode();
        }).Distinct().Count();
        Assert.True(codes > 250, $"{codes} distinct hash codes for 256 ids differing in their last byte");
    }
}
