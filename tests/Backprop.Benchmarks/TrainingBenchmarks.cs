using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// W1–W5 of the peer harness, one whole run per invocation, reported per update (OperationsPerInvoke), with the
/// memory allocated per update.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private Workload _w1 = null!, _w2 = null!, _w3 = null!, _w4 = null!, _w5 = null!;
    private Sgd _s1 = null!, _s2 = null!, _s3 = null!, _s4 = null!, _s5 = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_w1, _w2, _w3, _w4, _w5) = (Workloads.W1(), Workloads.W2(), Workloads.W3(), Workloads.W4(), Workloads.W5());
        (_s1, _s2, _s3, _s4, _s5) = (new Sgd(0.5), new Sgd(0.5), new Sgd(0.1), new Sgd(0.5), new Sgd(1.0));
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

    [Benchmark(OperationsPerInvoke = 384)]
    public double W5_Synthetic_batch64()
    {
        _w5.Reset();
        return _w5.Run(_s5);
    }
}
