using System.Globalization;
using ScottPlot;

namespace Backprop.Benchmarks;

/// <summary>The README's bar chart: Backprop's speed-up over the fastest peer and over numpy, per workload.</summary>
public static class Chart
{
    /// <summary>Reads lines "label,ratio to fastest peer,ratio to numpy" and writes a PNG.</summary>
    public static void Write(string csvPath, string pngPath)
    {
        var rows = File.ReadAllLines(csvPath).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).Select(f => (Label: f[0], Fastest: Parse(f[1]), Numpy: Parse(f[2]))).ToArray();
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title("Backprop's speed-up per update (higher is better)");
        plot.YLabel("times faster (log scale)");
        var bars = new List<Bar>();
        for (int i = 0; i < rows.Length; i++)
        {
            bars.Add(new Bar { Position = 3 * i, Value = Math.Log10(rows[i].Fastest), FillColor = Colors.SteelBlue, Label = F(rows[i].Fastest) });
            bars.Add(new Bar { Position = 3 * i + 1, Value = Math.Log10(rows[i].Numpy), FillColor = Colors.Orange, Label = F(rows[i].Numpy) });
        }
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.SetTicks(rows.Select((_, i) => 3.0 * i + 0.5).ToArray(), rows.Select(r => r.Label).ToArray());
        double[] ticks = [-1, 0, 1, 2, 3];
        plot.Axes.Left.SetTicks(ticks, ticks.Select(t => Math.Pow(10, t).ToString("0.#", CultureInfo.InvariantCulture) + "×").ToArray());
        plot.Axes.SetLimitsY(Math.Min(-0.3, bars.Min(b => b.Value) - 0.2), Math.Max(2.2, bars.Max(b => b.Value) + 0.3));
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "vs the fastest peer", FillColor = Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "vs numpy", FillColor = Colors.Orange });
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(pngPath, 900, 480);
    }

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static string F(double x) => x.ToString(x < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + "×";
}
