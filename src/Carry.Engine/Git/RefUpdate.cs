namespace Carry.Git;

/// <summary>
/// One ref change in an atomic transaction: <c>Old</c> is what the ref must still hold
/// (null: must not exist), <c>New</c> what it gets (null: delete it).
/// </summary>
public sealed record RefUpdate(string Name, Oid? Old, Oid? New);
