using System.Diagnostics;
using System.Globalization;
using System.Numerics;

namespace Backprop.Benchmarks;

/// <summary>
/// The tuning and profiling modes of the benchmark program (not BenchmarkDotNet runs): quick best-of timings of
/// workloads, products, functions and a tiny network's step, for trying a change before the side-by-side run.
/// </summary>
internal static class Tuning
{
    /// <summary>The best and the median of whole runs of each workload, and the final loss.</summary>
    public static void Quick(string[] args)
    {
        // A fast look without BenchmarkDotNet: the best and the median of whole runs (at least 3, for 2 s) per workload, and
        // the final loss to compare with the peers. Arguments: workloads (W1,W4), threads, precision (float64, float32).
        var names = args.Length > 1 ? args[1].Split(',') : ["W1", "W2", "W3", "W4", "W5"];
        if (args.Length > 2) Parallelism.MaxThreads = int.Parse(args[2], CultureInfo.InvariantCulture);
        var precision = args.Length > 3 && args[3] == "float32" ? Backprop.Precision.Float32 : Backprop.Precision.Float64;
        foreach (var name in names)
        {
            var w = Workloads.Named(name, precision);
            double loss = 0;
            var times = new List<double>();
            var total = Stopwatch.StartNew();
            for (int rep = 0; rep < 3 || total.Elapsed.TotalSeconds < 2; rep++)
            {
                w.Reset();
                var sw = Stopwatch.StartNew();
                loss = w.Run(new Sgd(w.LearningRate));
                times.Add(sw.Elapsed.TotalSeconds);
            }
            times.Sort();
            double perUpdate = times[0] / w.Updates;
            Console.WriteLine($"{name}: {perUpdate * 1e6:F3} µs/update (median {times[times.Count / 2] / w.Updates * 1e6:F3} of {times.Count} runs), " +
                $"{w.FlopPerUpdate / perUpdate / 1e9:F2} GFLOP/s, final loss {w.FinalLoss():R}");
        }
    }

    /// <summary>One training step of W4 or W5 in float64 and in float32: the best of 20 rounds each, alternating, and the ratio.</summary>
    public static void Precision(string[] args)
    {
        // One training step of W4 or W5 in float64 and in float32 (the same weights rounded, the batch given as floats):
        // the best of 20 rounds each, alternating, and the ratio.
        var w = args.Length > 1 && args[1] == "W5" ? Workloads.W5() : Workloads.W4();
        if (args.Length > 2) Parallelism.MaxThreads = int.Parse(args[2], CultureInfo.InvariantCulture);
        var (x, t) = w.Batches[0];
        var (xf, tf) = (x.Map(v => (float)v), t.Map(v => (float)v));
        var wide = w.Network;
        var narrow = wide.ToPrecision(Backprop.Precision.Float32);
        var sgd = new Sgd(1e-6);
        int reps = w.Name == "W5" ? 40 : 400;
        double Best(Action a)
        {
            for (int i = 0; i < reps; i++) a();
            double best = double.MaxValue;
            for (int round = 0; round < 20; round++)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < reps; i++) a();
                best = Math.Min(best, sw.Elapsed.TotalMilliseconds * 1e6 / reps);
            }
            return best;
        }
        double d = Best(() => wide.TrainStep(x, t, sgd, LossReduction.Mean));
        double f = Best(() => narrow.TrainStep(xf, tf, sgd, LossReduction.Mean));
        double p = Best(() => narrow.Predict(xf));
        double q = Best(() => wide.Predict(x));
        Console.WriteLine($"{w.Name} TrainStep: float64 {d / 1000:F1} µs, float32 {f / 1000:F1} µs, ratio {d / f:F2}; " +
            $"Predict: float64 {q / 1000:F1} µs, float32 {p / 1000:F1} µs, ratio {q / p:F2}; {w.FlopPerUpdate / f:F2} GFLOP/s in float32");
    }

    /// <summary>The cost of each part of one step (forward, backward, update, kernels) of W1, W3, W4 or W5.</summary>
    public static void Parts(string[] args)
    {
        // For profiling: the cost of each part of one step (forward, backward, update, kernels) of W1, W3, W4 or W5.
        var w = args.Length > 1 && args[1] == "W4" ? Workloads.W4() : args.Length > 1 && args[1] == "W5" ? Workloads.W5() : args.Length > 1 && args[1] == "W3" ? Workloads.W3() : Workloads.W1();
        var (x, t) = w.Batches[0];
        if (args.Length > 2) Parallelism.MaxThreads = int.Parse(args[2], CultureInfo.InvariantCulture);
        var sgd = new Sgd(0.5);
        int warm = w.Name == "W5" ? 300 : w.Name == "W4" ? 20000 : 300000, reps = w.Name == "W5" ? 300 : w.Name == "W4" ? 20000 : 200000;
        void Time(string what, Action a)
        {
            for (int i = 0; i < warm; i++) a();
            // The best of 20 rounds (the machine runs fast or slow for seconds at a time) and the mean of all.
            double best = double.MaxValue, total = 0;
            for (int round = 0; round < 20; round++)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < reps / 20; i++) a();
                double ns = sw.Elapsed.TotalMilliseconds * 1e6 / (reps / 20);
                best = Math.Min(best, ns);
                total += ns;
            }
            Console.WriteLine($"{what}: {best:F1} ns (mean {total / 20:F1})");
        }
        Time("ComputeLoss", () => w.Network.ComputeLoss(x, t));
        Time("ComputeGradients", () => w.Network.ComputeGradients(x, t));
        Time("TrainStep", () => w.Network.TrainStep(x, t, sgd));
        var net = w.Network;
        int n = x.ColumnCount;
        Time("Inputs.Batch", () => Inputs.Batch(net, x, "inputs"));
        Time("Inputs.Targets", () => Inputs.Targets(net, t, "targets", x));
        Time("AsColumnMajorArray x2", () => { x.AsColumnMajorArray(); t.AsColumnMajorArray(); });
        var ws = net.TrainingWorkspace!;
        var layer0 = net.Layers[0];
        var pass0 = ws.Layers[0];
        var N = pass0.Net.AsSpan(0, layer0.OutputSize * n).ToArray();
        var outBuf = new double[N.Length];
        Time("sigmoid layer0", () => Activation.Sigmoid.Forward(N, outBuf, layer0.OutputSize));
        Time("TP.Exp", () => System.Numerics.Tensors.TensorPrimitives.Exp(N, outBuf));
        Time("scalar exp loop", () => { for (int i = 0; i < N.Length; i++) outBuf[i] = 1.0 / (1.0 + Math.Exp(-N[i])); });
        Time("finite scan W0", () => Backprop.Internal.Kernels.FirstNonFinite(layer0.W));
        var W = layer0.W; var X = ws.InputValues.ToArray();
        Time("gemm NN layer0", () => Backprop.Internal.Kernels.MultiplyNN(W, layer0.OutputSize, layer0.InputSize, X, n, N));
        var D = pass0.DeltaValues(n).ToArray(); var G = pass0.WeightGradient;
        Time("gemm NT layer0", () => Backprop.Internal.Kernels.MultiplyNT(D, layer0.OutputSize, n, X, layer0.InputSize, G));
        var layer1 = net.Layers[1];
        var pass1 = ws.Layers[1];
        var D1 = pass1.DeltaValues(n).ToArray(); var G1 = pass1.WeightGradient; var W1 = layer1.W;
        var dX = new double[layer1.InputSize * n];
        Time("gemm TN layer1", () => Backprop.Internal.Kernels.MultiplyTN(W1, layer1.OutputSize, layer1.InputSize, D1, n, dX));
        if (net.Layers.Count != 2) return;
        var D1n = new double[D1.Length];
        var N1 = pass1.NetValues(n).ToArray(); var O0 = pass0.OutValues(n).ToArray();
        if (net.Loss.FusesWith(layer1.Activation)) Time("softmax/CCE delta layer1", () => { layer1.Activation.Forward(N1, D1n, layer1.OutputSize); net.Loss.FusedDelta(D1n, t.AsColumnMajorArray(), D1n, layer1.OutputSize); });
        Time("gemm NN layer1", () => Backprop.Internal.Kernels.MultiplyNN(W1, layer1.OutputSize, layer1.InputSize, O0, n, N1));
        Time("gemm NT layer1", () => Backprop.Internal.Kernels.MultiplyNT(D1, layer1.OutputSize, n, O0, layer1.InputSize, G1));
        Time("Sgd.Step (last: it drifts the weights)", () => { net.ComputeGradients(x, t); sgd.Step(net); });
        Console.WriteLine($"flop per product: layer0 {2.0 * layer0.OutputSize * layer0.InputSize * x.ColumnCount:E2}, layer1 {2.0 * layer1.OutputSize * layer1.InputSize * x.ColumnCount:E2}");
    }

    /// <summary>The one-sample step of a tiny network (W1, W2): the public step, then its parts, then the same arithmetic written out.</summary>
    public static void Tiny(string[] args)
    {
        // For profiling the one-sample step of a tiny network (W1): the whole public step, then its parts.
        var w = Workloads.Named(args.Length > 1 ? args[1] : "W1", args.Length > 2 && args[2] == "float32" ? Backprop.Precision.Float32 : Backprop.Precision.Float64);
        var net = w.Network;
        var (x, t) = w.Batches[0];
        var sgd = new Sgd(1e-9);
        var step = net.Step;
        var xs = x.AsColumnMajorArray();
        var ts = t.AsColumnMajorArray();
        void Time(string what, Action a)
        {
            // Warm for a second: the JIT promotes a method to its optimised tier only after 100 ms and some 30 calls.
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 1000) for (int i = 0; i < 10000; i++) a();
            double best = double.MaxValue;
            for (int round = 0; round < 30; round++)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < 100000; i++) a();
                best = Math.Min(best, sw.Elapsed.TotalMilliseconds * 1e6 / 100000);
            }
            Console.WriteLine($"{what}: {best:F1} ns");
        }
        Time("TrainStep(Matrix)", () => net.TrainStep(x, t, sgd, LossReduction.Mean));
        Time("Load + Run", () => { step.Load(xs, ts, 1); step.Run(sgd, 1.0, 0); });
        Time("Load + Evaluate", () => { step.Load(xs, ts, 1); step.Evaluate(1.0); });
        Time("Load + Loss", () => { step.Load(xs, ts, 1); step.Loss(); });
        Time("Load", () => step.Load(xs, ts, 1));
        Time("Inputs.Batch", () => Inputs.Batch(net, x, "inputs"));
        Time("Inputs.Targets", () => Inputs.Targets(net, t, "targets", x));
        Time("AsColumnMajorArray x2", () => { x.AsColumnMajorArray(); t.AsColumnMajorArray(); });
        var ws = net.TrainingWorkspace!;
        Time("Pass.Backward", () => Pass<double>.Backward(net, ws, 1.0));
        Time("Pass.Forward", () => Pass<double>.Forward(net.LayerArray, ws, ws.InputValues));
        Time("Pass.Loss", () => Pass<double>.Loss(net, ws));
        Time("CheckGradients", () => Pass<double>.CheckGradients(ws, null, null));
        var L0 = net.LayerArray[0]; var B0 = ws.Layers[0];
        Time("SmallLayer.Gradients", () => Backprop.Internal.SmallLayer.Gradients<double>(L0.W, false, 2, 2, ws.InputValues, B0.DeltaValues(1), B0.WeightGradient, B0.BiasGradient, default));
        Time("loss.Gradient", () => net.Loss.Gradient(ws.Layers[1].OutValues(1), ws.TargetValues, ws.Layers[1].OutputGradientValues(1), 2));
        Time("sigmoid.Backward", () => Activation.Sigmoid.Backward(B0.NetValues(1), B0.OutValues(1), B0.OutputGradientValues(1), B0.DeltaValues(1), 2));
        // The floor: the same arithmetic written out (2-2-2 sigmoid, half squared error, SGD), no checks, no calls.
        double[] W1 = [0.15, 0.25, 0.20, 0.30], W2 = [0.40, 0.50, 0.45, 0.55];
        double x0 = xs[0], x1 = xs[1], t0 = ts[0], t1 = ts[1], eta = 1e-9, sink = 0;
        Time("hand-written step", () =>
        {
            double h0 = Backprop.Internal.VectorMath.Sigmoid(0.35 + W1[0] * x0 + W1[2] * x1);
            double h1 = Backprop.Internal.VectorMath.Sigmoid(0.35 + W1[1] * x0 + W1[3] * x1);
            double o0 = Backprop.Internal.VectorMath.Sigmoid(0.60 + W2[0] * h0 + W2[2] * h1);
            double o1 = Backprop.Internal.VectorMath.Sigmoid(0.60 + W2[1] * h0 + W2[3] * h1);
            double e = 0.5 * (t0 - o0) * (t0 - o0) + 0.5 * (t1 - o1) * (t1 - o1);
            double d0 = (o0 - t0) * o0 * (1 - o0), d1 = (o1 - t1) * o1 * (1 - o1);
            double g0 = (W2[0] * d0 + W2[1] * d1) * h0 * (1 - h0), g1 = (W2[2] * d0 + W2[3] * d1) * h1 * (1 - h1);
            W2[0] -= eta * d0 * h0; W2[1] -= eta * d1 * h0; W2[2] -= eta * d0 * h1; W2[3] -= eta * d1 * h1;
            W1[0] -= eta * g0 * x0; W1[1] -= eta * g1 * x0; W1[2] -= eta * g0 * x1; W1[3] -= eta * g1 * x1;
            sink += e;
        });
    }

    /// <summary>Best-of-many GFLOP/s of the three products at W5's and W4's shapes (or one shape), float64 then float32.</summary>
    public static void Gemm(string[] args)
    {
        // For tuning the kernels: best-of-many GFLOP/s of the three products at W5's and W4's shapes, the 10-row output
        // layers among them (threads as args[1]), in float64 and then float32.
        if (args.Length > 1) Parallelism.MaxThreads = int.Parse(args[1], CultureInfo.InvariantCulture);
        foreach (var (m, k, n) in args.Length > 2 ? [(int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]))] : new[] { (256, 784, 64), (256, 256, 64), (10, 256, 64), (128, 64, 32), (10, 128, 32) })
        {
            Products<double>(m, k, n, "float64");
            Products<float>(m, k, n, "float32");
        }
    }

    /// <summary>The vectorised functions: ns per value over 4096 values in [−4, 4], and the latency of one sigmoid.</summary>
    public static void Exp(string[] args)
    {
        // For tuning the vectorised functions: ns per value over 4096 values in [-4, 4].
        var r = new Random(1);
        var x = Enumerable.Range(0, 4096).Select(_ => r.NextDouble() * 8 - 4).ToArray();
        var y = new double[x.Length];
        double Best(Action f) { double best = double.MaxValue; for (int i = 0; i < 2000; i++) { var sw = Stopwatch.StartNew(); f(); best = Math.Min(best, sw.Elapsed.TotalSeconds); } return best * 1e9 / x.Length; }
        var xf = x.Select(v => (float)v).ToArray();
        var yf = new float[xf.Length];
        Console.WriteLine($"sigmoid float32 {Best(() => Activation.Sigmoid.Forward(xf, yf, 128)):F2} ns/value");
        // The latency of one sigmoid: each value the sigmoid of the last (a forward pass through layers of a few
        // neurons is such a chain), per link.
        double chain = 0.3;
        float chainF = 0.3f;
        Console.WriteLine($"sigmoid latency: float64 {Best(() => { for (int i = 0; i < x.Length; i++) chain = Backprop.Internal.VectorMath.Sigmoid(chain); }):F2} ns, " +
            $"float32 {Best(() => { for (int i = 0; i < x.Length; i++) chainF = Backprop.Internal.VectorMath.Sigmoid(chainF); }):F2} ns per dependent sigmoid ({chain + chainF:F3})");
        Console.WriteLine($"sigmoid {Best(() => Activation.Sigmoid.Forward(x, y, 128)):F2} ns/value, " +
            $"Math.Exp loop {Best(() => { for (int i = 0; i < x.Length; i++) y[i] = Math.Exp(x[i]); }):F2} ns/value");
    }

    private static void Products<T>(int m, int k, int n, string precision) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new Random(1);
        T[] Fill(int n) { var v = new T[n]; for (int i = 0; i < n; i++) v[i] = T.CreateTruncating(r.NextDouble() - 0.5); return v; }
        T[] a = Fill(m * k), b = Fill(k * n), c = new T[m * n];
        T[] g = Fill(m * n), bk = Fill(k * n), gw = new T[m * k];
        // Each timing runs a product often enough to take about 50 µs, so that the timer's cost stays out of small shapes.
        int reps = Math.Max(1, (int)(2_000_000 / (2.0 * m * k * n)));
        double Best(Action f)
        {
            double best = double.MaxValue;
            for (int i = 0; i < 200; i++)
            {
                var sw = Stopwatch.StartNew();
                for (int r = 0; r < reps; r++) f();
                best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
            }
            return 2.0 * m * k * n / best / 1e9;
        }
        Console.WriteLine($"{m}x{k}x{n} {precision}: NN {Best(() => Backprop.Internal.Kernels.MultiplyNN<T>(a, m, k, b, n, c)):F1}  " +
            $"NT {Best(() => Backprop.Internal.Kernels.MultiplyNT<T>(g, m, n, bk, k, gw)):F1}  " +
            $"TN {Best(() => Backprop.Internal.Kernels.MultiplyTN<T>(a, m, k, g, n, bk)):F1} GFLOP/s");
    }
}
