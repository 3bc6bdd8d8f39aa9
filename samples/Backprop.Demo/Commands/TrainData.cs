using System.Globalization;

namespace Backprop.Demo.Commands;

/// <summary>The data <c>train</c> reads, the task it chose for them and why.</summary>
/// <param name="Data">The samples: classes one-hot (classification) or the target values (regression).</param>
/// <param name="File">The file's name, for the messages.</param>
/// <param name="Task">Classification or regression.</param>
/// <param name="Reason">Why: "--task", or what <see cref="CsvDataset.DetectLabelKind(string, CsvOptions?)"/> found.</param>
/// <param name="Labels">The label columns as the messages name them: "column 11 ('progression')".</param>
public sealed record TrainData(Dataset Data, string File, LabelKind Task, string Reason, string Labels)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The task's name: "classification" or "regression".</summary>
    public string TaskName => Task == LabelKind.Regression ? "regression" : "classification";

    /// <summary>
    /// Reads the data file and decides the task: <c>--task auto</c> takes what the label column looks like
    /// (<see cref="CsvDataset.DetectLabelKind(string, CsvOptions?)"/>). Refused before anything is printed, each
    /// naming the option, the file and the label column: a label column not in the file, several label columns or
    /// labels that look continuous under <c>--task classification</c>, labels that are not numbers under
    /// <c>--task regression</c>, and one class only.
    /// </summary>
    public static TrainData Load(TrainSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Task is not ("auto" or "classification" or "regression"))
            throw new ArgumentException($"--task {s.Task}: unknown task; use auto, classification or regression.");
        string path = s.DataPath(), file = Path.GetFileName(path);
        var (width, header) = Peek(path);
        var columns = LabelColumns(s, file, width, header);
        var options = s.LabelNames is { } names
            ? names.Count == 1 ? new CsvOptions { LabelColumnName = names[0] } : new CsvOptions { LabelColumnNames = names }
            : s.LabelColumns.Count == 1 ? new CsvOptions { LabelColumn = s.LabelColumns[0] } : new CsvOptions { LabelColumns = s.LabelColumns };
        string labels = columns is null ? "" : string.Join(", ", columns.Select(c => Describe(c, header)));
        string label = (columns?.Count > 1 ? "label columns " : "label ") + labels;
        var detection = Named(s, () => CsvDataset.DetectLabelKind(path, options));

        var (kind, reason) = (detection.Kind, Plain(detection.Reason));
        if (s.Task == "classification")
        {
            if (columns?.Count > 1)
                throw new BadInputException($"{LabelOption(s)}: {columns.Count} label columns were given ({labels}), but a classifier takes one.",
                    "give one label column, or use --task regression to predict them all.");
            if (detection.Kind == LabelKind.Regression)
                throw new BadInputException($"--task classification: {file}'s {label} looks continuous, not like classes: {reason}.",
                    "use --task regression to predict its values.");
            (kind, reason) = (LabelKind.Classification, "--task");
        }
        else if (s.Task == "regression") (kind, reason) = (LabelKind.Regression, "--task");

        Dataset data;
        try
        {
            data = Named(s, () => CsvDataset.Load(path, options with { Kind = kind }));
        }
        catch (CsvFormatException e) when (kind == LabelKind.Regression && columns is not null && columns.Contains(e.Column - 1))
        {
            throw new BadInputException($"--task regression: {e.Message}", "the labels are classes: use --task classification (or auto).");
        }
        if (data.ClassNames is { Count: < 2 } one)
            throw new BadInputException($"{file}: {label} holds one class only ('{one[0]}'); a classifier needs at least two.",
                "choose the label column with --label-column or --label-name, or use --task regression for values.");
        return new TrainData(data, file, kind, reason, labels);
    }

    /// <summary>The reason as the summary prints it in parentheses: without the library's option name, which a
    /// command-line user cannot set, and without parentheses of its own ("…, e.g. 'malignant'").</summary>
    private static string Plain(string reason)
    {
        reason = reason.Replace(" (CsvOptions.MaxClasses)", "", StringComparison.Ordinal);
        int example = reason.IndexOf(" (e.g. ", StringComparison.Ordinal);
        return example >= 0 && reason.EndsWith(')') ? string.Concat(reason.AsSpan(0, example), ", ", reason.AsSpan(example + 2, reason.Length - example - 3)) : reason;
    }

    private static string LabelOption(TrainSettings s) => s.LabelNames is { } n
        ? "--label-name " + string.Join(",", n)
        : "--label-column " + string.Join(",", s.LabelColumns.Select(c => c.ToString(C)));

    /// <summary>Runs a read; a label name not in the header is named as the option typed.</summary>
    private static T Named<T>(TrainSettings s, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CsvFormatException e) when (s.LabelNames is { } names && names.Any(n => e.Message.Contains($"'{n}'", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"{LabelOption(s)}: {e.Message}", e);
        }
    }

    /// <summary>The 0-based label columns, checked against the file's width (or null when the file has no lines,
    /// which the reader reports); by name they are looked up in the header.</summary>
    private static List<int>? LabelColumns(TrainSettings s, string file, int? width, string[]? header)
    {
        if (width is not { } w) return null;
        if (s.LabelNames is { } names)
            return header is null ? null : names.Select(n => Array.FindIndex(header, h => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)))
                .Where(i => i >= 0).ToList() is { } found && found.Count == names.Count ? found : null;
        var columns = new List<int>();
        foreach (int c in s.LabelColumns)
        {
            if (c >= w || c < -w)
                throw new ArgumentException(string.Create(C,
                    $"{LabelOption(s)}: {file} has {w} columns; use 0 to {w - 1}, or -1 to -{w} to count from the end."));
            int column = c < 0 ? w + c : c;
            if (columns.IndexOf(column) is int first and >= 0)
                throw new ArgumentException(string.Create(C,
                    $"{LabelOption(s)}: {s.LabelColumns[first]} and {c} are the same column of {file}; give each label column once."));
            columns.Add(column);
        }
        return columns;
    }

    /// <summary>"column 11 ('progression')": 1-based, as the reader's messages count.</summary>
    private static string Describe(int column, string[]? header) =>
        string.Create(C, $"column {column + 1}") + (header is null ? "" : $" ('{header[column]}')");

    /// <summary>The fields of the first non-empty line, and its names when it is a header (a field that is not a
    /// number, the reader's rule); no width for an empty file.</summary>
    public static (int? Width, string[]? Header) Peek(string path)
    {
        var line = System.IO.File.ReadLines(path).FirstOrDefault(l => l.Trim().Length > 0);
        if (line is null) return (null, null);
        var fields = line.Split(',').Select(f => f.Trim()).ToArray();
        bool header = fields.Any(f => !double.TryParse(f, NumberStyles.Float, C, out _));
        return (fields.Length, header ? fields : null);
    }
}
