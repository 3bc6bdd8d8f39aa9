namespace Backprop.Visualization;

/// <summary>
/// Finds a place for each edge's label on its own edge: a point along the edge and a turn (upright, or along the
/// edge) where the label's box meets no other edge, no circle, the title or another label. The candidates that
/// meet no fixed obstacle are found first; then a depth-first search, always taking the label with the fewest
/// places left, picks one place per label so that no two labels touch.
/// </summary>
internal static class LabelPlacer
{
    /// <summary>The least gap, in pixels, between a label's box and anything it must not touch.</summary>
    public const double Clearance = 2;

    /// <summary>The least gap, in pixels, between two labels, so that neighbours read as two labels, not one block.</summary>
    public const double LabelGap = 6;

    /// <summary>The gap, in pixels, at which a place counts as comfortable and is preferred to a tighter one.</summary>
    private const double Comfort = 8;

    /// <summary>How far along its edge a label's centre may sit, from each end (as a fraction of the edge).</summary>
    private const double EndFraction = 0.06;

    /// <summary>The step between the fractions tried.</summary>
    private const double FractionStep = 0.02;

    /// <summary>How many places the search tries before it gives up (and the layout widens the picture).</summary>
    private const int SearchBudget = 20_000;

    /// <summary>Below this slope, in radians, an edge counts as horizontal: its label is only tried upright.</summary>
    private const double FlatAngle = 1e-3;

    private sealed record Candidate(Box Box, double Fraction, double Score);

    /// <summary>One box per labelled edge, or null when no arrangement was found.</summary>
    /// <param name="edges">Every edge drawn (labelled or not): the obstacles a label must not cross.</param>
    /// <param name="labelled">For each label: the index of its edge in <paramref name="edges"/> and its half sizes.</param>
    /// <param name="circles">The circles (x, y, radius) a label must stay out of.</param>
    /// <param name="title">The title's box.</param>
    public static (Box Box, double Fraction)[]? Place(IReadOnlyList<Segment> edges, IReadOnlyList<(int Edge, double HalfWidth, double HalfHeight)> labelled,
        IReadOnlyList<(double X, double Y, double R)> circles, Box title)
    {
        var domains = new List<Candidate>[labelled.Count];
        for (int k = 0; k < labelled.Count; k++)
        {
            domains[k] = Candidates(edges, labelled[k], circles, title);
            if (domains[k].Count == 0) return null;
        }
        var chosen = new Candidate?[labelled.Count];
        int budget = SearchBudget;
        return Search(domains, chosen, ref budget) ? chosen.Select(c => (c!.Box, c.Fraction)).ToArray() : null;
    }

    /// <summary>The places on one edge that meet no other edge, no circle and not the title, best first.</summary>
    private static List<Candidate> Candidates(IReadOnlyList<Segment> edges, (int Edge, double HalfWidth, double HalfHeight) label,
        IReadOnlyList<(double X, double Y, double R)> circles, Box title)
    {
        var own = edges[label.Edge];
        var angles = Math.Abs(own.Angle) < FlatAngle ? new[] { 0.0 } : [0.0, own.Angle];
        var result = new List<Candidate>();
        for (double t = EndFraction; t <= 1 - EndFraction + 1e-9; t += FractionStep)
        {
            var (x, y) = own.At(t);
            foreach (double angle in angles)
            {
                var box = new Box(x, y, label.HalfWidth, label.HalfHeight, angle);
                if (!IsClear(box.Inflate(Clearance), label.Edge, edges, circles, title)) continue;
                bool comfortable = IsClear(box.Inflate(Comfort), label.Edge, edges, circles, title);
                // Upright text reads best, then room to spare, then a place near the middle of the edge.
                double score = (angle == 0 ? 0 : 2) + (comfortable ? 0 : 1) + Math.Abs(t - 0.5);
                result.Add(new Candidate(box, t, score));
            }
        }
        result.Sort((a, b) => a.Score.CompareTo(b.Score));
        return result;
    }

    private static bool IsClear(Box box, int own, IReadOnlyList<Segment> edges, IReadOnlyList<(double X, double Y, double R)> circles, Box title)
    {
        for (int e = 0; e < edges.Count; e++)
            if (e != own && box.Intersects(edges[e])) return false;
        foreach (var (x, y, r) in circles)
            if (box.Intersects(x, y, r)) return false;
        return !box.Overlaps(title);
    }

    private static bool Search(List<Candidate>[] domains, Candidate?[] chosen, ref int budget)
    {
        int next = -1;
        for (int k = 0; k < domains.Length; k++)
            if (chosen[k] is null && (next < 0 || domains[k].Count < domains[next].Count)) next = k;
        if (next < 0) return true;
        foreach (var candidate in domains[next])
        {
            if (--budget < 0) return false;
            var narrowed = new List<Candidate>[domains.Length];
            bool possible = true;
            for (int k = 0; k < domains.Length && possible; k++)
            {
                narrowed[k] = chosen[k] is not null || k == next ? domains[k]
                    : domains[k].FindAll(c => !c.Box.Inflate(LabelGap).Overlaps(candidate.Box));
                possible = narrowed[k].Count > 0;
            }
            if (!possible) continue;
            chosen[next] = candidate;
            if (Search(narrowed, chosen, ref budget)) return true;
            chosen[next] = null;
        }
        return false;
    }
}
