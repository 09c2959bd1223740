using System.Security.Cryptography;
using System.Text;
using Carry.Hashing;
using CsCheck;

namespace Carry.Tests.Engine.Hashing;

/// <summary>The managed SHA-256 keys recorded data (resolutions, fingerprints): it must equal .NET's, byte for byte.</summary>
public sealed class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Fips_180_vectors(string message, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Sha256.Hash(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void Equals_dotnets_sha256_for_any_message()
    {
        Sha1Tests.Messages.Sample(m => Sha256.Hash(m).AsSpan().SequenceEqual(SHA256.HashData(m)), iter: 3000);
    }

    [Theory]
    [InlineData(1_000_000)]          // the million-'a' vector, managed
    [InlineData(Sha1.LargeInput + 1)] // OpenSSL's side of the threshold
    public void Long_messages(int length)
    {
        var data = new byte[length];
        data.AsSpan().Fill((byte)'a');
        Assert.Equal(SHA256.HashData(data), Sha256.Hash(data));
        if (length == 1_000_000)
            Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexStringLower(Sha256.Hash(data)));
    }
}
