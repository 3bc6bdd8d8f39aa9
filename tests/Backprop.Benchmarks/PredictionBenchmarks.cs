using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// What serving a model costs: one raw row through the network alone, through a <see cref="Model"/> (z-score
/// scaling, then the network) and classified, for W3's 64-32-10 network; the memory diagnoser shows the
/// write-into forms allocate nothing.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class PredictionBenchmarks
{
    private Network _network = null!;
    private Model _model = null!;
    private double[] _row = null!, _scaled = null!, _result = null!;

    [GlobalSetup]
    public void Setup()
    {
        var w = Workloads.W3();
        _network = w.Network;
        var random = new Random(5);
        var x = Matrix<double>.Build.Dense(_network.InputSize, 500, (_, _) => random.NextDouble() * 16);
        _model = Model.Classifier(_network, Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            StandardScaler.Fit(x));
        _row = x.Column(0).ToArray();
        _scaled = _model.InputScaler!.Transform(Matrix<double>.Build.DenseOfColumnArrays(_row)).Column(0).ToArray();
        _result = new double[_network.OutputSize];
    }

    [Benchmark(Baseline = true)]
    public double Network_predict_into() { _network.Predict(_scaled, _result); return _result[0]; }

    [Benchmark]
    public double Model_predict_raw_row_into() { _model.Predict(_row, _result); return _result[0]; }

    [Benchmark]
    public double Model_classify_raw_row() => _model.Classify(_row).Probability;

    [Benchmark]
    public double Model_predict_raw_row() => _model.Predict(_row)[0];
}
