using System.Globalization;
using BenchmarkDotNet.Running;
using Backprop.Benchmarks;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 3 && args[0] == "chart")
{
    Chart.Write(args[1], args[2]);
    return;
}
if (args.Length > 0 && args[0] == "final-loss")
{
    Measurements.FinalLosses(args);
    return;
}
if (args.Length > 0 && args[0] == "peak-memory")
{
    Measurements.PeakMemory(args);
    return;
}
switch (args.Length > 0 ? args[0] : "")
{
    case "quick":
        Tuning.Quick(args);
        return;
    case "precision":
        Tuning.Precision(args);
        return;
    case "parts":
        Tuning.Parts(args);
        return;
    case "tiny":
        Tuning.Tiny(args);
        return;
    case "gemm":
        Tuning.Gemm(args);
        return;
    case "exp":
        Tuning.Exp(args);
        return;
}
BenchmarkSwitcher.FromAssembly(typeof(TrainingBenchmarks).Assembly).Run(args);
