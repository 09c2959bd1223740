namespace Carry.Patches;

/// <summary>What a file diff does to its file as a whole.</summary>
public enum FileChangeKind
{
    /// <summary>Changes an existing file in place (content and/or mode).</summary>
    Modified,

    /// <summary>Creates the file (old side <c>/dev/null</c> or <c>new file mode</c>).</summary>
    Added,

    /// <summary>Removes the file (new side <c>/dev/null</c> or <c>deleted file mode</c>).</summary>
    Deleted,

    /// <summary>Moves the file, possibly changing it (<c>rename from</c>/<c>rename to</c>).</summary>
    Renamed,

    /// <summary>Copies the file, possibly changing the copy (<c>copy from</c>/<c>copy to</c>).</summary>
    Copied,
}
