using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Whole-output snapshots of typical refusals: the exit code and every line on stderr.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class RefusalOutputTests
{
    [Fact]
    public void Typical_refusals()
    {
        using var plain = TempRepo.WithBase(1);
        using var repo = TempRepo.WithStack(2);
        var t = new Transcript().Name(plain.Dir, "<plain>").Name(repo.Dir, "<repo>");
        t.Fails(plain, "series");
        t.Fails(plain, "init", "--base", "upstream/nowhere");
        t.Fails(repo, "init", "--base", "base");
        t.Fails(repo, "frobnicate");
        t.Fails(repo, "push", "--bogus");
        t.Fails(repo, "new", "has space");
        t.Fails(repo, "goto", "nope");
        t.Fails(repo, "push");
        t.Fails(repo, "range-diff", "nothing");
        t.Fails(repo, "guard", "patch-number-1", "x86");
        t.Fails(repo, "fork-only", "patch-number-1");
        repo.Write("file-2.txt", "a local edit in the way\n");
        t.Note("file-2.txt edited, not committed");
        t.Fails(repo, "pop", "-a");
        repo.Git("checkout", "--", "file-2.txt");
        t.Ok(repo, "layer", "set", "private", "patch-number-1");
        t.Fails(repo, "publish", "patch-number-1");
        t.Fails(repo, "propose", "patch-number-1", "--url", "https://git.example/mr/1");
        t.Match("Typical_refusals");
    }
}
