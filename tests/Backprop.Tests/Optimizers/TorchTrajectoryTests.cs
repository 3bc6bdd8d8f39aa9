using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// 50 full-batch steps of each rule on a 3-4-2 network (tanh hidden, sigmoid output, both with bias) against the
/// trajectories torch.optim wrote to Fixtures/optimizers.json (see make_optimizer_fixtures.py there): every weight
/// and bias agrees to 1e-12 relative (absolute floor 1e-15).
/// </summary>
/// <remarks>
/// Conventions are PyTorch's where frameworks differ: RMSProp and AdaGrad add ε after the square root (Keras puts
/// RMSprop's ε inside it, √(v + ε), and starts Adagrad's sums at 0.1); AdamW multiplies λ by η in force and decays
/// weights only (torch decays whatever it is given, so the fixture puts biases in a group with no decay; Keras's
/// AdamW defaults λ to 0.004); NAdam's next product of μ's is Πₜ·μₜ₊₁ (torch 2.0's fix; Debian's torch 1.13 counted
/// μₜ twice, which the script corrects); Rprop has no weight decay and zeroes the gradient of a value whose sign
/// flipped.
/// </remarks>
public class TorchTrajectoryTests(ITestOutputHelper output)
{
    private const double Relative = 1e-12;
    private const double AbsoluteFloor = 1e-15;

    private static readonly Lazy<JsonElement> Fixture = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Optimizers", "Fixtures", "optimizers.json"))).RootElement);

    public static TheoryData<string> Configurations()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture.Value.GetProperty("configurations").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fifty_steps_follow_torch_optim_to_1e12_relative(string name)
    {
        var root = Fixture.Value;
        var config = root.GetProperty("configurations").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var initial = root.GetProperty("initial");
        var network = new Network(
            [
                new DenseLayer(Matrix(initial, "hidden"), Vector(initial, "hidden"), Activation.Tanh),
                new DenseLayer(Matrix(initial, "output"), Vector(initial, "output"), Activation.Sigmoid),
            ],
            Loss.HalfSquaredError);
        var inputs = Matrix<double>.Build.DenseOfArray(Rows(root.GetProperty("inputs"))).Transpose();   // inputs × batch
        var targets = Matrix<double>.Build.DenseOfArray(Rows(root.GetProperty("targets"))).Transpose();
        var optimizer = Create(config.GetProperty("optimizer").GetString()!, config.GetProperty("settings"));
        int steps = root.GetProperty("steps").GetInt32();

        for (int s = 0; s < steps; s++) network.TrainStep(inputs, targets, optimizer, LossReduction.Mean);

        double worst = 0;
        string[] layers = ["hidden", "output"];
        for (int l = 0; l < layers.Length; l++)
        {
            var expectedW = Matrix(config, layers[l]);
            var expectedB = Vector(config, layers[l]);
            var layer = network.Layers[l];
            for (int i = 0; i < expectedW.GetLength(0); i++)
            {
                for (int j = 0; j < expectedW.GetLength(1); j++)
                    worst = Math.Max(worst, Check(layer.Weights[i, j], expectedW[i, j], $"{layers[l]} W[{i},{j}]"));
                worst = Math.Max(worst, Check(layer.Bias[i], expectedB[i], $"{layers[l]} b[{i}]"));
            }
        }
        output.WriteLine($"{name}: max relative error {worst:E2} after {steps} steps");
    }

    private static double Check(double actual, double expected, string what)
    {
        actual.Should().BeApproximately(expected, Math.Max(Relative * Math.Abs(expected), AbsoluteFloor), what);
        return expected == 0 ? 0 : Math.Abs(actual - expected) / Math.Abs(expected);
    }

    private static Optimizer Create(string rule, JsonElement settings)
    {
        double D(string key, double fallback) => settings.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        bool B(string key) => settings.TryGetProperty(key, out var v) && v.GetBoolean();
        return rule switch
        {
            "RmsProp" => new RmsProp(D("learningRate", 0.01), D("alpha", 0.99), D("epsilon", 1e-8), D("momentum", 0),
                B("centered"), D("weightDecay", 0)),
            "AdaGrad" => new AdaGrad(D("learningRate", 0.01), D("epsilon", 1e-10), D("initialAccumulator", 0), D("weightDecay", 0)),
            "AdamW" => new AdamW(D("learningRate", 0.001), D("beta1", 0.9), D("beta2", 0.999), D("epsilon", 1e-8), D("weightDecay", 0.01)),
            "Nadam" => new Nadam(D("learningRate", 0.002), D("beta1", 0.9), D("beta2", 0.999), D("epsilon", 1e-8),
                D("momentumDecay", 0.004), D("weightDecay", 0)),
            "Rprop" => new Rprop(D("learningRate", 0.01), D("etaMinus", 0.5), D("etaPlus", 1.2), D("minStep", 1e-6), D("maxStep", 50)),
            _ => throw new ArgumentException($"Unknown rule {rule}.", nameof(rule)),
        };
    }

    private static double[,] Matrix(JsonElement parent, string layer) => Rows(parent.GetProperty(layer).GetProperty("weights"));

    private static double[] Vector(JsonElement parent, string layer) =>
        parent.GetProperty(layer).GetProperty("bias").EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static double[,] Rows(JsonElement rows)
    {
        var r = rows.EnumerateArray().Select(row => row.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        var m = new double[r.Length, r[0].Length];
        for (int i = 0; i < r.Length; i++)
            for (int j = 0; j < r[i].Length; j++) m[i, j] = r[i][j];
        return m;
    }
}
