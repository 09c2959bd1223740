using Carry.Git;

namespace Carry.Model;

/// <summary>Where a patch stands with the upstream project.</summary>
public enum StatusKind
{
    /// <summary>Not sent anywhere.</summary>
    Local,
    /// <summary>Sent as a merge request, awaiting review.</summary>
    Proposed,
    /// <summary>Upstream carries it; it retires from the series.</summary>
    Landed,
    /// <summary>Upstream said no.</summary>
    Rejected,
    /// <summary>Kept in the fork on purpose.</summary>
    ForkOnly,
}

/// <summary>How a landing was recognised, most certain first.</summary>
public enum LandingKind
{
    /// <summary>An upstream commit carries the patch's <c>Carry-Id:</c> trailer.</summary>
    CarryId,
    /// <summary>An upstream commit has the same patch-id (like <c>git cherry</c>).</summary>
    PatchId,
    /// <summary>The patch became empty on the new base: upstream has the change, however it got there.</summary>
    Empty,
    /// <summary>Most of the change is present upstream (edited in review): only ever "probable".</summary>
    Similar,
    /// <summary>The user said so (<c>carry landed</c>).</summary>
    Manual,
}

/// <summary>Why Carry thinks upstream carries a patch.</summary>
/// <param name="How">The kind of evidence.</param>
/// <param name="Upstream">The upstream commits that carry it (may be empty for <see cref="LandingKind.Empty"/>).</param>
/// <param name="Similarity">For <see cref="LandingKind.Similar"/>: percent of the patch's changed lines found upstream; otherwise 100.</param>
public sealed record LandingEvidence(LandingKind How, ValueList<Oid> Upstream, int Similarity = 100)
{
    /// <summary>The evidence kind's word in files and reports.</summary>
    public static string KindName(LandingKind how) => how switch
    {
        LandingKind.CarryId => "carry-id",
        LandingKind.PatchId => "patch-id",
        LandingKind.Empty => "empty",
        LandingKind.Similar => "similar",
        _ => "manual",
    };

    /// <summary>Reads an evidence word; null when it is not one.</summary>
    public static LandingKind? ParseKind(string word) => word switch
    {
        "carry-id" => LandingKind.CarryId,
        "patch-id" => LandingKind.PatchId,
        "empty" => LandingKind.Empty,
        "similar" => LandingKind.Similar,
        "manual" => LandingKind.Manual,
        _ => null,
    };
}

/// <summary>A patch's upstream status and what goes with it.</summary>
/// <param name="Kind">The status.</param>
/// <param name="Url">For proposed (and later) patches: the merge request.</param>
/// <param name="Sent">For proposed patches: the patch commit that was sent, so a later change shows.</param>
/// <param name="Reason">For rejected and fork-only patches: why.</param>
/// <param name="Evidence">For landed patches: how the landing was recognised.</param>
public sealed record UpstreamStatus(StatusKind Kind, string? Url = null, Oid? Sent = null, string? Reason = null, LandingEvidence? Evidence = null)
{
    /// <summary>The status of a patch nobody has sent anywhere.</summary>
    public static UpstreamStatus Local { get; } = new(StatusKind.Local);

    /// <summary>The status word in files and on the command line.</summary>
    public static string KindName(StatusKind kind) => kind switch
    {
        StatusKind.Local => "local",
        StatusKind.Proposed => "proposed",
        StatusKind.Landed => "landed",
        StatusKind.Rejected => "rejected",
        _ => "fork-only",
    };

    /// <summary>Reads a status word; null when it is not one.</summary>
    public static StatusKind? ParseKind(string word) => word switch
    {
        "local" => StatusKind.Local,
        "proposed" => StatusKind.Proposed,
        "landed" => StatusKind.Landed,
        "rejected" => StatusKind.Rejected,
        "fork-only" => StatusKind.ForkOnly,
        _ => null,
    };
}
