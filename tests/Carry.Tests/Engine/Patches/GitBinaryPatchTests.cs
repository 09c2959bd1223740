using System.IO.Compression;
using System.Text;
using Carry.Patches;
using static Carry.Tests.Engine.Patches.PatchText;

using Carry.Tests.Support;

namespace Carry.Tests.Engine.Patches;

public sealed class GitBinaryPatchTests
{
    private static readonly byte[] Old = [0, 1, 2, 3, 0xff, 0xfe, (byte)'\n', 0, 42];
    private static readonly byte[] New = [0, 1, 2, 3, 0xff, 0xfe, (byte)'\n', 0, 43, 44, 45];

    [Fact]
    public void Literal_blocks_decode_and_apply_both_ways()
    {
        var diff = Parse(Block("literal", New), Block("literal", Old), BinaryApplier.BlobId(Old), BinaryApplier.BlobId(New));
        Assert.True(diff.IsBinary);
        Assert.Equal(BinaryHunkKind.Literal, diff.Binary!.Forward!.Kind);
        Assert.Equal(New, diff.Binary.Forward.Data);
        Assert.Equal(Old, diff.Binary.Reverse!.Data);

        var forward = HunkApplier.Apply(diff, Old);
        Assert.Equal(ApplyStatus.Clean, forward.Status);
        Assert.Equal(New, forward.Content);
        Assert.Equal(Old, HunkApplier.Apply(diff, New, new ApplyOptions { Reverse = true }).Content);
    }

    [Fact]
    public void Delta_blocks_apply_to_the_original()
    {
        // base size 9, result size 11; copy bytes 0..8 of the base, then insert "+,-".
        byte[] delta = [9, 11, 0x90, 8, 3, 43, 44, 45];
        var diff = Parse(Block("delta", delta), null, null, null);
        Assert.Equal(BinaryHunkKind.Delta, diff.Binary!.Forward!.Kind);
        Assert.Equal(New, HunkApplier.Apply(diff, Old).Content);

        var wrongBase = HunkApplier.Apply(diff, New);
        Assert.Equal(ApplyFailureKind.BinaryMismatch, wrongBase.Failure!.Kind);
        Assert.Contains("expects a 9-byte original", wrongBase.Failure.Message);
    }

    [Fact]
    public void Binary_data_is_refused_for_a_file_that_is_not_the_patch_preimage()
    {
        var diff = Parse(Block("literal", New), Block("literal", Old), BinaryApplier.BlobId(Old), BinaryApplier.BlobId(New));
        var result = HunkApplier.Apply(diff, [9, 9, 9]);
        Assert.Equal(ApplyFailureKind.BinaryMismatch, result.Failure!.Kind);
    }

    [Fact]
    public void A_binary_stanza_without_data_fails_by_default_and_can_be_skipped_visibly()
    {
        var diff = UnifiedDiffReader.Parse(Lines(
            "diff --git a/img.png b/img.png",
            "index 1111111..2222222 100644",
            "Binary files a/img.png and b/img.png differ")).Files[0];

        var failed = HunkApplier.Apply(diff, Old);
        Assert.Equal(ApplyFailureKind.BinaryWithoutData, failed.Failure!.Kind);
        Assert.Contains("carries no data", failed.Failure.Message);

        var skipped = HunkApplier.Apply(diff, Old, new ApplyOptions { BinaryWithoutData = BinaryWithoutDataPolicy.Skip });
        Assert.Equal(ApplyStatus.Skipped, skipped.Status);
        Assert.True(skipped.Succeeded);
        Assert.False(skipped.Deletes);
        Assert.Equal(Old, skipped.Content);
        Assert.Contains("left unchanged", skipped.Note);
    }

    [Fact]
    public void Corrupt_binary_data_is_a_format_error()
    {
        var good = Block("literal", New);
        var lines = good.Split('\n');
        var shortLine = lines[1][..^1];
        Assert.Contains("base85 characters", Assert.Throws<PatchFormatException>(() => Parse(
            string.Join("\n", [lines[0], shortLine, "", ""]), null, null, null)).Message);
        var wrongSize = good.Replace($"literal {New.Length}", $"literal {New.Length + 1}", StringComparison.Ordinal);
        Assert.Contains("does not inflate", Assert.Throws<PatchFormatException>(() => Parse(wrongSize, null, null, null)).Message);
        var huge = good.Replace($"literal {New.Length}", "literal 2000000000", StringComparison.Ordinal);
        Assert.Contains("more than its", Assert.Throws<PatchFormatException>(() => Parse(huge, null, null, null)).Message);
    }

    [Fact]
    public void Base85_round_trips()
    {
        var data = Enumerable.Range(0, 52).Select(i => (byte)(i * 37)).ToArray();
        var text = Encoding.ASCII.GetBytes(Base85.Encode(data));
        var decoded = new byte[(data.Length + 3) / 4 * 4];
        Assert.True(Base85.TryDecode(text, decoded));
        Assert.Equal(data, decoded[..data.Length]);
    }

    [Fact]
    public void Patches_made_by_git_diff_binary_apply()
    {
        if (!Corpus.HasProgram("git"))
            return;
        var dir = Directory.CreateTempSubdirectory("carry-bin-").FullName;
        try
        {
            var random = new Random(7);
            var before = new byte[5000];
            random.NextBytes(before);
            var after = (byte[])before.Clone();
            after[100] ^= 0xff;
            after = [.. after, .. new byte[300]];
            Git(dir, "init", "-q");
            File.WriteAllBytes(Path.Combine(dir, "blob.bin"), before);
            File.WriteAllBytes(Path.Combine(dir, "gone.bin"), [1, 2, 0, 3]);
            Git(dir, "add", ".");
            Git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one");
            File.WriteAllBytes(Path.Combine(dir, "blob.bin"), after);
            File.Delete(Path.Combine(dir, "gone.bin"));
            File.WriteAllBytes(Path.Combine(dir, "new.bin"), [0, 0, 7]);
            Git(dir, "add", "-A");
            var patchText = Git(dir, "diff", "--cached", "--binary", "--full-index");

            var patch = UnifiedDiffReader.Parse(Utf8(patchText));
            var source = new DictionaryFileSource(new Dictionary<string, byte[]>
            {
                ["blob.bin"] = before,
                ["gone.bin"] = [1, 2, 0, 3],
            });
            var result = PatchApplier.Apply(patch, source);
            Assert.True(result.Succeeded, string.Join("; ", result.Files.Select(f => f.Result.Failure?.Message)));
            var changes = result.Changes.ToDictionary(c => c.Path);
            Assert.Equal(after, changes["blob.bin"].Content);
            Assert.True(changes["gone.bin"].IsDeletion);
            Assert.Equal([0, 0, 7], changes["new.bin"].Content);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Git(string dir, params string[] args)
    {
        Assert.True(Corpus.Run("git", args, dir, out var text), text);
        return text;
    }

    private static FileDiff Parse(string forward, string? reverse, string? oldIndex, string? newIndex)
    {
        var index = oldIndex is null ? "" : $"index {oldIndex}..{newIndex}\n";
        return UnifiedDiffReader.Parse($"diff --git a/f.bin b/f.bin\n{index}GIT binary patch\n{forward}{reverse}").Files[0];
    }

    /// <summary>A block as git writes it: header, base85 lines of up to 52 bytes of zlib data, blank line.</summary>
    private static string Block(string kind, byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(data);
        var compressed = buffer.ToArray();
        var text = new StringBuilder($"{kind} {data.Length}\n");
        for (var i = 0; i < compressed.Length; i += 52)
        {
            var chunk = compressed.AsSpan(i, Math.Min(52, compressed.Length - i));
            text.Append(chunk.Length <= 26 ? (char)('A' + chunk.Length - 1) : (char)('a' + chunk.Length - 27));
            text.Append(Base85.Encode(chunk)).Append('\n');
        }
        return text.Append('\n').ToString();
    }
}
