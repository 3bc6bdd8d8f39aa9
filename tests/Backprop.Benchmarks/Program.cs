using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Backprop;
using Backprop.Benchmarks;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "parts")
{
    var w = Workloads.W1();
    var (x, t) = w.Batches[0];
    var sgd = new Sgd(0.5);
    void Time(string what, Action a)
    {
        for (int i = 0; i < 300000; i++) a();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 200000; i++) a();
        Console.WriteLine($"{what}: {sw.Elapsed.TotalMilliseconds * 1e6 / 200000:F1} ns");
    }
    Time("ComputeLoss", () => w.Network.ComputeLoss(x, t));
    Time("ComputeGradients", () => w.Network.ComputeGradients(x, t));
    Time("Sgd.Step", () => sgd.Step(w.Network));
    Time("TrainStep", () => w.Network.TrainStep(x, t, sgd));
    Time("Predict", () => w.Network.Predict(x, w.Batches[0].Targets));
    return;
}
if (args.Length > 0 && args[0] == "quick")
{
    // A fast look without BenchmarkDotNet: best of 5 whole runs per workload, and the final loss to compare with the peers.
    var names = args.Length > 1 ? args[1].Split(',') : ["W1", "W2", "W3", "W4", "W5"];
    foreach (var name in names)
    {
        var w = name switch { "W1" => Workloads.W1(), "W2" => Workloads.W2(), "W3" => Workloads.W3(), "W4" => Workloads.W4(), _ => Workloads.W5() };
        double best = double.MaxValue, loss = 0;
        var total = Stopwatch.StartNew();
        for (int rep = 0; rep < 3 || total.Elapsed.TotalSeconds < 2; rep++)
        {
            w.Reset();
            var sw = Stopwatch.StartNew();
            loss = w.Run(new Sgd(w.LearningRate));
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        double perUpdate = best / w.Updates;
        Console.WriteLine($"{name}: {perUpdate * 1e6:F3} µs/update, {w.FlopPerUpdate / perUpdate / 1e9:F2} GFLOP/s, final loss {w.FinalLoss():R}");
    }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(TrainingBenchmarks).Assembly).Run(args);
