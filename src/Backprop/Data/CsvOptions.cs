namespace Backprop;

/// <summary>Whether a CSV's label column holds classes or numbers to regress.</summary>
public enum LabelKind
{
    /// <summary>Class labels, mapped to one-hot target rows (the default).</summary>
    Classification,

    /// <summary>A numeric target, kept as one target row.</summary>
    Regression,
}

/// <summary>How to read a numeric CSV file into a <see cref="Dataset"/>; checked when set.</summary>
public sealed record CsvOptions
{
    /// <summary>Whether the first line is a header: true, false, or null (the default) to detect it — a first line
    /// with a field that is not a number is a header.</summary>
    public bool? HasHeader { get; init; }

    /// <summary>The 0-based label column; negative counts from the end (default −1, the last column).</summary>
    public int LabelColumn { get; init; } = -1;

    /// <summary>The label column by header name; overrides <see cref="LabelColumn"/> when set.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>Classification (default) or regression.</summary>
    public LabelKind Kind { get; init; } = LabelKind.Classification;

    /// <summary>
    /// For classification, the labels in target-row order. When null (the default), the labels found are sorted:
    /// numerically when all are numbers, else ordinally.
    /// </summary>
    public IReadOnlyList<string>? ClassOrder { get; init; }

    /// <summary>The field separator (default ',').</summary>
    public char Separator
    {
        get;
        init
        {
            if (value is '"' or '\r' or '\n' || char.IsDigit(value) || value == '.' || value == '-')
                throw new ArgumentOutOfRangeException(nameof(Separator), value, $"'{value}' cannot separate numeric fields.");
            field = value;
        }
    } = ',';
}
