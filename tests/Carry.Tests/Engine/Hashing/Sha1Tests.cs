using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Carry.Hashing;
using Carry.Tests.Support;
using CsCheck;

namespace Carry.Tests.Engine.Hashing;

/// <summary>
/// Both SHA-1s (managed, and libcrypto's on Linux, which <see cref="Sha1"/> uses there) must give
/// .NET's hash, and git's ids, for every length and chunking.
/// </summary>
public sealed class Sha1Tests
{
    /// <summary>Lengths 0..5000, with the padding's edges (55/56 bytes fit one block or not) drawn often.</summary>
    internal static readonly Gen<byte[]> Messages =
        Gen.Frequency((3, (IGen<int>)Gen.Int[0, 5000]), (1, Gen.OneOf(0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129)))
            .SelectMany(n => Gen.Byte.Array[n]);

    private static string Managed(ReadOnlySpan<byte> data)
    {
        var managed = new BlockHash<Sha1Rounds>();
        managed.Append(data);
        var hash = new byte[Sha1.Size];
        managed.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    private static string Used(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(Sha1.Hash(data));

    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
    public void Fips_180_vectors(string message, string expected)
    {
        Assert.Equal(expected, Managed(Encoding.ASCII.GetBytes(message)));
        Assert.Equal(expected, Used(Encoding.ASCII.GetBytes(message)));
    }

    [SkippableFact]
    public void Linux_hashes_with_libcrypto_when_it_is_installed()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "libcrypto's SHA-1 is used on Linux only");
        var installed = NativeLibrary.TryLoad("libcrypto.so.3", out _) || NativeLibrary.TryLoad("libcrypto.so.1.1", out _);
        Skip.IfNot(installed, "no libcrypto.so.3 or .so.1.1 on this machine (apt-get install libssl3)");
        Assert.True(LibCryptoSha1.IsAvailable);
    }

    [Fact]
    public void The_million_a_vector_is_hashed_managed()
    {
        var million = new byte[1_000_000];
        million.AsSpan().Fill((byte)'a');
        Assert.Equal("34aa973cd4c4daa4f61eeb2bdbad27316534016f", Managed(million));
        Assert.Equal("34aa973cd4c4daa4f61eeb2bdbad27316534016f", Used(million));
    }

    [Fact]
    public void Equals_dotnets_sha1_for_any_message()
    {
        Messages.Sample(m => Managed(m) == Convert.ToHexStringLower(SHA1.HashData(m)) && Used(m) == Managed(m), iter: 3000);
    }

    [Fact]
    public void Appending_in_any_chunks_equals_hashing_at_once()
    {
        var chunked = Messages.SelectMany(m => Gen.Int[0, m.Length].Array[0, 8].Select(cuts => (m, cuts)));
        chunked.Sample(c =>
        {
            var sha = new Sha1();
            InChunks(c.m, c.cuts, data => sha.Append(data));
            var hash = new byte[Sha1.Size];
            sha.GetHashAndReset(hash);
            // Reset: the next message starts from scratch.
            sha.Append("abc"u8);
            var again = new byte[Sha1.Size];
            sha.GetHashAndReset(again);
            var managed = new BlockHash<Sha1Rounds>();
            InChunks(c.m, c.cuts, data => managed.Append(data));
            var managedHash = new byte[Sha1.Size];
            managed.GetHashAndReset(managedHash);
            return hash.AsSpan().SequenceEqual(SHA1.HashData(c.m)) && managedHash.AsSpan().SequenceEqual(hash)
                && Convert.ToHexStringLower(again) == "a9993e364706816aba3e25717850c26c9cd0d89d";
        }, iter: 2000);
    }

    private delegate void Appender(ReadOnlySpan<byte> data);

    /// <summary>Appends <paramref name="message"/> in the pieces <paramref name="cuts"/> make of it.</summary>
    private static void InChunks(byte[] message, int[] cuts, Appender append)
    {
        var at = 0;
        foreach (var cut in cuts.Order())
        {
            append(message.AsSpan(at, cut - at));
            at = cut;
        }
        append(message.AsSpan(at));
    }

    [Theory]
    [InlineData(Sha1.LargeInput)]       // the largest managed one-shot
    [InlineData(Sha1.LargeInput + 1)]   // the smallest one for .NET's, without libcrypto
    [InlineData(3 * Sha1.LargeInput + 17)]
    public void Large_inputs_hash_the_same_on_either_side_of_the_threshold(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var expected = SHA1.HashData(data);
        Assert.Equal(expected, Sha1.Hash(data));
        // Incremental, told the size (.NET's above the threshold, without libcrypto), and told wrongly both ways.
        foreach (var expectedLength in new long[] { length, 0, 10L * Sha1.LargeInput })
        {
            var sha = new Sha1(expectedLength);
            try
            {
                sha.Append(data.AsSpan(0, 1000));
                sha.Append(data.AsSpan(1000));
                var hash = new byte[Sha1.Size];
                sha.GetHashAndReset(hash);
                Assert.Equal(expected, hash);
            }
            finally { sha.Dispose(); }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(45)]                  // header + body = 55 bytes: the padding still fits
    [InlineData(50)]
    [InlineData(Sha1.LargeInput + 5)] // past the managed threshold
    public void Object_ids_are_gits(int length)
    {
        using var repo = TempRepo.WithBase();
        var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)));
        var id = new byte[Sha1.Size];
        Sha1.GitObjectId("blob"u8, Encoding.ASCII.GetBytes(text), id);
        Assert.Equal(repo.GitWithInput(text, "hash-object", "--stdin").Trim(), Convert.ToHexStringLower(id));
    }
}
