using Carry.Git;

namespace Carry.Model;

/// <summary>
/// One patch of a stack: a name people use, an id that never changes (so renames and
/// rewrites can be followed across the series' history), and the commit that holds its
/// change: the patch is the difference between that commit and its first parent.
/// </summary>
public sealed record Patch(string Name, string Id, Oid Commit)
{
    /// <summary>A fresh random stable id: 16 hex digits.</summary>
    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
}
