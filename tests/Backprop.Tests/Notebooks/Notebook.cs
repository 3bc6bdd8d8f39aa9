using System.Text.Json;
using System.Text.RegularExpressions;
using Backprop.Tests.Demo;

namespace Backprop.Tests.Notebooks;

/// <summary>The notebook samples/notebooks/backprop.ipynb, read as JSON: its code cells, their sources and outputs.</summary>
internal static partial class Notebook
{
    /// <summary>The notebook in the repository.</summary>
    public static string Path { get; } = System.IO.Path.Combine(DemoRunner.RepositoryRoot(), "samples", "notebooks", "backprop.ipynb");

    /// <summary>The code cells: each one's source and the text of its outputs (streams, and every MIME type's data).</summary>
    public static List<(string Source, List<JsonElement> Outputs)> CodeCells(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => (Lines(c.GetProperty("source")), c.GetProperty("outputs").EnumerateArray().Select(o => o.Clone()).ToList()))
            .ToList();
    }

    /// <summary>What an output shows, as one text: a stream's text, or each MIME type's data, or an error's name and message.</summary>
    public static string Text(JsonElement output) => output.GetProperty("output_type").GetString() switch
    {
        "stream" => Lines(output.GetProperty("text")),
        "error" => output.GetProperty("ename").GetString() + ": " + output.GetProperty("evalue").GetString(),
        _ => string.Join("\n", output.GetProperty("data").EnumerateObject().Select(d => Lines(d.Value))),
    };

    /// <summary>The package references of the notebook (#r "nuget: ID, VERSION"), in order.</summary>
    public static List<(string Id, string Version)> PackageReferences(string json) =>
        CodeCells(json).SelectMany(c => PackageReference().Matches(c.Source))
            .Select(m => (m.Groups["id"].Value, m.Groups["version"].Value)).ToList();

    /// <summary>The notebook with every reference to a Backprop package set to <paramref name="version"/>.</summary>
    public static string WithVersion(string json, string version) =>
        PackageReference().Replace(json, m => $"#r \\\"nuget: {m.Groups["id"].Value}, {version}\\\"");

    private static string Lines(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? string.Concat(e.EnumerateArray().Select(l => l.GetString())) : e.GetString() ?? "";

    // In the JSON the quotes of a cell's source are escaped: #r \"nuget: Backprop, VERSION\"
    [GeneratedRegex(@"#r \\?""nuget: (?<id>Backprop(?:\.\w+)*), (?<version>[^\\""]+)\\?""")]
    private static partial Regex PackageReference();
}
