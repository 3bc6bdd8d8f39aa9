using System.Globalization;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Backprop.Internal;

namespace Backprop.Benchmarks;

/// <summary>
/// The three products of a training step at W5's and W4's shapes, in float64 and float32, on one thread:
/// NN = W·x (m×k · k×n), NT = δ·xᵀ (m×n · n×k), TN = Wᵀ·δ (k×m · m×n), each 2·m·k·n operations, reported in
/// GFLOP/s beside the time.
/// </summary>
[Config(typeof(GflopsConfig)), MinColumn]
public class GemmBenchmarks
{
    private IProducts _products = null!;

    /// <summary>m×k×n: W5's first and second layers and its output layer, W4's two layers (batch 64 and 32).</summary>
    [Params("256x784x64", "256x256x64", "10x256x64", "128x64x32", "10x128x32")]
    public string Shape { get; set; } = "";

    [Params("float64", "float32")]
    public string Precision { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.MaxThreads = 1;
        var (m, k, n) = GflopsColumn.Parse(Shape);
        _products = Precision == "float32" ? new Products<float>(m, k, n) : new Products<double>(m, k, n);
    }

    [Benchmark]
    public void NN() => _products.NN();

    [Benchmark]
    public void NT() => _products.NT();

    [Benchmark]
    public void TN() => _products.TN();

    private interface IProducts
    {
        void NN();
        void NT();
        void TN();
    }

    private sealed class Products<T>(int m, int k, int n) : IProducts where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _w = Fill(m * k, 1), _x = Fill(k * n, 2), _delta = Fill(m * n, 3), _net = new T[m * n],
            _gradient = new T[m * k], _below = new T[k * n];

        private static T[] Fill(int length, int seed)
        {
            var r = new Random(seed);
            return [.. Enumerable.Range(0, length).Select(_ => T.CreateTruncating(r.NextDouble() - 0.5))];
        }

        public void NN() => Kernels.MultiplyNN<T>(_w, m, k, _x, n, _net);

        public void NT() => Kernels.MultiplyNT<T>(_delta, m, n, _x, k, _gradient);

        public void TN() => Kernels.MultiplyTN<T>(_w, m, k, _delta, n, _below);
    }
}

/// <summary>Adds <see cref="GflopsColumn"/>.</summary>
public sealed class GflopsConfig : ManualConfig
{
    public GflopsConfig() => AddColumn(new GflopsColumn());
}

/// <summary>2·m·k·n operations per mean time, m×k×n read from the Shape parameter.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "2·m·k·n floating-point operations per second, from the mean time";

    public static (int M, int K, int N) Parse(string shape)
    {
        var parts = shape.Split('x').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1], parts[2]);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null || benchmarkCase.Parameters["Shape"] is not string shape) return "NA";
        var (m, k, n) = Parse(shape);
        return (2.0 * m * k * n / statistics.Mean).ToString("F1", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
