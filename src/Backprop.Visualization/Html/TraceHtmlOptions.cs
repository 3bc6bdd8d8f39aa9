namespace Backprop.Visualization;

/// <summary>
/// Settings of a <see cref="TraceHtml"/> page. Every name given here is data: the page shows it as text wherever
/// it lands (escaped in the HTML, in the embedded JSON and in the SVG), so a class label such as
/// <c>&lt;/script&gt;</c> is shown literally and runs nothing.
/// </summary>
public sealed record TraceHtmlOptions
{
    /// <summary>The smallest number of significant digits the details may show.</summary>
    public const int MinDigits = 1;

    /// <summary>The largest: 17 significant digits round-trip any double.</summary>
    public const int MaxDigits = 17;

    /// <summary>The page's title, shown as its heading and in the browser's tab (default "Backprop: one training
    /// step").</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public string Title
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Title));
    } = "Backprop: one training step";

    /// <summary>Names of the network's inputs, shown beside the input neurons (such as a CSV's column headers);
    /// null (the default) for none beyond the labels i1, i2, …. When given, one per input.</summary>
    /// <exception cref="ArgumentException">A name is null.</exception>
    public IReadOnlyList<string>? InputNames { get; init => field = Copy(value, nameof(InputNames)); }

    /// <summary>Names of the network's outputs, shown beside the output neurons (such as class labels); null (the
    /// default) for none beyond the labels o1, o2, …. When given, one per output.</summary>
    /// <exception cref="ArgumentException">A name is null.</exception>
    public IReadOnlyList<string>? OutputNames { get; init => field = Copy(value, nameof(OutputNames)); }

    /// <summary>A caption per step of a several-step page, such as "epoch 1, row 3", shown by the steps slider;
    /// null (the default) for "step 1", "step 2", …. When given, one per step.</summary>
    /// <exception cref="ArgumentException">A name is null.</exception>
    public IReadOnlyList<string>? StepNames { get; init => field = Copy(value, nameof(StepNames)); }

    /// <summary>How many significant digits the details panel shows of each number (default 9, as the blog
    /// prints them; from <see cref="MinDigits"/> to <see cref="MaxDigits"/>). The labels in the diagram show 4.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 17].</exception>
    public int Digits
    {
        get;
        init => field = value is >= MinDigits and <= MaxDigits ? value
            : throw new ArgumentOutOfRangeException(nameof(Digits), value, $"{nameof(Digits)} must be from {MinDigits} to {MaxDigits}.");
    } = 9;

    /// <summary>A copy of the names, so that the caller's list may change afterwards; null stays null.</summary>
    private static string[]? Copy(IReadOnlyList<string>? names, string property)
    {
        if (names is null) return null;
        string[] copy = [.. names];
        for (int k = 0; k < copy.Length; k++)
            if (copy[k] is null) throw new ArgumentException($"{property}[{k}] is null.", property);
        return copy;
    }
}
