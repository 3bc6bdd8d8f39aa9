using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// W1–W4 of the peer harness in float64 and in float32, one whole run per invocation, reported per update
/// (OperationsPerInvoke), with the memory allocated per update.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class TrainingBenchmarks
{
    private Workload _w1 = null!, _w2 = null!, _w3 = null!, _w4 = null!;
    private Sgd _s1 = null!, _s2 = null!, _s3 = null!, _s4 = null!;

    [Params(Precision.Float64, Precision.Float32)]
    public Precision Precision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_w1, _w2, _w3, _w4) = (Workloads.Named("W1", Precision), Workloads.Named("W2", Precision),
            Workloads.Named("W3", Precision), Workloads.Named("W4", Precision));
        (_s1, _s2, _s3, _s4) = (new Sgd(0.5), new Sgd(0.5), new Sgd(0.1), new Sgd(0.5));
    }

    [Benchmark(OperationsPerInvoke = 10_000)]
    public double W1_Mazur_step()
    {
        _w1.Reset();
        return _w1.Run(_s1);
    }

    [Benchmark(OperationsPerInvoke = 10_000)]
    public double W2_TenPoint_online()
    {
        _w2.Reset();
        return _w2.Run(_s2);
    }

    [Benchmark(OperationsPerInvoke = 17_970)]
    public double W3_Digits_online()
    {
        _w3.Reset();
        return _w3.Run(_s3);
    }

    [Benchmark(OperationsPerInvoke = 2_850)]
    public double W4_Digits_batch32()
    {
        _w4.Reset();
        return _w4.Run(_s4);
    }

}

/// <summary>W5 on 1 and on 2 threads (<see cref="Parallelism.MaxThreads"/>), in float64 and in float32.</summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class W5Benchmarks
{
    private Workload _w5 = null!;
    private Sgd _sgd = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(Precision.Float64, Precision.Float32)]
    public Precision Precision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _w5 = Workloads.W5(Precision, keepDoubles: false);
        _sgd = new Sgd(1.0);
        Parallelism.MaxThreads = Threads;
    }

    [Benchmark(OperationsPerInvoke = 384)]
    public double W5_Synthetic_batch64()
    {
        _w5.Reset();
        return _w5.Run(_sgd);
    }
}

/// <summary>How the cost grows: one online epoch of W3 (64-H-10) with 1×, 2×, 4× the data and H = 32, 64, 128.</summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class ScalingBenchmarks
{
    private Workload _w = null!;
    private Sgd _sgd = null!;

    [Params(1, 2, 4)]
    public int DataCopies { get; set; }

    [Params(32, 64, 128)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _w = Workloads.Digits(DataCopies, Hidden);
        _sgd = new Sgd(0.1);
    }

    [Benchmark]
    public double W3_one_epoch()
    {
        _w.Reset();
        return _w.Run(_sgd);
    }
}
