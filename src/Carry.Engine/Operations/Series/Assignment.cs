namespace Carry.Operations.Series;

/// <summary>
/// The cheapest one-to-one assignment of rows to columns of a square cost matrix (the
/// Hungarian method, O(n³)), as <c>git range-diff</c> uses to pair patches by similarity.
/// </summary>
internal static class Assignment
{
    /// <summary>For each row, the column assigned to it.</summary>
    public static int[] Solve(long[,] cost)
    {
        var n = cost.GetLength(0);
        // Potentials and augmenting paths, 1-based with a virtual column 0 (e-maxx formulation).
        var u = new long[n + 1];
        var v = new long[n + 1];
        var p = new int[n + 1];
        var way = new int[n + 1];
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            var minv = new long[n + 1];
            Array.Fill(minv, long.MaxValue);
            var used = new bool[n + 1];
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                var delta = long.MaxValue;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    var cur = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (var j = 0; j <= n; j++)
                {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var result = new int[n];
        for (var j = 1; j <= n; j++) result[p[j] - 1] = j - 1;
        return result;
    }
}
