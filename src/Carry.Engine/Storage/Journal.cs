using System.Text;
using Carry.Git;

namespace Carry.Storage;

/// <summary>
/// What a transaction is about to do to the working tree and refs, written into the lock
/// before it starts. If the process dies part-way, the next run rolls it forward: the new
/// objects are already stored, so finishing is always possible and never loses a change.
/// </summary>
/// <param name="BranchRef">The branch being moved (refs/heads/…).</param>
/// <param name="StateRef">The stack ref being moved (refs/carry/…).</param>
/// <param name="OldHead">The branch before.</param>
/// <param name="NewHead">The branch after.</param>
/// <param name="OldState">The stack record before (null: no stack yet).</param>
/// <param name="NewState">The stack record after (null: the stack is removed).</param>
/// <param name="FromTree">The tree the index and working tree held when the step started.</param>
/// <param name="ToTree">The tree they must hold afterwards.</param>
public sealed record Journal(
    string BranchRef, string StateRef, Oid OldHead, Oid NewHead, Oid? OldState, Oid? NewState, Oid FromTree, Oid ToTree)
{
    /// <summary>The journal as lock-file lines.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append("journal 1\n");
        sb.Append($"branch-ref {BranchRef}\nstate-ref {StateRef}\n");
        sb.Append($"old-head {OldHead.Hex}\nnew-head {NewHead.Hex}\n");
        if (OldState is { } o) sb.Append($"old-state {o.Hex}\n");
        if (NewState is { } n) sb.Append($"new-state {n.Hex}\n");
        sb.Append($"from-tree {FromTree.Hex}\nto-tree {ToTree.Hex}\n");
        return sb.ToString();
    }

    /// <summary>Reads a journal back from lock-file text; null if there is none.</summary>
    public static Journal? Parse(string text)
    {
        var f = RepoLock.Fields(text);
        if (!f.ContainsKey("journal")) return null;
        Oid? Opt(string key) => f.TryGetValue(key, out var v) ? new Oid(v) : null;
        try
        {
            return new Journal(f["branch-ref"], f["state-ref"], new Oid(f["old-head"]), new Oid(f["new-head"]),
                Opt("old-state"), Opt("new-state"), new Oid(f["from-tree"]), new Oid(f["to-tree"]));
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException)
        {
            return null;
        }
    }
}
