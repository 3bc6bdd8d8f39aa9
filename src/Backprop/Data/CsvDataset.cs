using System.Globalization;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

/// <summary>
/// Reads a numeric CSV file into a <see cref="Dataset"/>: every field but the labels is a culture-invariant number;
/// class labels become one-hot target rows, with the mapping in <see cref="Dataset.ClassNames"/>; regression labels
/// stay numbers, one target row per label column. Whether the labels are classes is detected unless
/// <see cref="CsvOptions.Kind"/> says (see <see cref="LabelKindDetection"/>).
/// </summary>
/// <remarks>Blank lines are skipped; fields are trimmed; quotes are not supported (fields are numbers).</remarks>
public static class CsvDataset
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to read it; defaults when null.</param>
    /// <exception cref="CsvFormatException">The file is malformed (the message names the line and column), or its
    /// labels do not fit the kind asked for (the message names the label column).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset Load(string path, CsvOptions? options = null)
    {
        Guard.NotNull(path, nameof(path));
        using var reader = new StreamReader(path);
        return Load(reader, options, Path.GetFileName(path));
    }

    /// <summary>Reads CSV text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="options">How to read it; defaults when null.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <exception cref="CsvFormatException">The text is malformed (the message names the line and column), or its
    /// labels do not fit the kind asked for (the message names the label column).</exception>
    public static Dataset Load(TextReader reader, CsvOptions? options = null, string sourceName = "CSV")
    {
        Guard.NotNull(reader, nameof(reader));
        options ??= new CsvOptions();
        var table = CsvTable.Read(reader, options, sourceName);
        var kind = Resolve(table, options);

        var data = table.Data;
        var labels = table.LabelColumns;
        var names = table.Names;
        int width = table.Width, features = width - labels.Length;
        var x = new double[features * data.Count];
        for (int s = 0; s < data.Count; s++)
        {
            var (number, fields) = data[s];
            for (int c = 0, f = 0; c < width; c++)
                if (Array.IndexOf(labels, c) < 0) x[f++ + s * features] = Number(fields[c], sourceName, number, c, names);
        }
        var featureNames = names?.Where((_, c) => Array.IndexOf(labels, c) < 0).ToArray();
        var inputs = new DenseMatrix(features, data.Count, x);

        if (kind == LabelKind.Regression)
        {
            var y = new double[labels.Length * data.Count];
            for (int s = 0; s < data.Count; s++)
                for (int k = 0; k < labels.Length; k++)
                    y[k + s * labels.Length] = Number(data[s].Fields[labels[k]], sourceName, data[s].Number, labels[k], names);
            var targetNames = labels.Select((c, k) => names?[c] ?? "y" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
            return new Dataset(inputs, new DenseMatrix(labels.Length, data.Count, y), null, featureNames, targetNames);
        }

        int label = labels[0];
        var rawLabels = table.Labels(label);
        CheckClassLabels(table, data, rawLabels, label, options);
        var classes = options.ClassOrder?.ToArray() ?? Sorted(rawLabels.Distinct());
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classes.Length; c++)
            if (!index.TryAdd(classes[c], c))
                throw new ArgumentException($"ClassOrder lists '{classes[c]}' twice.", nameof(options));
        var t = new double[classes.Length * data.Count];
        for (int s = 0; s < data.Count; s++)
        {
            if (!index.TryGetValue(rawLabels[s], out int c))
                throw new CsvFormatException(sourceName, data[s].Number, label + 1,
                    $"label '{rawLabels[s]}' is not one of the classes given: {string.Join(", ", classes)}.");
            t[c + s * classes.Length] = 1;
        }
        return new Dataset(inputs, new DenseMatrix(classes.Length, data.Count, t), classes, featureNames);
    }

    /// <summary>Reads a file's label column and tells whether <see cref="LabelKind.Auto"/> takes it for classes or
    /// a regression target, and why, without building the data set.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to read it (header, label column, separator, <see cref="CsvOptions.MaxClasses"/>,
    /// <see cref="CsvOptions.ClassOrder"/>); defaults when null. <see cref="CsvOptions.Kind"/> is not consulted.</param>
    /// <exception cref="CsvFormatException">The file has no data, a line of another width, or no such label column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static LabelKindDetection DetectLabelKind(string path, CsvOptions? options = null)
    {
        Guard.NotNull(path, nameof(path));
        using var reader = new StreamReader(path);
        return DetectLabelKind(reader, options, Path.GetFileName(path));
    }

    /// <summary>Reads CSV text's label column and tells whether <see cref="LabelKind.Auto"/> takes it for classes or
    /// a regression target, and why, without building the data set.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="options">How to read it; defaults when null. <see cref="CsvOptions.Kind"/> is not consulted.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <returns>For one label column, <see cref="LabelKindDetection.Detect(IReadOnlyList{string}, int)"/> of its labels (classification,
    /// whatever the labels, when <see cref="CsvOptions.ClassOrder"/> names the classes); for several, regression,
    /// with the number of distinct label rows.</returns>
    /// <exception cref="CsvFormatException">The text has no data, a line of another width, or no such label column.</exception>
    public static LabelKindDetection DetectLabelKind(TextReader reader, CsvOptions? options = null, string sourceName = "CSV")
    {
        Guard.NotNull(reader, nameof(reader));
        options ??= new CsvOptions();
        return Detect(CsvTable.Read(reader, options, sourceName), options);
    }

    /// <summary>Refuses an empty class label, and more distinct labels than <see cref="CsvOptions.MaxClasses"/> (unless
    /// <see cref="CsvOptions.ClassOrder"/> names the classes): mostly a numeric target with a stray word in it.</summary>
    private static void CheckClassLabels(CsvTable table, List<(int Number, string[] Fields)> data, string[] labels, int label, CsvOptions options)
    {
        for (int s = 0; s < labels.Length; s++)
            if (labels[s].Length == 0)
                throw new CsvFormatException(table.Source, data[s].Number, label + 1, $"the label ({table.Describe(label)}) is empty.");
        if (options.ClassOrder is not null) return;
        int distinct = labels.Distinct(StringComparer.Ordinal).Count();
        if (distinct <= options.MaxClasses) return;
        int first = Array.FindIndex(labels, l => !CsvTable.IsNumber(l));
        int words = labels.Count(l => !CsvTable.IsNumber(l));
        string hint = words * 2 < labels.Length
            ? string.Create(CultureInfo.InvariantCulture, $"; all but {words} are numbers (line {data[first].Number}: '{labels[first]}'): if the column is a target to regress, correct or remove that line")
            : "";
        throw new CsvFormatException(table.Source, 0, label + 1, string.Create(CultureInfo.InvariantCulture,
            $"label {table.Describe(label)} holds {distinct} distinct labels, more than the {options.MaxClasses} classes a classifier is allowed (CsvOptions.MaxClasses){hint}."));
    }

    /// <summary>The kind to read the labels as: the one asked for, or the detected one for <see cref="LabelKind.Auto"/>;
    /// refuses classification of several label columns or of labels that look continuous.</summary>
    private static LabelKind Resolve(CsvTable table, CsvOptions options)
    {
        int[] labels = table.LabelColumns;
        if (labels.Length > 1)
        {
            if (options.Kind == LabelKind.Classification)
                throw new CsvFormatException(table.Source, 0, 0, string.Create(CultureInfo.InvariantCulture,
                    $"{labels.Length} label columns were given ({string.Join(", ", labels.Select(table.Describe))}), but a classifier takes one: ")
                    + "choose one label column, or read them as regression targets (LabelKind.Regression).");
            return LabelKind.Regression;
        }
        if (options.Kind == LabelKind.Regression) return LabelKind.Regression;
        if (options.ClassOrder is not null) return LabelKind.Classification;
        var detection = LabelKindDetection.Detect(table.Labels(labels[0]), options.MaxClasses, out bool tooManyClasses);
        if (options.Kind == LabelKind.Classification && detection.Kind == LabelKind.Regression)
            throw new CsvFormatException(table.Source, 0, 0,
                $"label {table.Describe(labels[0])} looks continuous, not like classes: {detection.Reason}. Read it as regression "
                + $"(LabelKind.Regression){(tooManyClasses ? " or raise CsvOptions.MaxClasses" : "")}.");
        return detection.Kind;
    }

    private static LabelKindDetection Detect(CsvTable table, CsvOptions options)
    {
        int[] labels = table.LabelColumns;
        if (labels.Length > 1)
        {
            int rows = table.Data.Select(d => string.Join('\u001f', labels.Select(c => d.Fields[c]))).Distinct(StringComparer.Ordinal).Count();
            return new LabelKindDetection(LabelKind.Regression, string.Create(CultureInfo.InvariantCulture,
                $"there are {labels.Length} label columns, and several targets are read as regression"), rows);
        }
        var raw = table.Labels(labels[0]);
        if (options.ClassOrder is not null)
            return new LabelKindDetection(LabelKind.Classification, "the classes are given (CsvOptions.ClassOrder)",
                raw.Distinct(StringComparer.Ordinal).Count());
        return LabelKindDetection.Detect(raw, options.MaxClasses);
    }

    private static double Number(string field, string source, int line, int column, string[]? names)
    {
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
            return v;
        string where = names is null ? "" : $" ('{names[column]}')";
        string what = field.Length == 0 ? "the field is empty" : double.IsNaN(v) || double.IsInfinity(v) && CsvTable.IsNumber(field)
            ? $"'{field}' is not a finite number" : $"'{field}' is not a number";
        throw new CsvFormatException(source, line, column + 1, what + where + ".");
    }

    private static string[] Sorted(IEnumerable<string> labels)
    {
        var all = labels.ToArray();
        return all.All(CsvTable.IsNumber)
            ? all.OrderBy(l => double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal).ToArray()
            : all.OrderBy(l => l, StringComparer.Ordinal).ToArray();
    }
}
