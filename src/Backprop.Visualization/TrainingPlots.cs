using ScottPlot;

namespace Backprop.Visualization;

/// <summary>
/// Line charts of a training run: the mean loss per epoch (training and, when present, validation) and the
/// accuracy per epoch, written as PNG or SVG by the file's extension.
/// </summary>
public static class TrainingPlots
{
    /// <summary>The font every chart uses; installed on Debian by the package fonts-dejavu-core.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>Draws the mean training loss per epoch, with the validation loss when the history has one.</summary>
    /// <param name="history">The training history.</param>
    /// <param name="path">The file to write; its extension (.png or .svg) picks the format.</param>
    /// <param name="title">The chart title (default "Loss per epoch").</param>
    /// <param name="width">The width in pixels (default 800).</param>
    /// <param name="height">The height in pixels (default 500).</param>
    public static void LossCurve(TrainingHistory history, string path, string title = "Loss per epoch", int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(history);
        var epochs = history.Epochs;
        var plot = NewPlot(title, "epoch", "mean loss per sample");
        AddLine(plot, epochs.Select(e => (double)e.Epoch), epochs.Select(e => e.MeanLoss), "training");
        if (epochs.Any(e => e.ValidationLoss is not null))
            AddLine(plot, epochs.Where(e => e.ValidationLoss is not null).Select(e => (double)e.Epoch),
                epochs.Where(e => e.ValidationLoss is not null).Select(e => e.ValidationLoss!.Value), "validation");
        Save(plot, path, width, height);
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
        var plot = NewPlot(title, "epoch", "accuracy");
        if (train.Length > 0) AddLine(plot, train.Select(e => (double)e.Epoch), train.Select(e => e.TrainingAccuracy!.Value), "training");
        if (valid.Length > 0) AddLine(plot, valid.Select(e => (double)e.Epoch), valid.Select(e => e.ValidationAccuracy!.Value), "validation");
        Save(plot, path, width, height);
    }

    internal static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    private static void AddLine(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys, string label)
    {
        var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
        line.LegendText = label;
        line.MarkerSize = 0;
        line.LineWidth = 2;
        plot.ShowLegend();
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
