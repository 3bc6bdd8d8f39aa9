using System.Globalization;

namespace Backprop;

/// <summary>Whether a CSV's label column holds classes or numbers to regress.</summary>
public enum LabelKind
{
    /// <summary>Detected from the label column (the default), by <see cref="LabelKindDetection.Detect(IReadOnlyList{string}, int)"/>: labels
    /// that are not all numbers, or few distinct whole numbers, are classes; anything else is a regression target.</summary>
    Auto,

    /// <summary>Class labels, mapped to one-hot target rows.</summary>
    Classification,

    /// <summary>Numeric targets, one target row per label column.</summary>
    Regression,
}

/// <summary>How to read a numeric CSV file into a <see cref="Dataset"/>; checked when set.</summary>
/// <remarks>The label columns are, in order of precedence: <see cref="LabelColumnNames"/>, <see cref="LabelColumns"/>,
/// <see cref="LabelColumnName"/>, <see cref="LabelColumn"/>.</remarks>
public sealed record CsvOptions
{
    /// <summary>The default of <see cref="MaxClasses"/>: 50. A column of more distinct whole numbers than this is
    /// more likely a count or a measurement than a set of classes (the usual class counts, 2 to 26, fit well
    /// below it).</summary>
    public const int DefaultMaxClasses = 50;

    /// <summary>Whether the first line is a header: true, false, or null (the default) to detect it — a first line
    /// with a field that is not a number is a header.</summary>
    public bool? HasHeader { get; init; }

    /// <summary>The 0-based label column; negative counts from the end (default −1, the last column).</summary>
    public int LabelColumn { get; init; } = -1;

    /// <summary>The label column by header name (case-insensitive); overrides <see cref="LabelColumn"/> when set.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>Several label columns, 0-based, negative counting from the end, each one regression target in this
    /// order; overrides <see cref="LabelColumn"/> and <see cref="LabelColumnName"/> when set. Null by default.
    /// More than one label column is read as regression (<see cref="LabelKind.Auto"/>) and refused for
    /// <see cref="LabelKind.Classification"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The list is empty.</exception>
    public IReadOnlyList<int>? LabelColumns
    {
        get;
        init
        {
            if (value is { Count: 0 })
                throw new ArgumentOutOfRangeException(nameof(LabelColumns), "LabelColumns must list at least one column (or be null).");
            field = value?.ToArray();
        }
    }

    /// <summary>Several label columns by header name (case-insensitive), in target order; overrides
    /// <see cref="LabelColumns"/>, <see cref="LabelColumn"/> and <see cref="LabelColumnName"/> when set. Null by
    /// default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The list is empty, or names a column twice or an empty name.</exception>
    public IReadOnlyList<string>? LabelColumnNames
    {
        get;
        init
        {
            if (value is null) { field = null; return; }
            if (value.Count == 0)
                throw new ArgumentOutOfRangeException(nameof(LabelColumnNames), "LabelColumnNames must list at least one column (or be null).");
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in value)
            {
                if (string.IsNullOrWhiteSpace(name))
                    throw new ArgumentOutOfRangeException(nameof(LabelColumnNames), "LabelColumnNames holds an empty name.");
                if (!seen.Add(name))
                    throw new ArgumentOutOfRangeException(nameof(LabelColumnNames), $"LabelColumnNames lists '{name}' twice.");
            }
            field = value.ToArray();
        }
    }

    /// <summary>Classification, regression, or <see cref="LabelKind.Auto"/> (the default): detected from the label
    /// column by <see cref="LabelKindDetection.Detect(IReadOnlyList{string}, int)"/>, classification when <see cref="ClassOrder"/> is set, and
    /// regression when there are several label columns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="LabelKind"/>.</exception>
    public LabelKind Kind
    {
        get;
        init
        {
            if (!Enum.IsDefined(value)) throw new ArgumentOutOfRangeException(nameof(Kind), value, "Unknown label kind.");
            field = value;
        }
    } = LabelKind.Auto;

    /// <summary>The most distinct whole-number labels a classifier takes (default <see cref="DefaultMaxClasses"/>,
    /// at least 2): <see cref="LabelKind.Auto"/> reads a column of more as regression, and
    /// <see cref="LabelKind.Classification"/> refuses it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 2.</exception>
    public int MaxClasses
    {
        get;
        init
        {
            if (value < 2)
                throw new ArgumentOutOfRangeException(nameof(MaxClasses), value,
                    string.Create(CultureInfo.InvariantCulture, $"MaxClasses must be at least 2; got {value}."));
            field = value;
        }
    } = DefaultMaxClasses;

    /// <summary>
    /// For classification, the labels in target-row order. When null (the default), the labels found are sorted:
    /// numerically when all are numbers, else ordinally. Naming the classes makes them classes: neither
    /// <see cref="LabelKind.Auto"/> nor the checks of <see cref="MaxClasses"/> and of whole numbers second-guess it.
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
