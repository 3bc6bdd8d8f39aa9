using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Backprop.Visualization;

/// <summary>
/// An explainer page of a traced step, or of several: one self-contained HTML file (its script, styles and data
/// inline; it makes no network request, and its Content-Security-Policy forbids any) that opens from disk in any
/// current browser. It draws the network as SVG, walks through the forward pass layer by layer, the loss term by
/// term, the backward pass neuron by neuron and the update, and shows for any weight its chain rule factor by
/// factor (with the finite-difference estimate, when the trace has one) and for any neuron its net, out,
/// f′(net), ∂E/∂out and δ with where each came from. Several steps get a slider with the loss curve.
/// </summary>
/// <remarks>Every number comes from the trace: the page embeds <see cref="TraceJson"/>'s document of each step,
/// extended with the terms and chain-rule factors computed in C#, and its script only displays them (inserting
/// data with <c>textContent</c>, never as markup). The data are embedded as JSON with &lt;, &gt;, &amp;, U+2028
/// and U+2029 escaped, so no name can end the script or inject markup.</remarks>
public static partial class TraceHtml
{
    /// <summary>The most weights a page may hold, over all its steps (a step's weights × the steps): about
    /// 0.5 KB of data each, so a page stays under about 10 MB and opens quickly.</summary>
    public const int MaxWeights = 20_000;

    private static readonly string[] Scripts = ["util.js", "layout.js", "diagram.js", "stages.js", "details.js", "steps.js", "main.js"];

    private static readonly JsonSerializerOptions Embedded = new()
    {
        // Escapes <, >, &, ', " and + (so the text cannot close the script element) but keeps other characters.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The page of one step.</summary>
    /// <param name="trace">The step.</param>
    /// <param name="options">The page's settings (default <see cref="TraceHtmlOptions"/>'s).</param>
    /// <returns>The HTML document.</returns>
    /// <exception cref="ArgumentException">A name list of <paramref name="options"/> does not have one name per input,
    /// output or step.</exception>
    public static string Render(StepTrace trace, TraceHtmlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return Render([trace], options);
    }

    /// <summary>The page of several steps of one network (such as each step of a training run), with a slider
    /// through them and the loss curve (E of each step, before its update).</summary>
    /// <param name="steps">The steps, in order; all of one network's shape.</param>
    /// <param name="options">The page's settings (default <see cref="TraceHtmlOptions"/>'s).</param>
    /// <returns>The HTML document.</returns>
    /// <exception cref="ArgumentException">There is no step, a step is null or of another shape than the first,
    /// the page would hold more than <see cref="MaxWeights"/> weights, or a name list of
    /// <paramref name="options"/> does not have one name per input, output or step.</exception>
    public static string Render(IReadOnlyList<StepTrace> steps, TraceHtmlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        options ??= new TraceHtmlOptions();
        Check(steps, options);
        string data = JsonSerializer.Serialize(ExplainerData.Build(steps, options), Embedded)
            .Replace("\u2028", "\\u2028", StringComparison.Ordinal)
            .Replace("\u2029", "\\u2029", StringComparison.Ordinal);
        string script = "(() => {\n\"use strict\";\n" + string.Concat(Scripts.Select(Resource)) + "})();\n";
        string css = Resource("explainer.css");
        var parts = new Dictionary<string, string>
        {
            ["TITLE"] = WebUtility.HtmlEncode(options.Title),
            ["CSP"] = $"default-src 'none'; script-src '{Hash(script)}'; style-src '{Hash(css)}'; img-src data:; base-uri 'none'; form-action 'none'",
            ["STYLE"] = css,
            ["DATA"] = data,
            ["SCRIPT"] = script,
        };
        // One pass, so that nothing a replacement brings in is read as a placeholder.
        return Placeholder().Replace(Resource("explainer.html"), m => parts[m.Groups[1].Value]);
    }

    /// <summary>Writes the page of one step to <paramref name="path"/> (UTF-8), atomically: through a temporary file
    /// beside it, so a failed write leaves no half-written file.</summary>
    /// <param name="trace">The step.</param>
    /// <param name="path">The file to write (an existing one is replaced).</param>
    /// <param name="options">The page's settings (default <see cref="TraceHtmlOptions"/>'s).</param>
    /// <exception cref="ArgumentException">As <see cref="Render(StepTrace, TraceHtmlOptions?)"/>; nothing is written.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Write(StepTrace trace, string path, TraceHtmlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        Write([trace], path, options);
    }

    /// <summary>Writes the page of several steps to <paramref name="path"/> (UTF-8), atomically.</summary>
    /// <param name="steps">The steps, in order; all of one network's shape.</param>
    /// <param name="path">The file to write (an existing one is replaced).</param>
    /// <param name="options">The page's settings (default <see cref="TraceHtmlOptions"/>'s).</param>
    /// <exception cref="ArgumentException">As <see cref="Render(IReadOnlyList{StepTrace}, TraceHtmlOptions?)"/>;
    /// nothing is written.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Write(IReadOnlyList<StepTrace> steps, string path, TraceHtmlOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] page = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Render(steps, options));
        AtomicFile.WriteStream(path, stream => stream.Write(page));
    }

    private static void Check(IReadOnlyList<StepTrace> steps, TraceHtmlOptions options)
    {
        if (steps.Count == 0) throw new ArgumentException("There are no steps to show.", nameof(steps));
        for (int k = 0; k < steps.Count; k++)
            if (steps[k] is null) throw new ArgumentException($"steps[{k}] is null.", nameof(steps));
        string shape = Shape(steps[0]);
        for (int k = 1; k < steps.Count; k++)
            if (Shape(steps[k]) != shape)
                throw new ArgumentException($"steps[{k}] is of a {Shape(steps[k])} network, steps[0] of a {shape} one; a page shows one network.", nameof(steps));
        long weights = (long)steps[0].Layers.Sum(l => l.WeightsBefore.RowCount * l.WeightsBefore.ColumnCount) * steps.Count;
        if (weights > MaxWeights)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The page would hold {weights} weights ({weights / steps.Count} per step × {steps.Count} steps), more than the {MaxWeights} a page may; show fewer steps or a smaller network."), nameof(steps));
        string? wrong = Count(options.InputNames, steps[0].Input.Count, nameof(TraceHtmlOptions.InputNames), "inputs")
            ?? Count(options.OutputNames, steps[0].Output.Count, nameof(TraceHtmlOptions.OutputNames), "outputs")
            ?? Count(options.StepNames, steps.Count, nameof(TraceHtmlOptions.StepNames), "steps");
        if (wrong is not null) throw new ArgumentException(wrong, nameof(options));
    }

    /// <summary>What is wrong with a list of names, or null when it is missing or has one name per thing.</summary>
    private static string? Count(IReadOnlyList<string>? names, int expected, string property, string what) =>
        names is null || names.Count == expected ? null
            : string.Create(CultureInfo.InvariantCulture, $"options.{property} has {names.Count} names, but the page has {expected} {what}.");

    /// <summary>The layer sizes, such as 2-2-2.</summary>
    private static string Shape(StepTrace trace) =>
        string.Join('-', trace.Layers.Select(l => l.WeightsBefore.RowCount).Prepend(trace.Input.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The Content-Security-Policy source of an inline element's text: 'sha256-…' of its UTF-8 bytes.</summary>
    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Resource(string name)
    {
        using var stream = typeof(TraceHtml).Assembly.GetManifestResourceStream("Backprop.Visualization.Html." + name)
            ?? throw new InvalidOperationException($"The explainer's resource {name} is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{([A-Z]+)\}\}")]
    private static partial Regex Placeholder();
}
