using System.Globalization;
using System.Text.Json;

namespace Backprop.Tests.Reference;

/// <summary>Reads the golden values (values.json) and gives the tolerances of its README.</summary>
internal static class Golden
{
    public const double SingleStepRelative = 1e-12;
    public const double LongRunRelative = 1e-9;

    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "values.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static JsonElement At(params string[] path)
    {
        var e = Root;
        foreach (var p in path) e = e.GetProperty(p);
        return e;
    }

    public static double Number(params string[] path) => At(path).GetDouble();

    public static double[] Vector(params string[] path) => At(path).EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static double[,] Matrix(params string[] path)
    {
        var rows = At(path).EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        var m = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
        for (int j = 0; j < rows[i].Length; j++) m[i, j] = rows[i][j];
        return m;
    }

    /// <summary>Half a unit in the last printed digit of a decimal string such as "0.75136507".</summary>
    public static double HalfUnitInLastPlace(string printed)
    {
        int dot = printed.IndexOf('.');
        int decimals = dot < 0 ? 0 : printed.Length - dot - 1;
        return 0.5 * Math.Pow(10, -decimals);
    }

    public static double Parse(string printed) => double.Parse(printed, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double RelativeTolerance(double expected, double relative) => Math.Abs(expected) * relative;
}
