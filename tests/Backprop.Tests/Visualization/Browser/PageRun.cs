using System.Globalization;
using System.Text.Json.Nodes;
using Backprop.Visualization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Visualization.Browser;

/// <summary>The browser tests run one at a time: each starts a Chromium of its own, and the machine may be small.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Browser";
}

/// <summary>A page written by <see cref="TraceHtml"/> and driven in Chromium once; the tests of a class read its report.</summary>
public abstract class PageRun
{
    protected PageRun(string name, IReadOnlyList<StepTrace> steps, Action<string> write, JsonObject plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(write);
        Steps = steps;
        string folder = Path.Combine(AppContext.BaseDirectory, "explainer-pages");
        Directory.CreateDirectory(folder);
        Page = Path.Combine(folder, name + ".html");
        write(Page);
        plan["page"] = Page;
        plan["out"] = Path.Combine(folder, name + "-shots");
        Report = BrowserRunner.Run(plan);
    }

    /// <summary>The steps the page shows.</summary>
    public IReadOnlyList<StepTrace> Steps { get; }

    /// <summary>The page's file.</summary>
    public string Page { get; }

    /// <summary>What explainer.mjs reported.</summary>
    public JsonObject Report { get; }

    /// <summary>The report's stages, in order.</summary>
    public JsonArray Stages => Report["stages"]!.AsArray();

    /// <summary>What the details panel showed for a selection of the plan.</summary>
    public JsonObject Selection(string name) => Report["selections"]![name]!.AsObject();

    /// <summary>A screenshot's entry.</summary>
    public JsonObject Shot(string name) => Report["shots"]!.AsArray().Single(s => (string)s!["name"]! == name)!.AsObject();

    /// <summary>A selection entry of a plan.</summary>
    protected static JsonObject Select(string name, string by = "search", int stage = 0) => new() { ["name"] = name, ["by"] = by, ["stage"] = stage };

    /// <summary>A screenshot entry of a plan.</summary>
    protected static JsonObject Screenshot(string name, int stage, string? select = null, int width = 1280, int height = 900, string scheme = "light") => new()
    {
        ["name"] = name, ["stage"] = stage, ["select"] = select, ["colorScheme"] = scheme,
        ["viewport"] = new JsonObject { ["width"] = width, ["height"] = height },
    };

    /// <summary>The text of a shown number as a double (the page writes − for minus).</summary>
    public static double Parse(string shown) => double.Parse(shown.Replace('\u2212', '-'), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value as the page prints it, to <paramref name="digits"/> significant digits, as a double.</summary>
    public static double Printed(double value, int digits = 9) =>
        double.Parse(value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A network of three layers for the deep-network pages: 3-4-3-2, tanh, tanh, sigmoid, seeded.</summary>
    public static StepTrace DeepStep() => StepTrace.Record(
        Network.Create(3, [new LayerDefinition(4, Activation.Tanh), new LayerDefinition(3, Activation.Tanh), new LayerDefinition(2, Activation.Sigmoid)],
            new UniformInitializer(-1, 1), seed: 7),
        Vector<double>.Build.DenseOfArray([0.5, -0.2, 0.9]), Vector<double>.Build.DenseOfArray([0.1, 0.8]), new Sgd(0.5), finiteDifferences: true);
}
