using System.Diagnostics;
using System.Globalization;

namespace Backprop.Benchmarks;

/// <summary>The one-process measurements compare.sh prints beside the timings: final losses and peak memory.</summary>
public static class Measurements
{
    private static readonly string[] AllWorkloads = ["W1", "W2", "W3", "W4", "W5"];

    /// <summary>
    /// <c>final-loss [W1,W2,..]</c>: each workload trained once from its initial weights, every update the peers
    /// make, in float64 and in float32; one JSON line each with the final loss as the peers define it (the mean
    /// loss per sample over the whole data set, evaluated in float64 on the float64 data).
    /// </summary>
    public static void FinalLosses(string[] args)
    {
        var names = args.Length > 1 ? args[1].Split(',') : AllWorkloads;
        foreach (var name in names)
        {
            foreach (var precision in new[] { Precision.Float64, Precision.Float32 })
            {
                var w = Workloads.Named(name, precision);
                w.Run(new Sgd(w.LearningRate));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"wl\": \"{name}\", \"precision\": \"{Label(precision)}\", \"updates\": {w.Updates}, \"final_loss\": {w.FinalLoss():R}}}"));
            }
        }
    }

    /// <summary>
    /// <c>peak-memory float64|float32 [updates] [threads]</c>: W5 built (float batches only for float32) and trained
    /// for the updates given (default all 384) in this fresh process; one JSON line with the process's peak working
    /// set, the working set before training and the bytes the training allocated.
    /// </summary>
    public static void PeakMemory(string[] args)
    {
        var precision = args.Length > 1 && args[1] == "float32" ? Precision.Float32 : Precision.Float64;
        int updates = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 384;
        if (args.Length > 3) Parallelism.MaxThreads = int.Parse(args[3], CultureInfo.InvariantCulture);
        var w = Workloads.W5(precision, keepDoubles: false);
        var sgd = new Sgd(w.LearningRate);
        GC.Collect();
        long before = Process.GetCurrentProcess().WorkingSet64;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        int done = 0;
        while (done < updates)
        {
            if (precision == Precision.Float32)
                foreach (var (x, t) in w.SingleBatches.Take(updates - done)) { w.Network.TrainStep(x, t, sgd, LossReduction.Mean); done++; }
            else
                foreach (var (x, t) in w.Batches.Take(updates - done)) { w.Network.TrainStep(x, t, sgd, LossReduction.Mean); done++; }
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"wl\": \"W5\", \"precision\": \"{Label(precision)}\", \"updates\": {done}, \"peak_working_set_bytes\": {process.PeakWorkingSet64}, " +
            $"\"working_set_before_training_bytes\": {before}, \"allocated_in_training_bytes\": {allocated}}}"));
    }

    private static string Label(Precision precision) => precision == Precision.Float32 ? "float32" : "float64";
}
