using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// Whether a column of labels reads as classes or as a regression target, and why — what
/// <see cref="LabelKind.Auto"/> decides. The rule, in order: labels that are not all numbers are classes; numbers
/// that are not all whole (or not finite) are a regression target; more distinct whole numbers than the classes a
/// classifier is allowed (<see cref="CsvOptions.MaxClasses"/>) are a regression target; else they are classes.
/// </summary>
/// <param name="Kind">The kind: <see cref="LabelKind.Classification"/> or <see cref="LabelKind.Regression"/>, never
/// <see cref="LabelKind.Auto"/>.</param>
/// <param name="Reason">Why, as a sentence for a user, e.g. "the labels are 3 distinct whole numbers".</param>
/// <param name="DistinctCount">The number of distinct labels, compared as written (ordinally).</param>
public sealed record LabelKindDetection(LabelKind Kind, string Reason, int DistinctCount)
{
    /// <summary>Detects the kind of a column of labels.</summary>
    /// <param name="labels">The labels as written (trimmed), one per sample; numbers are read culture-invariantly.</param>
    /// <param name="maxClasses">The most distinct whole numbers read as classes (default
    /// <see cref="CsvOptions.DefaultMaxClasses"/>); at least 2.</param>
    /// <returns>The kind, the reason and the number of distinct labels. No labels at all count as classification.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxClasses"/> is less than 2.</exception>
    public static LabelKindDetection Detect(IReadOnlyList<string> labels, int maxClasses = CsvOptions.DefaultMaxClasses) =>
        Detect(labels, maxClasses, out _);

    /// <summary><see cref="Detect(IReadOnlyList{string}, int)"/>, also telling whether the count of distinct whole
    /// numbers alone made it regression (so that raising the limit would make it classification).</summary>
    internal static LabelKindDetection Detect(IReadOnlyList<string> labels, int maxClasses, out bool tooManyClasses)
    {
        tooManyClasses = false;
        Guard.NotNull(labels, nameof(labels));
        Guard.AtLeast(maxClasses, 2, nameof(maxClasses));
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        string? notNumber = null, notWhole = null;
        foreach (string label in labels)
        {
            if (label is null) throw new ArgumentException("labels holds a null label.", nameof(labels));
            if (!distinct.Add(label) || notNumber is not null) continue;
            if (!double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) notNumber = label;
            else if (notWhole is null && !(double.IsFinite(v) && Math.Floor(v) == v)) notWhole = label;
        }
        int count = distinct.Count;
        var c = CultureInfo.InvariantCulture;
        if (count == 0) return new(LabelKind.Classification, "there are no labels", 0);
        if (notNumber is not null)
            return new(LabelKind.Classification, $"the labels are not all numbers (e.g. '{notNumber}')", count);
        if (notWhole is not null)
            return new(LabelKind.Regression, $"the labels are numbers that are not all whole (e.g. {notWhole})", count);
        tooManyClasses = count > maxClasses;
        if (tooManyClasses)
            return new(LabelKind.Regression, string.Create(c,
                $"the labels are {count} distinct whole numbers, more than the {maxClasses} classes a classifier is allowed (CsvOptions.MaxClasses)"), count);
        return new(LabelKind.Classification,
            string.Create(c, $"the labels are {count} distinct whole number{(count == 1 ? "" : "s")}"), count);
    }
}
