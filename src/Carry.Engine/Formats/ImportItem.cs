namespace Carry.Formats;

/// <summary>One patch file to import.</summary>
/// <param name="File">Where it came from: its path relative to the series folder, or its file name; names the patch in messages.</param>
/// <param name="Bytes">The file's bytes, kept whole.</param>
/// <param name="Format">Where it came from: <c>quilt</c>, <c>mbox</c> or <c>diff</c>.</param>
/// <param name="Strip">The <c>-p</c> level to apply it with.</param>
/// <param name="Reverse">Apply it backwards (a series' <c>-R</c>).</param>
public sealed record ImportItem(string File, byte[] Bytes, string Format, int Strip = 1, bool Reverse = false);
