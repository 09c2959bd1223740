using Carry.Git;

namespace Carry.Model;

/// <summary>
/// One patch of a stack: a name people use, an id that never changes (so renames and
/// rewrites can be followed across the series' history), and the commit that holds its
/// change: the patch is the difference between that commit and its first parent.
/// </summary>
/// <param name="Name">The patch's name.</param>
/// <param name="Id">Its stable id (16 hex digits).</param>
/// <param name="Commit">The commit holding its change.</param>
/// <param name="Source">The file it was imported from, when it was imported; kept so export can write it back unchanged.</param>
public sealed record Patch(string Name, string Id, Oid Commit, PatchSource? Source = null)
{
    /// <summary>The layer it belongs to (see <see cref="StackDetails.Layers"/>).</summary>
    public string Layer { get; init; } = Model.Layer.Upstream;

    /// <summary>Its guards, as written: <c>+name</c> (apply only when selected) or <c>-name</c> (never when selected).</summary>
    public ValueList<string> Guards { get; init; } = [];

    /// <summary>Set for an unapplied patch put out of sight (<c>carry hide</c>): not listed, not pushed until unhidden.</summary>
    public bool Hidden { get; init; }

    /// <summary>Where it stands with upstream.</summary>
    public UpstreamStatus Status { get; init; } = UpstreamStatus.Local;

    /// <summary>Set when a sync found most of the change upstream: kept until the user confirms (<c>carry landed</c>).</summary>
    public LandingEvidence? Probable { get; init; }

    /// <summary>Set while an unattended sync has parked it (unapplied, with the conflict it met).</summary>
    public ParkedConflict? Parked { get; init; }

    /// <summary>This patch retired because upstream carries it: status <c>landed</c> with <paramref name="evidence"/> (its URL and the version sent kept), no longer "probably landed".</summary>
    public Patch Landed(LandingEvidence evidence) =>
        this with { Probable = null, Status = Status with { Kind = StatusKind.Landed, Evidence = evidence } };

    /// <summary>A fresh random stable id: 16 hex digits.</summary>
    /// <remarks>
    /// An id must be unique, not secret: <see cref="Random.Shared"/> (seeded from the system's
    /// entropy) gives that without <c>RandomNumberGenerator</c>, which on Linux initialises
    /// OpenSSL's random generator (its providers, ~1 MB of libcrypto) for 8 bytes.
    /// </remarks>
    public static string NewId()
    {
        Span<byte> id = stackalloc byte[8];
        Random.Shared.NextBytes(id);
        return Convert.ToHexStringLower(id);
    }
}

/// <summary>
/// What an imported patch came from: the original file's bytes (as a blob), where it sat, how
/// it was applied, and fingerprints of the change and message it produced at import. Export
/// compares the fingerprints with the patch's commit now: equal means the patch did not change,
/// so the original bytes are written back as they were.
/// </summary>
/// <param name="Format">Where it came from: <c>quilt</c>, <c>mbox</c> or <c>diff</c>.</param>
/// <param name="File">The file's path relative to the series folder (<c>any/local-foo.diff</c>), or the file name.</param>
/// <param name="Blob">The original bytes, stored as a blob.</param>
/// <param name="Strip">The <c>-p</c> level it was applied with.</param>
/// <param name="Reverse">True when the series applied it backwards (<c>-R</c>).</param>
/// <param name="Change">Fingerprint of the change at import (see <c>Formats.Fingerprint</c>).</param>
/// <param name="Message">Fingerprint of the message and author at import.</param>
public sealed record PatchSource(string Format, string File, Oid Blob, int Strip, bool Reverse, string Change, string Message);
