using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>An optimizer holds only its settings: its state belongs to each network it updates, so sharing one
/// instance, in turn or on several threads at once, gives every network exactly what it would get alone.</summary>
public class SharedOptimizerTests
{
    public static TheoryData<string> Rules() => new() { "sgd-decay", "momentum", "nesterov", "adam", "adam-decay" };

    private static Optimizer Make(string rule) => rule switch
    {
        "sgd-decay" => new Sgd(0.1, weightDecay: 0.01),
        "momentum" => new Momentum(0.05, 0.9),
        "nesterov" => new Momentum(0.05, 0.9, nesterov: true),
        "adam" => new Adam(0.01),
        _ => new Adam(0.01, weightDecay: 0.001),
    };

    private static Network Create(int seed) =>
        Network.Create(3, [new LayerDefinition(5, Activation.Tanh), new LayerDefinition(2, Activation.Sigmoid)],
            ScaledInitializer.GlorotUniform, seed);

    private static (Matrix<double> X, Matrix<double> T) Data(int seed)
    {
        var r = new Random(seed);
        return (Matrix<double>.Build.Dense(3, 6, (_, _) => r.NextDouble() * 2 - 1), Matrix<double>.Build.Dense(2, 6, (_, _) => r.NextDouble()));
    }

    private static double[] Parameters(Network n) =>
        n.Layers.SelectMany(l => l.Weights.ToColumnMajorArray().Concat(l.Bias.ToArray())).ToArray();

    private static double[] Alone(string rule, int seed, int steps)
    {
        var network = Create(seed);
        var (x, t) = Data(seed);
        var optimizer = Make(rule);
        for (int i = 0; i < steps; i++) network.TrainStep(x, t, optimizer, LossReduction.Mean);
        return Parameters(network);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void One_optimizer_used_on_two_networks_in_turn_gives_each_what_it_gets_alone(string rule)
    {
        var shared = Make(rule);
        var (a, b) = (Create(1), Create(2));
        var (xa, ta) = Data(1);
        var (xb, tb) = Data(2);
        for (int i = 0; i < 20; i++)
        {
            a.TrainStep(xa, ta, shared, LossReduction.Mean);
            b.TrainStep(xb, tb, shared, LossReduction.Mean);
        }

        Parameters(a).Should().Equal(Alone(rule, 1, 20));
        Parameters(b).Should().Equal(Alone(rule, 2, 20));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void One_optimizer_used_on_four_networks_on_four_threads_at_once_gives_each_what_it_gets_alone(string rule)
    {
        var shared = Make(rule);
        var results = new double[4][];
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(k => new Thread(() =>
        {
            var network = Create(10 + k);
            var (x, t) = Data(10 + k);
            start.SignalAndWait();
            for (int i = 0; i < 300; i++) network.TrainStep(x, t, shared, LossReduction.Mean);
            results[k] = Parameters(network);
        })).ToArray();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();

        for (int k = 0; k < 4; k++) results[k].Should().Equal(Alone(rule, 10 + k, 300));
    }

    [Fact]
    public void A_network_stepped_by_another_optimizer_starts_that_ones_state_afresh()
    {
        var first = new Adam(0.01);
        var network = Create(3);
        var (x, t) = Data(3);
        for (int i = 0; i < 5; i++) network.TrainStep(x, t, first, LossReduction.Mean);
        var copy = network.Clone();

        network.TrainStep(x, t, new Adam(0.01), LossReduction.Mean);
        copy.TrainStep(x, t, new Adam(0.01), LossReduction.Mean);

        Parameters(network).Should().Equal(Parameters(copy));
    }

    [Fact]
    public void Step_without_fresh_gradients_is_refused()
    {
        var network = Create(4);
        var (x, t) = Data(4);
        var sgd = new Sgd(0.1);
        network.ComputeGradients(x, t);
        sgd.Step(network);

        var act = () => sgd.Step(network);

        act.Should().Throw<InvalidOperationException>().WithMessage("*ComputeGradients*");
    }
}
