using ScottPlot;

namespace Backprop.Visualization;

/// <summary>
/// Line charts of a training run: the mean loss per epoch (training and, when present, validation), any loss per
/// epoch given as numbers, and the accuracy per epoch, written as PNG or SVG by the file's extension. The legend
/// sits in a corner of the plot that the lines avoid.
/// </summary>
public static class TrainingPlots
{
    /// <summary>The font every chart uses; installed on Debian by the package fonts-dejavu-core.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>Draws the mean training loss per epoch, with the validation loss when the history has one. The legend
    /// goes to a corner of the plot that the curves avoid (see <see cref="LossCurve(IReadOnlyList{double}, string, string, string, int, int)"/>).</summary>
    /// <param name="history">The training history.</param>
    /// <param name="path">The file to write; its extension (.png or .svg) picks the format.</param>
    /// <param name="title">The chart title (default "Loss per epoch").</param>
    /// <param name="width">The width in pixels (default 800).</param>
    /// <param name="height">The height in pixels (default 500).</param>
    public static void LossCurve(TrainingHistory history, string path, string title = "Loss per epoch", int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(history);
        var epochs = history.Epochs;
        var series = new List<Series> { new("training", epochs.Select(e => (double)e.Epoch).ToArray(), epochs.Select(e => e.MeanLoss).ToArray()) };
        var validated = epochs.Where(e => e.ValidationLoss is not null).ToArray();
        if (validated.Length > 0)
            series.Add(new("validation", validated.Select(e => (double)e.Epoch).ToArray(), validated.Select(e => e.ValidationLoss!.Value).ToArray()));
        Save(CurvePlot(series, title, "epoch", "mean loss per sample", width, height).Plot, path, width, height);
    }

    /// <summary>
    /// Draws a loss per epoch as given — for instance the figure a program prints each epoch, so that the picture
    /// shows the very numbers of the console — against the epoch numbers 0, 1, 2, …. The legend goes to the first
    /// corner of the plot (upper right, upper left, lower left, lower right) that no part of the curve passes
    /// through; when none is free the y axis is extended upwards until the upper corners are.
    /// </summary>
    /// <param name="lossPerEpoch">The value of each epoch, from epoch 0.</param>
    /// <param name="path">The file to write; its extension (.png or .svg) picks the format.</param>
    /// <param name="axisLabel">The y axis label, saying what the values are (e.g. "Σ (target − out)² per epoch").</param>
    /// <param name="title">The chart title (default "Loss per epoch").</param>
    /// <param name="width">The width in pixels (default 800).</param>
    /// <param name="height">The height in pixels (default 500).</param>
    /// <exception cref="ArgumentException">No values, or a value that is not finite (named by its epoch).</exception>
    public static void LossCurve(IReadOnlyList<double> lossPerEpoch, string path, string axisLabel, string title = "Loss per epoch",
        int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(lossPerEpoch);
        ArgumentNullException.ThrowIfNull(axisLabel);
        Save(LossPlot(lossPerEpoch, axisLabel, title, width, height).Plot, path, width, height);
    }

    /// <summary>The plot <see cref="LossCurve(IReadOnlyList{double}, string, string, string, int, int)"/> saves, and where its legend went.</summary>
    internal static (Plot Plot, LegendPlacement Legend) LossPlot(IReadOnlyList<double> lossPerEpoch, string axisLabel, string title, int width, int height)
    {
        if (lossPerEpoch.Count == 0) throw new ArgumentException("There is no epoch to draw: the list of losses is empty.", nameof(lossPerEpoch));
        for (int e = 0; e < lossPerEpoch.Count; e++)
            if (!double.IsFinite(lossPerEpoch[e]))
                throw new ArgumentException($"The loss of epoch {e} is {lossPerEpoch[e]}: only finite values can be drawn.", nameof(lossPerEpoch));
        var series = new Series("training", Enumerable.Range(0, lossPerEpoch.Count).Select(e => (double)e).ToArray(), lossPerEpoch.ToArray());
        return CurvePlot([series], title, "epoch", axisLabel, width, height);
    }

    /// <summary>Draws the accuracy per epoch (training and validation, where measured).</summary>
    /// <param name="history">The training history; its data must be classification data.</param>
    /// <param name="path">The file to write (.png or .svg).</param>
    /// <param name="title">The chart title (default "Accuracy per epoch").</param>
    /// <param name="width">The width in pixels (default 800).</param>
    /// <param name="height">The height in pixels (default 500).</param>
    /// <exception cref="ArgumentException">No epoch measured an accuracy.</exception>
    public static void AccuracyCurve(TrainingHistory history, string path, string title = "Accuracy per epoch", int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(history);
        var train = history.Epochs.Where(e => e.TrainingAccuracy is not null).ToArray();
        var valid = history.Epochs.Where(e => e.ValidationAccuracy is not null).ToArray();
        if (train.Length == 0 && valid.Length == 0)
            throw new ArgumentException("The history has no accuracy: train on classification data to measure one.", nameof(history));
        var series = new List<Series>();
        if (train.Length > 0) series.Add(new("training", train.Select(e => (double)e.Epoch).ToArray(), train.Select(e => e.TrainingAccuracy!.Value).ToArray()));
        if (valid.Length > 0) series.Add(new("validation", valid.Select(e => (double)e.Epoch).ToArray(), valid.Select(e => e.ValidationAccuracy!.Value).ToArray()));
        Save(CurvePlot(series, title, "epoch", "accuracy", width, height).Plot, path, width, height);
    }

    /// <summary>One line of a chart: its legend text and its points.</summary>
    internal sealed record Series(string Label, double[] X, double[] Y);

    /// <summary>A line chart of <paramref name="series"/> at width × height, its legend placed where no line passes.</summary>
    internal static (Plot Plot, LegendPlacement Legend) CurvePlot(IReadOnlyList<Series> series, string title, string x, string y, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinimumSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, MinimumSize);
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        foreach (var s in series)
        {
            var line = plot.Add.Scatter(s.X, s.Y);
            line.LegendText = s.Label;
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }
        plot.ShowLegend();
        return (plot, LegendPlacement.Place(plot, series, width, height));
    }

    /// <summary>The smallest width or height of a picture, in pixels: below it the axes leave no room for the plot.</summary>
    internal const int MinimumSize = 50;

    /// <summary>Writes <paramref name="plot"/> as PNG or SVG by the extension of <paramref name="path"/>, through a
    /// temporary file in the same folder so that a failed write leaves no partial file.</summary>
    internal static void Save(Plot plot, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinimumSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, MinimumSize);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".png" or ".svg"))
            throw new ArgumentException($"'{path}' must end in .png or .svg.", nameof(path));
        AtomicFile.Write(path, temp =>
        {
            if (ext == ".png") plot.SavePng(temp, width, height);
            else plot.SaveSvg(temp, width, height);
        });
    }
}
