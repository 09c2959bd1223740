using System.Text;
using Carry.Git;
using Carry.Model;

namespace Carry.Storage;

/// <summary>
/// A parked patch's conflict as attributes of its line in the stack file:
/// <c>parked=PATH:BASE:OURS:THEIRS;…</c> (paths %-encoded, <c>-</c> for a side without the path),
/// <c>parked-with=NAME</c> and <c>parked-cause=COMMIT</c>.
/// </summary>
internal static class ParkedFile
{
    /// <summary>The attribute names.</summary>
    public static readonly HashSet<string> Keys = ["parked", "parked-with", "parked-cause"];

    public static void Append(StringBuilder sb, ParkedConflict parked)
    {
        sb.Append(" parked=").Append(string.Join(';', parked.Paths.Select(p =>
            $"{StackFile.PercentEncode(p.Path).Replace(",", "%2C")}:{Side(p.Base)}:{Side(p.Ours)}:{Side(p.Theirs)}")));
        if (parked.With is { } with) sb.Append(" parked-with=").Append(with);
        if (parked.Cause is { } cause) sb.Append(" parked-cause=").Append(cause.Hex);
    }

    public static ParkedConflict Parse(Dictionary<string, string> a, int lineNumber)
    {
        if (!a.TryGetValue("parked", out var paths)) throw new FormatException($"line {lineNumber}: parked attributes without 'parked'");
        var list = new List<ParkedPath>();
        foreach (var item in paths.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 4) throw new FormatException($"line {lineNumber}: bad parked path '{item}'");
            list.Add(new ParkedPath(StackFile.PercentDecode(parts[0], lineNumber), Read(parts[1]), Read(parts[2]), Read(parts[3])));
        }
        return new ParkedConflict(new ValueList<ParkedPath>(list),
            a.TryGetValue("parked-with", out var with) ? with : null,
            a.TryGetValue("parked-cause", out var cause) ? new Oid(cause) : null);
    }

    private static string Side(Oid? id) => id?.Hex ?? "-";

    private static Oid? Read(string word) => word == "-" ? null : new Oid(word);
}
