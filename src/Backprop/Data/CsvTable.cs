using System.Globalization;

namespace Backprop;

/// <summary>The lines of a CSV file split into trimmed fields, its header if any, and its label columns resolved
/// from the options; every data line is checked to have the width of the first.</summary>
internal sealed class CsvTable
{
    private CsvTable(string source, string[]? names, List<(int Number, string[] Fields)> data, int[] labelColumns)
    {
        Source = source;
        Names = names;
        Data = data;
        LabelColumns = labelColumns;
    }

    /// <summary>The file name or other source name, for the messages.</summary>
    public string Source { get; }

    /// <summary>The header's fields, or null when there is no header.</summary>
    public string[]? Names { get; }

    /// <summary>The data lines: their 1-based line number and fields.</summary>
    public List<(int Number, string[] Fields)> Data { get; }

    /// <summary>The 0-based label columns, in target order.</summary>
    public int[] LabelColumns { get; }

    /// <summary>The number of fields per line.</summary>
    public int Width => Data[0].Fields.Length;

    /// <summary>Reads the lines and resolves the label columns.</summary>
    /// <exception cref="CsvFormatException">No data, a line of another width, or a label column that does not exist.</exception>
    public static CsvTable Read(TextReader reader, CsvOptions options, string source)
    {
        var lines = new List<(int Number, string[] Fields)>();
        string? text;
        for (int number = 1; (text = reader.ReadLine()) is not null; number++)
            if (!string.IsNullOrWhiteSpace(text))
                lines.Add((number, text.Split(options.Separator).Select(f => f.Trim()).ToArray()));
        if (lines.Count == 0) throw new CsvFormatException(source, 0, 0, "the file has no data lines.");

        int width = lines[0].Fields.Length;
        bool header = options.HasHeader ?? lines[0].Fields.Any(f => !IsNumber(f));
        string[]? names = header ? lines[0].Fields : null;
        int[] labels = ResolveLabels(options, names, width, source, lines[0].Number);
        var data = header ? lines.Skip(1).ToList() : lines;
        if (data.Count == 0) throw new CsvFormatException(source, 0, 0, "the file has a header but no data lines.");
        foreach (var (number, fields) in data)
            if (fields.Length != width)
                throw new CsvFormatException(source, number, 0, string.Create(CultureInfo.InvariantCulture,
                    $"{fields.Length} fields, but {(header ? "the header" : "the first line")} has {width}."));
        return new CsvTable(source, names, data, labels);
    }

    /// <summary>The raw labels of label column <paramref name="column"/> (0-based index into the file's columns).</summary>
    public string[] Labels(int column) => Data.Select(d => d.Fields[column]).ToArray();

    /// <summary>How the messages name a column: "column 3 ('price')", or "column 3" without a header.</summary>
    public string Describe(int column) =>
        string.Create(CultureInfo.InvariantCulture, $"column {column + 1}") + (Names is null ? "" : $" ('{Names[column]}')");

    /// <summary>Whether a field reads as a number (culture-invariant; NaN and infinities included).</summary>
    public static bool IsNumber(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static int[] ResolveLabels(CsvOptions options, string[]? names, int width, string source, int headerLine)
    {
        int[] labels;
        if (options.LabelColumnNames is { } byNames)
            labels = byNames.Select(n => ByName(n, names, source, headerLine)).ToArray();
        else if (options.LabelColumns is { } byIndex)
        {
            labels = byIndex.Select(i => ByIndex(i, width, source, several: true)).ToArray();
            for (int k = 1; k < labels.Length; k++)
                if (Array.IndexOf(labels, labels[k], 0, k) is int first and >= 0)
                    throw new CsvFormatException(source, 0, 0, string.Create(CultureInfo.InvariantCulture,
                        $"LabelColumns names column {labels[k] + 1} twice ({byIndex[first]} and {byIndex[k]})."));
        }
        else if (options.LabelColumnName is { } name) labels = [ByName(name, names, source, headerLine)];
        else labels = [ByIndex(options.LabelColumn, width, source, several: false)];
        if (width - labels.Length < 1)
            throw new CsvFormatException(source, 0, 0, labels.Length == 1
                ? "a data set needs at least one feature column and a label column."
                : string.Create(CultureInfo.InvariantCulture,
                    $"a data set needs at least one feature column besides its {labels.Length} label columns, but the file has {width} columns."));
        return labels;
    }

    private static int ByName(string name, string[]? names, string source, int headerLine)
    {
        if (names is null) throw new CsvFormatException(source, 0, 0, $"a label column name ('{name}') was given but the file has no header.");
        int i = Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (i < 0) throw new CsvFormatException(source, headerLine, 0, $"no column is named '{name}'; the columns are: {string.Join(", ", names)}.");
        return i;
    }

    private static int ByIndex(int column, int width, string source, bool several)
    {
        int label = column < 0 ? width + column : column;
        if (label < 0 || label >= width)
            throw new CsvFormatException(source, 0, 0, string.Create(CultureInfo.InvariantCulture,
                $"{(several ? "LabelColumns lists column " : "label column ")}{column}, which does not exist: the file has {width} columns."));
        return label;
    }
}
