using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// Hand-computed steps on out = w·x + b with x = 2, target 1, E = ½(target − out)²: at w = 0.5, b = 0.1 the output
/// is 1.1, so ∂E/∂w = 0.2 and ∂E/∂b = 0.1.
/// </summary>
public class OptimizerTests
{
    private static readonly Vector<double> X = Vector<double>.Build.DenseOfArray([2.0]);
    private static readonly Vector<double> Y = Vector<double>.Build.DenseOfArray([1.0]);

    private static Network Line() => new(new DenseLayer(new[,] { { 0.5 } }, [0.1], Activation.Identity));

    private static (double W, double B) Steps(Optimizer optimizer, int steps)
    {
        var network = Line();
        for (int i = 0; i < steps; i++) network.TrainStep(X, Y, optimizer);
        return (network.Layers[0].Weights[0, 0], network.Layers[0].Bias[0]);
    }

    [Fact]
    public void Sgd_with_weight_decay_decays_the_weight_but_not_the_bias()
    {
        var (w, b) = Steps(new Sgd(0.1, weightDecay: 0.01), 1);

        w.Should().BeApproximately(0.5 - 0.1 * (0.2 + 0.005), 1e-15); // 0.4795
        b.Should().BeApproximately(0.09, 1e-15);
    }

    [Fact]
    public void Momentum_accumulates_velocity_over_two_steps()
    {
        var (w, b) = Steps(new Momentum(0.1, momentum: 0.9), 2);

        // step 1: v = 0.2 → w = 0.48; v_b = 0.1 → b = 0.09. Then out = 1.05, ∂E/∂w = 0.1, ∂E/∂b = 0.05.
        // step 2: v = 0.9·0.2 + 0.1 = 0.28 → w = 0.452; v_b = 0.9·0.1 + 0.05 = 0.14 → b = 0.076.
        w.Should().BeApproximately(0.452, 1e-15);
        b.Should().BeApproximately(0.076, 1e-15);
    }

    [Fact]
    public void Nesterov_looks_ahead_along_the_velocity()
    {
        var (w, b) = Steps(new Momentum(0.1, momentum: 0.9, nesterov: true), 1);

        w.Should().BeApproximately(0.5 - 0.1 * (0.2 + 0.9 * 0.2), 1e-15); // 0.462
        b.Should().BeApproximately(0.1 - 0.1 * (0.1 + 0.9 * 0.1), 1e-15); // 0.081
    }

    [Fact]
    public void Adams_first_step_moves_each_parameter_by_about_eta()
    {
        var (w, b) = Steps(new Adam(0.1), 1);

        // m̂ = g and v̂ = g², so the step is η·g/(|g| + ε).
        w.Should().BeApproximately(0.5 - 0.1 * 0.2 / (0.2 + 1e-8), 1e-15);
        b.Should().BeApproximately(0.1 - 0.1 * 0.1 / (0.1 + 1e-8), 1e-15);
    }

    [Fact]
    public void Adams_second_step_uses_bias_corrected_moments()
    {
        var adam = new Adam(0.1);
        var (w, _) = Steps(adam, 2);

        double w1 = 0.5 - 0.1 * 0.2 / (0.2 + 1e-8), b1 = 0.1 - 0.1 * 0.1 / (0.1 + 1e-8);
        double g2 = (w1 * 2 + b1 - 1) * 2;
        double m = 0.9 * (0.1 * 0.2) + 0.1 * g2, v = 0.999 * (0.001 * 0.04) + 0.001 * g2 * g2;
        double expected = w1 - 0.1 * (m / (1 - 0.81)) / (Math.Sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        w.Should().BeApproximately(expected, 1e-15);
    }

    [Fact]
    public void Reset_forgets_the_state_it_keeps_for_that_network()
    {
        // The same network throughout: after three steps and a reset, the fourth step has no velocity behind it, so
        // it moves w by η·∂E/∂w alone.
        var momentum = new Momentum(0.1, 0.9);
        var network = Line();
        for (int i = 0; i < 3; i++) network.TrainStep(X, Y, momentum);
        double w = network.Layers[0].Weights[0, 0], b = network.Layers[0].Bias[0];
        double gradient = (w * 2 + b - 1) * 2;

        momentum.Reset(network);
        network.TrainStep(X, Y, momentum);

        network.Layers[0].Weights[0, 0].Should().Be(w - 0.1 * gradient);
    }

    [Fact]
    public void Schedules_follow_their_formulas()
    {
        new StepDecay(0.5, every: 10).Rate(0.1, 25).Should().BeApproximately(0.025, 1e-17);
        new StepDecay(0.5, every: 10).Rate(0.1, 9).Should().Be(0.1);
        new ExponentialDecay(0.9).Rate(1.0, 2).Should().BeApproximately(0.81, 1e-15);
        LearningRateSchedule.Constant.Rate(0.3, 100).Should().Be(0.3);
    }

    [Fact]
    public void The_learning_rate_in_force_follows_the_schedule_by_epoch()
    {
        var sgd = new Sgd(0.2, schedule: new StepDecay(0.5, 2));

        sgd.LearningRateAt(4).Should().BeApproximately(0.05, 1e-17);
        var network = Line();
        network.TrainStep(X, Y, sgd, epoch: 4);
        network.Layers[0].Weights[0, 0].Should().BeApproximately(0.5 - 0.05 * 0.2, 1e-15);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Momentum_outside_zero_to_one_is_out_of_range(double mu)
    {
        var act = () => new Momentum(0.1, mu);

        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "momentum");
    }

    [Fact]
    public void Adam_rejects_bad_settings_by_name()
    {
        ((Action)(() => _ = new Adam(beta1: 1))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "beta1");
        ((Action)(() => _ = new Adam(epsilon: 0))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "epsilon");
        ((Action)(() => _ = new Sgd(0.1, weightDecay: -1))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "weightDecay");
        ((Action)(() => _ = new StepDecay(0, 1))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "factor");
    }
}
