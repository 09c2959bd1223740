using Carry.Tests.Stories.Layers;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Private;

/// <summary>
/// 'carry export' writes patches to share (mails for git send-email, a quilt series): the private
/// layer is left out and named, unless --include-private asks for it.
/// </summary>
public sealed class ExportKitTests
{
    [Fact]
    public void Export_leaves_the_private_patches_out_and_names_them_unless_asked()
    {
        using var s = new UpstreamScenario();
        LayerRepo.NewPatch(s.Fork, "kit-envrc", "private", (".envrc", "export SECRET=abc\n"));
        LayerRepo.NewPatch(s.Fork, "pub1", "upstream", ("feature.txt", "the feature\n"));
        var mails = Path.Combine(s.Fork.Dir, "..", Path.GetFileName(s.Fork.Dir) + "-mails") + "/";
        var quilt = Path.Combine(s.Fork.Dir, "..", Path.GetFileName(s.Fork.Dir) + "-quilt");
        try
        {
            var mbox = s.Fork.CarryOk("export", "mbox", mails, "--cover-letter");
            var series = s.Fork.CarryOk("export", "quilt", quilt);

            foreach (var run in new[] { mbox, series })
                Assert.Contains("left out 1 private patch (the development kit): kit-envrc; '--include-private' includes them", run.Err);
            Assert.Equal(["0000-cover-letter.patch", "0001-pub1.patch"], Directory.GetFiles(mails).Select(Path.GetFileName).Order());
            Assert.Equal("pub1.patch\n", File.ReadAllText(Path.Combine(quilt, "series")));
            Assert.DoesNotContain(Directory.GetFiles(mails).Concat(Directory.GetFiles(quilt)), f => File.ReadAllText(f).Contains("SECRET"));

            var all = s.Fork.CarryOk("export", "quilt", quilt + "-all", "--include-private");
            Assert.DoesNotContain("left out", all.Err);
            Assert.Equal("kit-envrc.patch\npub1.patch\n", File.ReadAllText(Path.Combine(quilt + "-all", "series")));
        }
        finally
        {
            foreach (var dir in new[] { mails, quilt, quilt + "-all" })
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
