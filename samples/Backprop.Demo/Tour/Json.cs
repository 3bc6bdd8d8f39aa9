using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Demo.Tour;

/// <summary>JSON output: numbers at full precision (shortest round-trip form), names as the tour prints them.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonArray Array(IEnumerable<double> xs) => new(xs.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());

    public static JsonArray Array(IEnumerable<int> xs) => new(xs.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());

    /// <summary>A matrix as an array of rows.</summary>
    public static JsonArray Rows(MathNet.Numerics.LinearAlgebra.Matrix<double> m) =>
        new(Enumerable.Range(0, m.RowCount).Select(i => (JsonNode?)Array(m.Row(i))).ToArray());

    public static string Write(JsonNode node) => node.ToJsonString(Options);
}
