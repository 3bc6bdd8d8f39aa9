using System.Globalization;
using System.Text;
using static Backprop.Interactive.HtmlText;

namespace Backprop.Interactive;

/// <summary>
/// The loss per epoch as an inline SVG chart: the mean training loss per sample (<see cref="EpochReport.MeanLoss"/>,
/// as TrainingPlots draws it) and the validation loss when there is one, over the epochs. The y axis is logarithmic
/// when the loss spans more than <see cref="LogScaleSpan"/>, so that a run that falls from 0.3 to 0.00003 still
/// shows its tail.
/// </summary>
internal static class LossCurveSvg
{
    /// <summary>A loss whose largest value is more than this many times its smallest (all positive) is drawn on a
    /// logarithmic axis: two decades are where a linear axis flattens the tail into the x axis.</summary>
    public const double LogScaleSpan = 100;

    /// <summary>A curve is drawn through at most this many points (every k-th epoch and the last): more than a
    /// chart's width in pixels adds nothing but bytes to the notebook.</summary>
    public const int MaxPoints = 500;

    private const int Width = 520, Height = 260, Left = 70, Right = 20, Top = 20, Bottom = 40;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(IReadOnlyList<EpochReport> epochs)
    {
        var training = epochs.Select(e => (X: (double)e.Epoch, Y: e.MeanLoss)).ToList();
        var validation = epochs.Where(e => e.ValidationLoss is not null).Select(e => (X: (double)e.Epoch, Y: e.ValidationLoss!.Value)).ToList();
        var all = training.Concat(validation).Where(p => double.IsFinite(p.Y)).ToList();
        if (all.Count == 0) return "";

        double minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
        bool log = minY > 0 && maxY / minY > LogScaleSpan;
        double Scale(double y) => log ? Math.Log10(y) : y;
        double lo = Scale(minY), hi = Scale(maxY);
        if (hi == lo) (lo, hi) = (lo - 0.5, hi + 0.5);
        double minX = all.Min(p => p.X), maxX = Math.Max(all.Max(p => p.X), minX + 1);
        double Px(double x) => Left + (x - minX) / (maxX - minX) * (Width - Left - Right);
        double Py(double y) => Top + (hi - Scale(y)) / (hi - lo) * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" ");
        svg.Append("role=\"img\" aria-label=\"").Append(Escape(Describe(training, log))).Append("\" style=\"font:11px sans-serif;color:inherit\">");
        svg.Append(C, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"currentColor\"/>");
        svg.Append(C, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"currentColor\"/>");
        Label(svg, Left - 6, Py(maxY) + 4, "end", Tick(maxY));
        Label(svg, Left - 6, Py(minY) + 4, "end", Tick(minY));
        Label(svg, Left, Height - Bottom + 16, "middle", Number((int)minX));
        Label(svg, Width - Right, Height - Bottom + 16, "middle", Number((int)maxX));
        Label(svg, (Left + Width - Right) / 2.0, Height - 6, "middle", "epoch");
        Label(svg, Left + 6, Top - 6, "start", log ? "mean loss per sample (log scale)" : "mean loss per sample");
        Curve(svg, training, Px, Py, "#1f77b4");
        if (validation.Count > 0)
        {
            Curve(svg, validation, Px, Py, "#ff7f0e");
            Label(svg, Width - Right, Top - 6, "end", "— training  — validation");
        }
        return svg.Append("</svg>").ToString();
    }

    private static void Curve(StringBuilder svg, List<(double X, double Y)> points, Func<double, double> px, Func<double, double> py, string colour)
    {
        var finite = points.Where(p => double.IsFinite(p.Y)).ToList();
        int step = Math.Max(1, (int)Math.Ceiling(finite.Count / (double)MaxPoints));
        var shown = finite.Where((_, k) => k % step == 0 || k == finite.Count - 1);
        svg.Append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").Append(colour).Append("\" points=\"");
        svg.AppendJoin(' ', shown.Select(p => string.Create(C, $"{px(p.X):F1},{py(p.Y):F1}")));
        svg.Append("\"/>");
    }

    /// <summary>An axis label: four significant digits, which fit the margin (the table beside the chart has them all).</summary>
    private static string Tick(double y) => y.ToString("G4", C);

    private static void Label(StringBuilder svg, double x, double y, string anchor, string text) =>
        svg.Append(C, $"<text x=\"{x:F1}\" y=\"{y:F1}\" text-anchor=\"{anchor}\" fill=\"currentColor\">").Append(Escape(text)).Append("</text>");

    private static string Describe(List<(double X, double Y)> training, bool log) => training.Count == 0 ? "loss curve" :
        $"Mean loss per sample{(log ? " on a log scale" : "")}, from {Number(training[0].Y)} at epoch {Number((int)training[0].X)} " +
        $"to {Number(training[^1].Y)} at epoch {Number((int)training[^1].X)}";
}
