using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Carry.Hashing;

/// <summary>
/// OpenSSL's low-level SHA-1 (<c>SHA1_Init</c>, <c>SHA1_Update</c>, <c>SHA1_Final</c>), called
/// straight from libcrypto on Linux.
/// <para>
/// Why: on CPUs with the SHA extensions (most x86-64 since 2017, every ARMv8 with crypto) its
/// code hashes 4–7x faster than <see cref="Sha1Rounds"/>, and the hashing is on the hot path
/// (every tree a replay writes, a 480 KB index, a pack). Why not .NET's
/// <see cref="System.Security.Cryptography.SHA1"/>, which is OpenSSL too: it goes through the EVP
/// layer, whose first use initialises OpenSSL's providers and fetches the digest, costing a short
/// command more than the hashing saves. These three functions are OpenSSL's plain
/// implementation (deprecated in 3.0, still exported by 1.1 and every 3.x) with none of that set-up.
/// And the library is already in the process: libgit2's start loads libssl, which loads it.
/// </para>
/// <para>
/// Elsewhere (macOS, Windows, no libcrypto) <see cref="IsAvailable"/> is false and
/// <see cref="Sha1"/> stays managed.
/// </para>
/// </summary>
internal static unsafe class LibCryptoSha1
{
    // SHA_CTX: h0..h4, Nl, Nh, data[16], num = 24 words in OpenSSL 1.1 and 3.x; room is kept.
    [InlineArray(32)]
    internal struct Context { private uint _word; }

    private static readonly delegate* unmanaged<Context*, int> s_init;
    private static readonly delegate* unmanaged<Context*, byte*, nuint, int> s_update;
    private static readonly delegate* unmanaged<byte*, Context*, int> s_final;

    static LibCryptoSha1()
    {
        if (!OperatingSystem.IsLinux()) return;
        // The names libssl links against (3.x, then 1.1): the copy libgit2 has loaded, if it has.
        foreach (var name in (ReadOnlySpan<string>)["libcrypto.so.3", "libcrypto.so.1.1"])
        {
            if (!NativeLibrary.TryLoad(name, out var lib)) continue;
            if (NativeLibrary.TryGetExport(lib, "SHA1_Init", out var init)
                && NativeLibrary.TryGetExport(lib, "SHA1_Update", out var update)
                && NativeLibrary.TryGetExport(lib, "SHA1_Final", out var final))
            {
                s_init = (delegate* unmanaged<Context*, int>)init;
                s_update = (delegate* unmanaged<Context*, byte*, nuint, int>)update;
                s_final = (delegate* unmanaged<byte*, Context*, int>)final;
                return;
            }
        }
    }

    /// <summary>libcrypto was found and exports the three functions.</summary>
    public static bool IsAvailable => s_init != null;

    public static void Init(ref Context context)
    {
        fixed (Context* c = &context) s_init(c);
    }

    public static void Update(ref Context context, ReadOnlySpan<byte> data)
    {
        fixed (Context* c = &context)
        fixed (byte* p = data) s_update(c, p, (nuint)data.Length);
    }

    /// <summary>Writes the 20-byte hash; the context must be initialised again before reuse.</summary>
    public static void Final(ref Context context, Span<byte> destination)
    {
        fixed (Context* c = &context)
        fixed (byte* d = destination) s_final(d, c);
    }
}
