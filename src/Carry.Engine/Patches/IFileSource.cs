namespace Carry.Patches;

/// <summary>
/// Where <see cref="PatchApplier"/> reads the files a patch changes: a git tree in memory, a
/// directory, a dictionary in a test. Paths are tree paths with <c>/</c> separators, already
/// stripped and checked.
/// </summary>
public interface IFileSource
{
    /// <summary>The file's bytes, or null when there is no such file.</summary>
    /// <param name="path">Tree path, e.g. <c>src/main.c</c>.</param>
    byte[]? Read(string path);

    /// <summary>True when the file exists; override when that is cheaper than reading it.</summary>
    /// <param name="path">Tree path.</param>
    bool Exists(string path) => Read(path) is not null;

    /// <summary>The file's mode (e.g. <c>0o100644</c>) when known; used to carry a mode across a rename or copy.</summary>
    /// <param name="path">Tree path.</param>
    int? ReadMode(string path) => null;
}

/// <summary>An <see cref="IFileSource"/> over a dictionary of path to content.</summary>
/// <param name="files">The files, by tree path.</param>
public sealed class DictionaryFileSource(IReadOnlyDictionary<string, byte[]> files) : IFileSource
{
    /// <inheritdoc/>
    public byte[]? Read(string path) => files.GetValueOrDefault(path);
}
