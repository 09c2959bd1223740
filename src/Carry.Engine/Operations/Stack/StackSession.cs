using Carry.Git;
using Carry.Model;
using Carry.Storage;

namespace Carry.Operations.Stack;

/// <summary>What a command needs checked before it may change anything.</summary>
[Flags]
public enum Preconditions
{
    /// <summary>Nothing beyond an attached HEAD.</summary>
    None = 0,
    /// <summary>The branch must have a stack.</summary>
    Stack = 1,
    /// <summary>The branch must still be where the stack left it.</summary>
    HeadMatches = 2,
    /// <summary>The index must hold no unresolved conflict.</summary>
    NoConflicts = 4,
    /// <summary>No sync may be stopped at a conflict (it owns the working tree until continued, skipped or aborted).</summary>
    NoSync = 8,
    /// <summary>What most commands need.</summary>
    Standard = Stack | HeadMatches | NoConflicts | NoSync,
}

/// <summary>
/// One command's hold on a branch's stack: the repository, the lock, and the stack as it was
/// when the command started. Commands read <see cref="State"/>, compute the state they want,
/// and hand it to a <see cref="StackTransaction"/> from <see cref="Begin"/>.
/// </summary>
public sealed class StackSession : IDisposable
{
    private readonly RepoLock? _lock;

    private StackSession(CarryRepository repo, RepoLock? repoLock, string branch)
    {
        Repo = repo;
        _lock = repoLock;
        Branch = branch;
        Store = new StackStore(repo);
    }

    /// <summary>The repository.</summary>
    public CarryRepository Repo { get; }

    /// <summary>Reads and writes stack records.</summary>
    public StackStore Store { get; }

    /// <summary>The branch whose stack this is (short name).</summary>
    public string Branch { get; }

    /// <summary>The branch's full ref name.</summary>
    public string BranchRef => "refs/heads/" + Branch;

    /// <summary>The newest record, or null if the branch has no stack yet.</summary>
    public StackRecord? Record { get; internal set; }

    /// <summary>The current stack (throws if there is none; opened with <see cref="Preconditions.Stack"/> it exists).</summary>
    public StackState State => Record?.State ?? throw NoStack(Branch);


    /// <summary>
    /// The branch head as this command found it (after any recovery), then as its last
    /// transaction left it: the value a ref update must find, else someone else moved the branch.
    /// </summary>
    public Oid? StartHead { get; internal set; }

    /// <summary>The lock this session holds, or null for a read-only session.</summary>
    internal RepoLock? Lock => _lock;

    /// <summary>
    /// Opens the stack of the branch checked out at <paramref name="path"/>. Commands that change
    /// the stack pass <paramref name="write"/> and get the repository lock.
    /// </summary>
    /// <param name="path">Where the command runs.</param>
    /// <param name="command">The command line, for the lock file.</param>
    /// <param name="checks">What must hold before the command may run.</param>
    /// <param name="write">True for commands that change the stack.</param>
    /// <param name="notify">Told of anything done while opening (a crashed run finished), even when a check then fails.</param>
    public static StackSession Open(string path, string command, Preconditions checks, bool write = true, Action<string>? notify = null)
    {
        var repo = CarryRepository.Open(path);
        try
        {
            // A git merge, rebase, cherry-pick… left waiting for the user owns HEAD and the index
            // until it is finished: a writer refuses, before any lock or recovery, so that nothing
            // changes. Readers go on (status tells of it), unless it left HEAD detached (a rebase):
            // then what to finish says more than "not on a branch".
            var operation = GitOperation.InProgress(repo.GitDir);
            if (operation is not null && (write || repo.CurrentBranch is null)) throw operation.Refusal();
            var branch = repo.CurrentBranch ?? throw new CarryException(
                "you are not on a branch (HEAD is detached)",
                "carry keeps a stack per branch: check one out with 'git switch <branch>'.");
            // A reader also finishes a crashed run's journal first, so it never shows half a command.
            // Journals are per working tree: one left in another working tree waits for a run there.
            var repoLock = write || Journal.Exists(repo.GitDir) ? RepoLock.Acquire(repo.CommonDir, command, wait: !write) : null;
            try
            {
                var session = new StackSession(repo, repoLock, branch);
                if (repoLock is not null)
                {
                    CrashPoint.Hit("locked");
                    // Holding the lock, no other carry is running: what a killed one left can go.
                    if (Journal.Read(repo.GitDir) is { } journal) notify?.Invoke(Recovery.Finish(session, journal));
                    Leftovers.Clean(repo.GitDir, "carry-index-");
                    Leftovers.Clean(repo.GitDir, "carry-journal.");
                    Leftovers.Clean(repo.GitDir, SeriesCache.FileName + ".");
                    RepoLock.CleanLeftovers(repo.CommonDir);
                    Leftovers.Clean(repo.CommonDir, LooseRefTransaction.TempPrefix);
                    Leftovers.Clean(Path.Combine(repo.CommonDir, "objects", "pack"), PackWriter.TempPrefix);
                    Leftovers.Clean(repo.CommonDir, ChangeCache.FileName + ".");
                }
                session.Record = session.Store.Load(branch);
                // Every ref update compares with this, so that nothing done meanwhile is overwritten.
                session.StartHead = repo.ReadRef(session.BranchRef);
                session.Check(checks);
                return session;
            }
            catch
            {
                repoLock?.Dispose();
                throw;
            }
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    private void Check(Preconditions checks)
    {
        if (checks.HasFlag(Preconditions.Stack) && Record is null) throw NoStack(Branch);
        if (checks.HasFlag(Preconditions.NoSync) && Record?.State.Sync is { } sync) throw SyncInProgress(sync);
        if (checks.HasFlag(Preconditions.NoConflicts) && Repo.HasConflicts)
            throw new CarryException("you have unmerged paths in the index",
                "resolve them and 'git add' them (or 'git reset --merge'), then try again.");
        if (checks.HasFlag(Preconditions.HeadMatches) && Record is not null) CheckHead();
    }

    private void CheckHead()
    {
        var head = StartHead;
        var expected = State.Head;
        if (head == expected) return;
        string what;
        if (head is { } h && Repo.IsAncestor(expected, h)) what = "commits were added on top of the stack";
        else if (head is { } d && Repo.IsAncestor(d, expected)) what = "the branch was reset below the top patch";
        else what = "the branch was rewritten";
        // A commit made while a sync is stopped (resolve, add, commit: a habit) cannot be repaired
        // into the stack, since repair waits for the sync to end: its content goes back to the index,
        // where --continue takes a resolution from, so nothing is lost and the loop ends.
        if (State.Sync is { } sync && what == "commits were added on top of the stack")
            throw new CarryException(
                $"branch '{Branch}' was changed outside carry while the sync was stopped at patch '{sync.Stopped}' (commits were added on top): it is at {head?.Short}, the sync expects {expected.Short}",
                $"put the commits' changes back as staged changes with 'git reset --soft {expected.Short}' (nothing is lost), then run 'carry sync --continue' (or --skip, --abort).");
        throw new CarryException(
            $"branch '{Branch}' was changed outside carry ({what}): it is at {head?.Short ?? "nothing"}, the stack expects {expected.Short}",
            $"run 'carry repair' first to adopt the branch as it is into the stack (then run the command again), or 'git reset --keep {expected.Short}' to put the branch back.");
    }

    internal static CarryException SyncInProgress(SyncProgress sync) => new(
        $"a sync is in progress: it stopped at patch '{sync.Stopped}'",
        "resolve the conflict, 'git add' the files and run 'carry sync --continue'; or 'carry sync --skip' / 'carry sync --abort'.");

    internal static CarryException NoStack(string branch) => new(
        $"branch '{branch}' has no stack",
        "start one with 'carry init --base <upstream-ref>'.");

    /// <summary>Starts a transaction from the current state.</summary>
    public StackTransaction Begin() => new(this);

    /// <summary>Who commits, resolved once per session.</summary>
    public Signature Committer => _committer ??= Repo.Committer();
    private Signature? _committer;

    /// <summary>Finds a patch by name or throws a clear error.</summary>
    public Patch Require(string name) =>
        State.Find(name) ?? throw NoSuchPatch(State, name);

    /// <summary>The error for a patch name the stack does not hold, suggesting close names ("did you mean …?").</summary>
    public static CarryException NoSuchPatch(StackState state, string name) =>
        new($"patch '{name}' does not exist in the stack of '{state.Branch}'",
            Spelling.Hint(name, state.All.Select(p => p.Name)) ?? "'carry series' lists the patches.");

    /// <inheritdoc/>
    public void Dispose()
    {
        _lock?.Dispose();
        Repo.Dispose();
    }
}
