using Carry.Git;

namespace Carry.Model;

/// <summary>What a sync did with one patch.</summary>
public enum SyncOutcome
{
    /// <summary>Re-applied without touching anything upstream changed.</summary>
    Clean,
    /// <summary>Re-applied by a 3-way merge with upstream's changes to the same files.</summary>
    Merged,
    /// <summary>Conflicted, and a resolution recorded earlier (here or by a teammate) was applied.</summary>
    ResolvedFromMemory,
    /// <summary>Conflicted; the user resolved it (<c>sync --continue</c>), and the resolution was recorded.</summary>
    Resolved,
    /// <summary>Upstream carries it: retired from the series, with evidence.</summary>
    Landed,
    /// <summary>Most (or part) of it is upstream: kept, with the suspicion recorded for the user to confirm.</summary>
    Probable,
    /// <summary>It did not apply and sync stopped there.</summary>
    Conflicted,
    /// <summary>It did not apply and the user chose <c>sync --skip</c>: kept unapplied.</summary>
    Skipped,
    /// <summary>
    /// It changes nothing on the new base, but upstream gave no evidence of carrying it (e.g. it
    /// deletes a file a skipped patch below creates): kept unapplied, in order, never retired.
    /// </summary>
    Held,
    /// <summary>It did not apply and the unattended sync (<c>--park</c>) left it unapplied with its conflict recorded, and went on.</summary>
    Parked,
}

/// <summary>One line of a sync report.</summary>
/// <param name="Name">The patch's name.</param>
/// <param name="Id">The patch's stable id.</param>
/// <param name="Outcome">What happened to it.</param>
/// <param name="Evidence">For landed and probable patches: why.</param>
/// <param name="Applied">Whether the patch is applied after the sync (false for landed, set-aside, skipped and conflicted patches).</param>
public sealed record SyncEntry(string Name, string Id, SyncOutcome Outcome, LandingEvidence? Evidence = null, bool Applied = true)
{
    /// <summary>For a held patch: why it is kept unapplied.</summary>
    public string? Reason { get; init; }

    /// <summary>For a conflicted or parked patch: the upstream commit since which it conflicts; for a merged one worth a review: the upstream commit that rewrote its lines.</summary>
    public Oid? Cause { get; init; }

    /// <summary>True for a patch 3-way merged over lines upstream itself rewrote (<c>merged, review</c>): maybe a reworked landing now applied twice.</summary>
    public bool Review { get; init; }

    /// <summary>The outcome's word in files, reports and JSON.</summary>
    public static string OutcomeName(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.Clean => "clean",
        SyncOutcome.Merged => "merged",
        SyncOutcome.ResolvedFromMemory => "resolved-from-memory",
        SyncOutcome.Resolved => "resolved",
        SyncOutcome.Landed => "landed",
        SyncOutcome.Probable => "probably-landed",
        SyncOutcome.Conflicted => "conflicted",
        SyncOutcome.Held => "held",
        SyncOutcome.Parked => "parked",
        _ => "skipped",
    };

    /// <summary>Reads an outcome word; null when it is not one.</summary>
    public static SyncOutcome? ParseOutcome(string word) =>
        Enum.GetValues<SyncOutcome>().Cast<SyncOutcome?>().FirstOrDefault(o => OutcomeName(o!.Value) == word);
}

/// <summary>
/// A sync that stopped at a conflict, recorded in the stack so that <c>sync --continue</c>,
/// <c>--skip</c> and <c>--abort</c> work in a later process, after a crash, or on a restart.
/// </summary>
/// <param name="OntoRef">The ref the stack is moving onto (as recorded in the new base).</param>
/// <param name="From">The record before the sync began: what <c>--abort</c> restores.</param>
/// <param name="Stopped">The patch that did not apply (the first unapplied patch while stopped).</param>
/// <param name="Todo">The patches to re-apply after it, in order (they follow it in the unapplied list).</param>
/// <param name="Done">The report so far.</param>
public sealed record SyncProgress(string OntoRef, Oid From, string Stopped, ValueList<string> Todo, ValueList<SyncEntry> Done)
{
    /// <summary>
    /// A blob listing the upstream commits between the old base and the new one (with their
    /// parents, as git listed them when the sync began), so a resume reads it instead of
    /// asking git again: each --continue or --skip costs one patch, not the whole upstream.
    /// </summary>
    public Oid? Upstream { get; init; }
}
