namespace Carry.Patches;

/// <summary>
/// A <c>Name: value</c> field of a patch header: a mail header (<c>From:</c>, <c>Subject:</c>,
/// <c>Date:</c>) or a DEP-3 field (<c>Description:</c>, <c>Origin:</c>, <c>Forwarded:</c>…).
/// </summary>
/// <param name="Name">The field name as written (compare case-insensitively).</param>
/// <param name="Value">
/// The value with leading blanks removed; continuation lines are joined with <c>\n</c>, each
/// without its first blank, and a DEP-3 <c> .</c> line becomes an empty line.
/// </param>
/// <param name="Line">1-based line of the field in the patch file.</param>
public sealed record HeaderField(string Name, string Value, int Line);
