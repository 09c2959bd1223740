using Carry.Git;
using Carry.Storage;

namespace Carry.Operations.Stack;

/// <summary>
/// The way back from a damaged stack ref (garbage in <c>refs/carry/&lt;branch&gt;</c>, a
/// missing object, a commit that is not a stack record): the ref's own reflog, as a git user
/// would look for it with <c>git reflog</c>. Only the stack ref changes; branch and files do not.
/// </summary>
public static class Rescue
{
    /// <summary>What <see cref="FromReflog"/> put back.</summary>
    /// <param name="Record">The stack record the ref points at again.</param>
    /// <param name="Skipped">How many newer reflog entries were not readable records.</param>
    public sealed record Restored(StackRecord Record, int Skipped);

    /// <summary>Points the stack ref of the branch checked out at <paramref name="path"/> back at the newest readable record its reflog names.</summary>
    public static Restored FromReflog(string path, string command)
    {
        using var repo = CarryRepository.Open(path);
        var branch = repo.CurrentBranch ?? throw new CarryException(
            "you are not on a branch (HEAD is detached)", "check out the branch whose stack to repair with 'git switch <branch>'.");
        using var held = RepoLock.Acquire(repo.CommonDir, command);
        var store = new StackStore(repo);
        var name = StackStore.RefFor(branch);
        Oid? current = null;
        var broken = false;
        try { current = repo.ReadRef(name); }
        catch (BrokenRefException) { broken = true; }
        if (!broken && current is null) throw StackSession.NoStack(branch);
        if (!broken && store.TryRead(current!.Value, out _) is not null)
            throw new CarryException($"the stack ref {name} is not damaged: nothing to take from its reflog",
                "'carry log' shows the stack's history; 'carry undo' goes back in it.");
        var skipped = 0;
        foreach (var id in repo.Reflog(name).Reverse())
        {
            if (id == current || store.TryRead(id, out _) is not { } record)
            {
                skipped++;
                continue;
            }
            var message = $"carry: {command} (from the reflog)";
            // A ref git cannot read, or one naming a missing object (whose reflog entry git fsck
            // would then report), is replaced as new; a readable one moves as usual.
            if (broken || !repo.Objects.Contains(current!.Value)) repo.ReplaceBrokenRef(name, id, message);
            else repo.UpdateRefs([new RefUpdate(name, current, id)], message);
            return new Restored(record, skipped);
        }
        throw new CarryException(
            $"the reflog of {name} names no readable stack record",
            $"'git fsck --lost-found' lists commits nothing points at; a stack record's subject starts with 'carry '. " +
            $"'git update-ref {name} <id>' points the ref at one.");
    }
}
