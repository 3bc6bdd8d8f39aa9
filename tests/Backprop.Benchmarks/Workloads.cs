using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// The peers' five workloads (the peer harness's common.py), rebuilt exactly: same data, same initial weights
/// (splitmix64 streams), same hyper-parameters, no shuffling, the last batch partial, mean loss per batch.
/// </summary>
public sealed class Workload
{
    public required string Name { get; init; }
    public required Network Network { get; init; }
    /// <summary>The batches in doubles (the peers' data; empty for a float32 workload made for training only).</summary>
    public required (Matrix<double> Inputs, Matrix<double> Targets)[] Batches { get; init; }
    /// <summary>The same batches rounded to floats, for a float32 network (empty for a float64 one).</summary>
    public (Matrix<float> Inputs, Matrix<float> Targets)[] SingleBatches { get; init; } = [];
    public required int Epochs { get; init; }
    public required double LearningRate { get; init; }
    public required double FlopPerUpdate { get; init; }
    public (Matrix<double> W, Vector<double> B)[] Initial { get; private set; } = [];

    /// <summary>The initial weights as a float32 network stores them (empty for a float64 one).</summary>
    public (Matrix<float> W, Vector<float> B)[] InitialSingle { get; private set; } = [];

    /// <summary>The precision the workload trains in (its network's).</summary>
    public Precision Precision => Network.Precision;

    public int Updates => (Precision == Precision.Float32 ? SingleBatches.Length : Batches.Length) * Epochs;

    /// <summary>
    /// The mean loss per sample over the whole data set at the current weights, evaluated in float64 on the float64
    /// data whatever the training precision (the peers' final_loss: common.evaluate of the parameters as doubles).
    /// </summary>
    public double FinalLoss()
    {
        var network = Precision == Precision.Float64 ? Network : Network.ToPrecision(Precision.Float64);
        double sum = 0;
        int n = 0;
        foreach (var (x, t) in Batches)
        {
            sum += network.ComputeLoss(x, t);
            n += x.ColumnCount;
        }
        return sum / n;
    }

    public Workload Ready()
    {
        Initial = Network.Layers.Select(l => (l.Weights.Clone(), l.Bias.Clone())).ToArray();
        if (Precision == Precision.Float32)
            InitialSingle = Network.Layers.Select(l => (l.WeightsSingle.Clone(), l.BiasSingle.Clone())).ToArray();
        return this;
    }

    /// <summary>
    /// The workload in <paramref name="precision"/>: for float32 the network's weights rounded once to floats and
    /// the batches rounded to floats (as torch's float32 peer converts its float64 initial weights and data).
    /// </summary>
    public Workload In(Precision precision) => precision == Precision ? this : new Workload
    {
        Name = Name,
        Network = Network.ToPrecision(precision),
        Batches = Batches,
        SingleBatches = precision == Precision.Float32 ? Batches.Select(Workloads.Rounded).ToArray() : [],
        Epochs = Epochs,
        LearningRate = LearningRate,
        FlopPerUpdate = FlopPerUpdate,
    }.Ready();

    /// <summary>Puts the initial weights back, without allocating.</summary>
    public void Reset()
    {
        for (int l = 0; l < Initial.Length; l++)
        {
            if (Precision == Precision.Float32)
            {
                Network.Layers[l].SetWeights(InitialSingle[l].W);
                Network.Layers[l].SetBias(InitialSingle[l].B);
            }
            else
            {
                Network.Layers[l].SetWeights(Initial[l].W);
                Network.Layers[l].SetBias(Initial[l].B);
            }
        }
    }

    /// <summary>The whole run: every epoch, every batch, one step each. Returns the last epoch's summed loss.</summary>
    public double Run(Optimizer optimizer)
    {
        double sum = 0;
        for (int e = 0; e < Epochs; e++)
        {
            sum = 0;
            if (Precision == Precision.Float32)
                foreach (var (x, t) in SingleBatches) sum += Network.TrainStep(x, t, optimizer, LossReduction.Mean);
            else
                foreach (var (x, t) in Batches) sum += Network.TrainStep(x, t, optimizer, LossReduction.Mean);
        }
        return sum;
    }
}

public static class Workloads
{
    /// <summary>A batch rounded to floats.</summary>
    public static (Matrix<float>, Matrix<float>) Rounded((Matrix<double> Inputs, Matrix<double> Targets) batch) =>
        (batch.Inputs.Map(v => (float)v), batch.Targets.Map(v => (float)v));

    /// <summary>The workload named W1..W5 in <paramref name="precision"/>.</summary>
    public static Workload Named(string name, Precision precision = Precision.Float64) => name switch
    {
        "W1" => W1().In(precision),
        "W2" => W2().In(precision),
        "W3" => W3().In(precision),
        "W4" => W4().In(precision),
        "W5" => W5(precision),
        _ => throw new ArgumentException($"unknown workload '{name}' (W1 to W5)", nameof(name)),
    };

    /// <summary>splitmix64, counter form: u_k for k = first..first + n − 1, doubles in [0, 1).</summary>
    public static double[] SplitMix64(ulong seed, int n, long first = 1)
    {
        var u = new double[n];
        for (int j = 0; j < n; j++)
        {
            ulong k = (ulong)(first + j);
            ulong z = unchecked(seed + k * 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            u[j] = (z >> 11) * (1.0 / 9007199254740992.0);
        }
        return u;
    }

    /// <summary>The peers' initial layer: (2u − 1)·√(2/(fan_in + fan_out)), W row-major then b.</summary>
    public static DenseLayer Layer(int fanIn, int fanOut, ulong seed, Activation activation)
    {
        double bound = Math.Sqrt(2.0 / (fanIn + fanOut));
        var v = SplitMix64(seed, fanOut * fanIn + fanOut).Select(u => (2.0 * u - 1.0) * bound).ToArray();
        var w = Matrix<double>.Build.Dense(fanOut, fanIn, (j, i) => v[j * fanIn + i]);
        var b = Vector<double>.Build.Dense(fanOut, j => v[fanOut * fanIn + j]);
        return new DenseLayer(w, b, activation);
    }

    private static Network Softmax(int[] sizes, int k) => new(
        Enumerable.Range(0, sizes.Length - 1).Select(l => Layer(sizes[l], sizes[l + 1], (ulong)(1000 * k + l),
            l == sizes.Length - 2 ? Activation.Softmax : Activation.Sigmoid)),
        Loss.CategoricalCrossEntropy);

    private static (Matrix<double>, Matrix<double>)[] Batches(Matrix<double> x, Matrix<double> t, int size)
    {
        var list = new List<(Matrix<double>, Matrix<double>)>();
        for (int s = 0; s < x.ColumnCount; s += size)
        {
            int n = Math.Min(size, x.ColumnCount - s);
            list.Add((x.SubMatrix(0, x.RowCount, s, n), t.SubMatrix(0, t.RowCount, s, n)));
        }
        return list.ToArray();
    }

    private static double Flop(int[] sizes, int batch)
    {
        // forward 2·W, backward (δ·xᵀ and Wᵀ·δ except the first layer) 2·W each, update 2·W: per the peers' convention.
        double w = 0, first = sizes[0] * sizes[1];
        for (int l = 0; l < sizes.Length - 1; l++) w += sizes[l] * sizes[l + 1];
        return batch * (2 * w + 2 * w + 2 * (w - first)) + 2 * w;
    }

    public static Workload W1()
    {
        var network = new Network(
            new DenseLayer(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, [0.35, 0.35], Activation.Sigmoid, BiasMode.Frozen),
            new DenseLayer(new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, [0.60, 0.60], Activation.Sigmoid, BiasMode.Frozen));
        var x = Matrix<double>.Build.DenseOfColumnArrays([0.05, 0.10]);
        var t = Matrix<double>.Build.DenseOfColumnArrays([0.01, 0.99]);
        return new Workload { Name = "W1", Network = network, Batches = [(x, t)], Epochs = 10_000, LearningRate = 0.5, FlopPerUpdate = 16 }.Ready();
    }

    public static Workload W2()
    {
        double[,] rows =
        {
            { 2.7810836, 2.550537003, 0 }, { 1.465489372, 2.362125076, 0 }, { 3.396561688, 4.400293529, 0 },
            { 1.38807019, 1.850220317, 0 }, { 3.06407232, 3.005305973, 0 }, { 7.627531214, 2.759262235, 1 },
            { 5.332441248, 2.088626775, 1 }, { 6.922596716, 1.77106367, 1 }, { 8.675418651, -0.242068655, 1 },
            { 7.673756466, 3.508563011, 1 },
        };
        var network = new Network(
            new DenseLayer(new[,] { { 0.13436424411240122, 0.8474337369372327 }, { 0.2550690257394217, 0.49543508709194095 } },
                [0.763774618976614, 0.4494910647887381], Activation.Sigmoid),
            new DenseLayer(new[,] { { 0.651592972722763, 0.7887233511355132 }, { 0.02834747652200631, 0.8357651039198697 } },
                [0.0938595867742349, 0.43276706790505337], Activation.Sigmoid));
        var x = Matrix<double>.Build.Dense(2, 10, (i, j) => rows[j, i]);
        var t = Matrix<double>.Build.Dense(2, 10, (i, j) => (int)rows[j, 2] == i ? 1 : 0);
        return new Workload { Name = "W2", Network = network, Batches = Batches(x, t, 1), Epochs = 1000, LearningRate = 0.5, FlopPerUpdate = 24 }.Ready();
    }

    private static (Matrix<double> X, Matrix<double> T) Digits()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv")).Skip(1).ToArray();
        var x = Matrix<double>.Build.Dense(64, lines.Length);
        var t = Matrix<double>.Build.Dense(10, lines.Length);
        for (int s = 0; s < lines.Length; s++)
        {
            var f = lines[s].Split(',');
            for (int i = 0; i < 64; i++) x[i, s] = double.Parse(f[i], CultureInfo.InvariantCulture) / 16.0;
            t[int.Parse(f[64], CultureInfo.InvariantCulture), s] = 1;
        }
        return (x, t);
    }

    public static Workload W3()
    {
        var (x, t) = Digits();
        int[] sizes = [64, 32, 10];
        return new Workload { Name = "W3", Network = Softmax(sizes, 3), Batches = Batches(x, t, 1), Epochs = 10, LearningRate = 0.1, FlopPerUpdate = Flop(sizes, 1) }.Ready();
    }

    /// <summary>One online epoch of a 64-H-10 network on the digits repeated <paramref name="copies"/> times.</summary>
    public static Workload Digits(int copies, int hidden)
    {
        var (x, t) = Digits();
        var (x1, t1) = (x, t);
        for (int c = 1; c < copies; c++) (x, t) = (x.Append(x1), t.Append(t1));
        int[] sizes = [64, hidden, 10];
        return new Workload { Name = $"W3x{copies}h{hidden}", Network = Softmax(sizes, 3), Batches = Batches(x, t, 1), Epochs = 1, LearningRate = 0.1, FlopPerUpdate = Flop(sizes, 1) }.Ready();
    }

    public static Workload W4()
    {
        var (x, t) = Digits();
        int[] sizes = [64, 128, 10];
        return new Workload { Name = "W4", Network = Softmax(sizes, 4), Batches = Batches(x, t, 32), Epochs = 50, LearningRate = 0.5, FlopPerUpdate = Flop(sizes, 32) }.Ready();
    }

    /// <summary>
    /// W5, its data made batch by batch (no whole-set copy, so the peak working set is that of training). With
    /// <paramref name="keepDoubles"/> false a float32 workload keeps only the float batches (then no final loss).
    /// </summary>
    public static Workload W5(Precision precision = Precision.Float64, bool keepDoubles = true)
    {
        const int n = 8192, d = 784, c = 10, size = 64;
        var teacher = SplitMix64(778, c * d);
        var doubles = new List<(Matrix<double>, Matrix<double>)>();
        var singles = new List<(Matrix<float>, Matrix<float>)>();
        for (int s0 = 0; s0 < n; s0 += size)
        {
            int m = Math.Min(size, n - s0);
            var xs = SplitMix64(777, m * d, 1L + (long)s0 * d);
            var x = Matrix<double>.Build.Dense(d, m, (i, s) => 2 * xs[s * d + i] - 1);
            var t = Matrix<double>.Build.Dense(c, m);
            for (int s = 0; s < m; s++)
            {
                int best = 0;
                double bestScore = double.NegativeInfinity;
                for (int k = 0; k < c; k++)
                {
                    double score = 0;
                    for (int i = 0; i < d; i++) score += (2 * teacher[k * d + i] - 1) * x[i, s];
                    if (score > bestScore) (best, bestScore) = (k, score);
                }
                t[best, s] = 1;
            }
            if (precision == Precision.Float64 || keepDoubles) doubles.Add((x, t));
            if (precision == Precision.Float32) singles.Add(Rounded((x, t)));
        }
        int[] sizes = [784, 256, 256, 10];
        var network = Softmax(sizes, 5);
        return new Workload
        {
            Name = "W5", Network = precision == Precision.Float64 ? network : network.ToPrecision(precision),
            Batches = doubles.ToArray(), SingleBatches = singles.ToArray(), Epochs = 3, LearningRate = 1.0,
            FlopPerUpdate = Flop(sizes, size),
        }.Ready();
    }
}
