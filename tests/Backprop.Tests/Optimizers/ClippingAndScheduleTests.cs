using Backprop.Demo.Tour;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>Gradient clipping by value and by global norm (torch.nn.utils' rules), cosine annealing and linear warm-up.</summary>
public class ClippingAndScheduleTests
{
    private static readonly Vector<double> X = Vector<double>.Build.DenseOfArray([2.0]);
    private static readonly Vector<double> Y = Vector<double>.Build.DenseOfArray([1.0]);

    // out = w·x + b with x = 2, target 1: at w = 0.5, b = 0.1, ∂E/∂w = 0.2 and ∂E/∂b = 0.1 (see OptimizerTests).
    private static Network Line() => new(new DenseLayer(new[,] { { 0.5 } }, [0.1], Activation.Identity));

    [Fact]
    public void Clipping_by_value_caps_each_gradient_before_the_rule()
    {
        var network = Line();
        double gb = Line().ComputeGradients(X, Y).Biases[0][0]; // about 0.1, under the limit

        network.TrainStep(X, Y, new Sgd(1.0) { Clipping = new GradientClipping { Value = 0.15 } });

        network.Layers[0].Weights[0, 0].Should().Be(0.5 - 0.15);
        network.Layers[0].Bias[0].Should().Be(0.1 - gb);
    }

    [Fact]
    public void Clipping_by_norm_scales_every_gradient_by_the_norm_over_the_global_norm()
    {
        var network = Line();
        double norm = Math.Sqrt(0.2 * 0.2 + 0.1 * 0.1), factor = 0.1 / (norm + 1e-6);

        network.TrainStep(X, Y, new Sgd(1.0) { Clipping = new GradientClipping { Norm = 0.1 } });

        network.Layers[0].Weights[0, 0].Should().BeApproximately(0.5 - 0.2 * factor, 1e-16);
        network.Layers[0].Bias[0].Should().BeApproximately(0.1 - 0.1 * factor, 1e-16);
    }

    [Fact]
    public void A_norm_below_the_limit_leaves_the_gradients_as_they_are()
    {
        var clipped = Line();
        var plain = Line();

        clipped.TrainStep(X, Y, new Sgd(0.5) { Clipping = new GradientClipping { Norm = 10 } });
        plain.TrainStep(X, Y, new Sgd(0.5));

        clipped.Layers[0].Weights[0, 0].Should().Be(plain.Layers[0].Weights[0, 0]);
    }

    [Fact]
    public void Frozen_biases_take_no_part_in_the_global_norm()
    {
        var network = MazurTour.CreateNetwork(BiasMode.Frozen);
        var g = network.Clone().ComputeGradients(MazurTour.Input.ToColumnMatrix(), MazurTour.Target.ToColumnMatrix());
        double norm = Math.Sqrt(g.Weights.Sum(w => Math.Pow(w.FrobeniusNorm(), 2)));
        double factor = 0.01 / (norm + 1e-6);

        network.TrainStep(MazurTour.Input, MazurTour.Target, new Sgd(0.5) { Clipping = new GradientClipping { Norm = 0.01 } });

        network.Layers[1].Weights[0, 0].Should().BeApproximately(0.40 - 0.5 * g.Weights[1][0, 0] * factor, 1e-15);
    }

    [Fact]
    public void A_clipping_limit_that_is_not_positive_and_finite_is_refused_by_name()
    {
        ((Action)(() => _ = new GradientClipping { Norm = 0 })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "Norm");
        ((Action)(() => _ = new GradientClipping { Value = double.NaN })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "Value");
    }

    [Fact]
    public void L1_adds_lambda_times_the_sign_of_each_weight_and_leaves_biases_alone()
    {
        var network = new Network(new DenseLayer(new[,] { { 0.5, -0.25, 0.0 } }, [0.1], Activation.Identity));
        var x = Vector<double>.Build.DenseOfArray([2.0, 1.0, 1.0]);
        var g = network.Clone().ComputeGradients(x, Y);

        network.TrainStep(x, Y, new Sgd(0.1) { L1 = 0.01 });

        network.Layers[0].Weights.Row(0).ToArray().Should().Equal(
            0.5 - 0.1 * (g.Weights[0][0, 0] + 0.01), -0.25 - 0.1 * (g.Weights[0][0, 1] - 0.01), 0.0 - 0.1 * g.Weights[0][0, 2]);
        network.Layers[0].Bias[0].Should().Be(0.1 - 0.1 * g.Biases[0][0]);
        ((Action)(() => _ = new Sgd(0.1) { L1 = -1 })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "L1");
    }

    [Fact]
    public void Cosine_annealing_follows_half_a_cosine_from_eta_to_its_minimum()
    {
        var cosine = new CosineAnnealing(10, minimumRate: 0.01);

        cosine.Rate(0.1, 0).Should().Be(0.1);
        cosine.Rate(0.1, 5).Should().BeApproximately(0.055, 1e-16);
        cosine.Rate(0.1, 10).Should().Be(0.01);
        cosine.Rate(0.1, 25).Should().Be(0.01);
        cosine.Rate(0.1, 3).Should().BeApproximately(0.01 + 0.09 * (1 + Math.Cos(Math.PI * 0.3)) / 2, 1e-17);
    }

    [Fact]
    public void Linear_warmup_climbs_from_its_start_factor_to_eta()
    {
        var warmup = new LinearWarmup(4, startFactor: 0.2);

        warmup.Rate(1.0, 0).Should().Be(0.2);
        warmup.Rate(1.0, 2).Should().BeApproximately(0.6, 2e-16);
        warmup.Rate(1.0, 4).Should().Be(1.0);
        warmup.Rate(1.0, 40).Should().Be(1.0);
    }

    [Fact]
    public void Schedule_settings_out_of_range_are_refused_by_name()
    {
        ((Action)(() => _ = new CosineAnnealing(0))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "epochs");
        ((Action)(() => _ = new CosineAnnealing(5, -1))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "minimumRate");
        ((Action)(() => _ = new LinearWarmup(5, 0))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "startFactor");
    }
}
