using System.Globalization;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

/// <summary>
/// Reads a numeric CSV file into a <see cref="Dataset"/>: every field but the label is a culture-invariant number;
/// class labels become one-hot target rows, with the mapping in <see cref="Dataset.ClassNames"/>.
/// </summary>
/// <remarks>Blank lines are skipped; fields are trimmed; quotes are not supported (fields are numbers).</remarks>
public static class CsvDataset
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to read it; defaults when null.</param>
    /// <exception cref="CsvFormatException">The file is malformed; the message names the line and column.</exception>
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
    /// <exception cref="CsvFormatException">The text is malformed; the message names the line and column.</exception>
    public static Dataset Load(TextReader reader, CsvOptions? options = null, string sourceName = "CSV")
    {
        Guard.NotNull(reader, nameof(reader));
        options ??= new CsvOptions();
        var lines = new List<(int Number, string[] Fields)>();
        string? text;
        for (int number = 1; (text = reader.ReadLine()) is not null; number++)
            if (!string.IsNullOrWhiteSpace(text))
                lines.Add((number, text.Split(options.Separator).Select(f => f.Trim()).ToArray()));
        if (lines.Count == 0) throw new CsvFormatException(sourceName, 0, 0, "the file has no data lines.");

        int width = lines[0].Fields.Length;
        bool header = options.HasHeader ?? lines[0].Fields.Any(f => !IsNumber(f));
        string[]? names = header ? lines[0].Fields : null;
        int label = LabelIndex(options, names, width, sourceName, lines[0].Number);
        var data = header ? lines.Skip(1).ToList() : lines;
        if (data.Count == 0) throw new CsvFormatException(sourceName, 0, 0, "the file has a header but no data lines.");

        int features = width - 1;
        var x = new double[features * data.Count];
        var rawLabels = new string[data.Count];
        for (int s = 0; s < data.Count; s++)
        {
            var (number, fields) = data[s];
            if (fields.Length != width)
                throw new CsvFormatException(sourceName, number, 0, string.Create(CultureInfo.InvariantCulture,
                    $"{fields.Length} fields, but {(header ? "the header" : "the first line")} has {width}."));
            for (int c = 0, f = 0; c < width; c++)
            {
                if (c == label) { rawLabels[s] = fields[c]; continue; }
                x[f++ + s * features] = Number(fields[c], sourceName, number, c, names);
            }
        }

        var featureNames = names?.Where((_, c) => c != label).ToArray();
        var inputs = new DenseMatrix(features, data.Count, x);
        if (options.Kind == LabelKind.Regression)
        {
            var y = new double[data.Count];
            for (int s = 0; s < data.Count; s++) y[s] = Number(rawLabels[s], sourceName, data[s].Number, label, names);
            return new Dataset(inputs, new DenseMatrix(1, data.Count, y), null, featureNames);
        }

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

    private static int LabelIndex(CsvOptions options, string[]? names, int width, string source, int headerLine)
    {
        if (options.LabelColumnName is { } name)
        {
            if (names is null) throw new CsvFormatException(source, 0, 0, $"a label column name ('{name}') was given but the file has no header.");
            int i = Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (i < 0) throw new CsvFormatException(source, headerLine, 0, $"no column is named '{name}'; the columns are: {string.Join(", ", names)}.");
            return i;
        }
        int label = options.LabelColumn < 0 ? width + options.LabelColumn : options.LabelColumn;
        if (label < 0 || label >= width)
            throw new CsvFormatException(source, 0, 0, string.Create(CultureInfo.InvariantCulture,
                $"label column {options.LabelColumn} does not exist: the file has {width} columns."));
        if (width < 2) throw new CsvFormatException(source, 0, 0, "a data set needs at least one feature column and a label column.");
        return label;
    }

    private static double Number(string field, string source, int line, int column, string[]? names)
    {
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
            return v;
        string where = names is null ? "" : $" ('{names[column]}')";
        string what = field.Length == 0 ? "the field is empty" : double.IsNaN(v) || double.IsInfinity(v) && IsNumber(field)
            ? $"'{field}' is not a finite number" : $"'{field}' is not a number";
        throw new CsvFormatException(source, line, column + 1, what + where + ".");
    }

    private static bool IsNumber(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string[] Sorted(IEnumerable<string> labels)
    {
        var all = labels.ToArray();
        return all.All(IsNumber)
            ? all.OrderBy(l => double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal).ToArray()
            : all.OrderBy(l => l, StringComparer.Ordinal).ToArray();
    }
}
