using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Demo.Commands;

/// <summary>
/// The rows <c>predict</c> reads for a model: the model's features, in its order, and when the file has them the
/// label column (a classifier) or the target columns (a regressor) — named in the header as the model names its
/// targets, or else the columns beyond the features, at the end.
/// </summary>
/// <param name="Inputs">The raw rows, features × samples.</param>
/// <param name="Labelled">The rows with their labels or targets, for <see cref="Model.Evaluate(Dataset)"/>; null
/// when the file has none.</param>
public sealed record PredictData(Matrix<double> Inputs, Dataset? Labelled)
{
    /// <summary>The training metadata key under which <c>train --save</c> records the 0-based label columns of its file.</summary>
    public const string LabelColumnsKey = "labelColumns";

    /// <summary>Reads <paramref name="path"/> for <paramref name="model"/>; a file whose columns do not fit is an
    /// ArgumentException naming the option, the file and the columns.</summary>
    public static PredictData Read(string path, Model model)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        string file = Path.GetFileName(path);
        var (width, header) = TrainData.Peek(path);
        if (width is not { } w) return new(CsvDataset.Load(path).Inputs, null); // the reader names what is wrong
        bool classifier = model.Task == ModelTask.Classification;
        int features = model.FeatureCount, targets = classifier ? 1 : model.OutputCount;
        var options = new CsvOptions { HasHeader = header is not null };
        if (w == features)
        {
            // No labels: read the last feature as a "target" and put it back under the others.
            var all = CsvDataset.Load(path, options with { Kind = LabelKind.Regression });
            CheckOrder(file, header, model);
            return new(all.Inputs.Stack(all.Targets), null);
        }
        var labels = LabelColumns(header, w, model, targets) ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"--data {file}: {w} columns, but the model takes {features} inputs (plus {(targets == 1 ? "an optional label column" : $"{targets} optional target columns")})."));
        options = labels.Length == 1 ? options with { LabelColumn = labels[0] } : options with { LabelColumns = labels };
        var data = CsvDataset.Load(path, classifier
            ? options with { Kind = LabelKind.Classification, ClassOrder = model.ClassNames }
            : options with { Kind = LabelKind.Regression });
        if (header is not null) CheckOrder(file, [.. data.FeatureNames], model);
        return new(data.Inputs, data);
    }

    /// <summary>The label columns: a regressor's target names in the header, a classifier's one column beside the
    /// model's feature names in the header, or else the last columns when the file has exactly that many more.</summary>
    private static int[]? LabelColumns(string[]? header, int width, Model model, int targets)
    {
        if (width != model.FeatureCount + targets) return null;
        if (header is null && Recorded(model, width, targets) is { } recorded) return recorded;
        int Find(string name) => header is null ? -1 : Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        if (model.TargetNames is { } names && names.Select(Find).ToArray() is var found && found.All(i => i >= 0) && found.Distinct().Count() == targets)
            return found;
        if (model.ClassNames is not null && header is not null && model.FeatureNames.All(n => Find(n) >= 0))
        {
            var rest = Enumerable.Range(0, width).Where(c => !model.FeatureNames.Any(n => Find(n) == c)).ToArray();
            if (rest.Length == 1) return rest;
        }
        return Enumerable.Range(width - targets, targets).ToArray();
    }

    /// <summary>The label columns train recorded for a file of this width, or null.</summary>
    private static int[]? Recorded(Model model, int width, int targets)
    {
        if (model.Metadata?.Training?.TryGetValue(LabelColumnsKey, out var text) != true) return null;
        var parts = text!.Split(',');
        var columns = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out columns[i]) || columns[i] >= width) return null;
        return columns.Length == targets && columns.Distinct().Count() == targets ? columns : null;
    }

    /// <summary>Refuses a header that names the model's features in another order.</summary>
    private static void CheckOrder(string file, string[]? names, Model model)
    {
        if (names is null) return;
        var expected = model.FeatureNames;
        bool same = names.SequenceEqual(expected, StringComparer.OrdinalIgnoreCase);
        if (!same && names.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(expected.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"--data {file}: the header names the model's features in another order ({string.Join(", ", names)}); " +
                                        $"the model takes {string.Join(", ", expected)}.");
    }
}
