using Carry.Tests.Stories.Stack;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>What 'carry split -p' shows: each hunk and its prompt, a split hunk, the help, a refusal.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class SplitPromptOutputTests
{
    [Fact]
    public void Split_by_hunks()
    {
        using var repo = SplitHunksTests.PatchWithHunks();
        var t = new Transcript().Name(repo.Dir, "<repo>");
        string[] args = ["split", "-p", "-n", "first-edits"];
        t.Note("answers: n, y, ?, n, y, s, y, n");
        t.Add(args, SplitHunksTests.WithAnswers(repo, "n\ny\n?\nn\ny\ns\ny\nn\n", args));
        t.Ok(repo, "series");
        t.Ok(repo, "undo");
        t.Note("answers: n, d");
        t.Add(["split", "-p"], SplitHunksTests.WithAnswers(repo, "n\nd\n", "split", "-p"));
        t.Match("Split_by_hunks");
    }
}
