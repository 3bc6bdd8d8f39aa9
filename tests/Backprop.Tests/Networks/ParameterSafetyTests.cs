using Backprop.Demo.Tour;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

/// <summary>No public route lets a NaN, an infinity or a wrong shape reach a prediction or a step unnoticed: the
/// views are read-only, the setters check first and change nothing when they refuse, and an update that overflows is
/// reported and then refused by every later use.</summary>
public class ParameterSafetyTests
{
    private static double[] Parameters(Network n) =>
        n.Layers.SelectMany(l => l.Weights.ToColumnMajorArray().Concat(l.Bias.ToArray())).ToArray();

    /// <summary>A network whose Adam update has just overflowed w to +∞: E ≈ 1.4e302 and ∂E/∂w = −17 are finite,
    /// and with ε = 1e-8 the step is about η = 1e308, which takes w = 1.7e308 past the largest double.</summary>
    public static Network Overflowed()
    {
        var network = new Network(new DenseLayer(new[,] { { 1.7e308 } }, null, Activation.Identity, BiasMode.None));
        var x = Vector<double>.Build.Dense(1, 1e-150);
        var t = Vector<double>.Build.Dense(1, 1.7e158 * 1.0000001);
        network.TrainStep(x, t, new Adam(1e308));
        return network;
    }

    [Fact]
    public void Writing_through_the_weights_view_throws_and_names_the_setter()
    {
        var network = MazurTour.CreateNetwork();
        var before = Parameters(network);

        var act = () => network.Layers[1].Weights[0, 1] = double.NaN;

        act.Should().Throw<NotSupportedException>().WithMessage("layers[1].Weights is read-only; change it with DenseLayer.SetWeights*");
        Parameters(network).Should().Equal(before);
    }

    [Fact]
    public void Writing_through_the_bias_view_or_a_matrix_operation_into_it_throws()
    {
        var network = MazurTour.CreateNetwork();
        var before = Parameters(network);

        ((Action)(() => network.Layers[0].Bias[1] = 1)).Should().Throw<NotSupportedException>().WithMessage("layers[0].Bias is read-only*");
        ((Action)(() => network.Layers[0].Weights.Clear())).Should().Throw<NotSupportedException>();
        ((Action)(() => network.Layers[0].Weights.Multiply(2.0, network.Layers[0].Weights))).Should().Throw<NotSupportedException>();
        Parameters(network).Should().Equal(before);
    }

    [Fact]
    public void The_views_are_live_and_read_like_any_matrix()
    {
        var network = MazurTour.CreateNetwork();
        var w = network.Layers[1].Weights;

        network.TrainStep(MazurTour.Input, MazurTour.Target, new Sgd(0.5));

        w[0, 0].Should().Be(network.Layers[1].Weights.ToArray()[0, 0]);
        w[0, 0].Should().NotBe(0.40);
        (w * Vector<double>.Build.Dense(2, 1.0)).Count.Should().Be(2);
        w.Transpose().RowCount.Should().Be(2);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+∞")]
    [InlineData(double.NegativeInfinity, "−∞")]
    public void Every_setter_refuses_a_non_finite_value_naming_the_layer_and_index_and_changes_nothing(double value, string shown)
    {
        var network = MazurTour.CreateNetwork(BiasMode.Trainable);
        var before = Parameters(network);
        var bad = Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, 0.2 }, { value, 0.4 } });

        ((Action)(() => network.Layers[1].SetWeights(bad))).Should().Throw<ArgumentException>()
            .Where(e => e.Message.StartsWith($"layers[1] weights[1, 0] is {shown}") && e.ParamName == "weights");
        ((Action)(() => network.Layers[0].SetWeight(1, 0, value))).Should().Throw<ArgumentException>()
            .Where(e => e.Message.StartsWith($"layers[0].Weights[1, 0] is {shown}") && e.ParamName == "value");
        ((Action)(() => network.Layers[1].SetBias(Vector<double>.Build.DenseOfArray([0.1, value])))).Should().Throw<ArgumentException>()
            .Where(e => e.Message.StartsWith($"layers[1] bias[1] is {shown}"));
        ((Action)(() => network.Layers[0].SetBias(0, value))).Should().Throw<ArgumentException>()
            .Where(e => e.Message.StartsWith($"layers[0].Bias[0] is {shown}"));
        ((Action)(() => _ = new DenseLayer(bad))).Should().Throw<ArgumentException>().Where(e => e.Message.StartsWith($"weights[1, 0] is {shown}"));

        Parameters(network).Should().Equal(before);
        double.IsFinite(network.TrainStep(MazurTour.Input, MazurTour.Target, new Sgd(0.5))).Should().BeTrue();
    }

    [Fact]
    public void A_setter_refuses_a_wrong_shape_or_index_naming_both_and_changes_nothing()
    {
        var network = MazurTour.CreateNetwork();
        var before = Parameters(network);

        ((Action)(() => network.Layers[0].SetWeights(Matrix<double>.Build.Dense(3, 2)))).Should().Throw<ArgumentException>()
            .WithMessage("weights are 3×2 but layers[0].Weights are 2×2 (outputs × inputs).*");
        ((Action)(() => network.Layers[0].SetBias(Vector<double>.Build.Dense(3)))).Should().Throw<ArgumentException>()
            .WithMessage("bias has 3 values but layers[0] has 2 neurons.*");
        ((Action)(() => network.Layers[1].SetWeight(0, 2, 1.0))).Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == "column" && e.Message.StartsWith("column must be from 0 to 1 in layers[1]; got 2."));
        ((Action)(() => network.Layers[1].SetBias(-1, 1.0))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "index");
        Parameters(network).Should().Equal(before);
    }

    [Fact]
    public void A_layer_without_bias_keeps_it_zero()
    {
        var layer = new DenseLayer(new[,] { { 1.0 } }, null, Activation.Identity, BiasMode.None);

        ((Action)(() => layer.SetBias(0, 0.5))).Should().Throw<ArgumentException>().WithMessage("layer has BiasMode.None*");
        layer.SetBias(0, 0.0);
        layer.Bias[0].Should().Be(0);
    }

    [Fact]
    public void A_layer_belongs_to_one_network()
    {
        var network = MazurTour.CreateNetwork();

        var act = () => new Network(network.Layers[0], new DenseLayer(new[,] { { 1.0, 1.0 } }));

        act.Should().Throw<ArgumentException>().WithMessage("layers[0] already belongs to another network; clone it instead.*");
    }

    [Fact]
    public void An_update_that_overflows_is_reported_by_the_next_step_and_every_later_use_is_refused_naming_the_parameter()
    {
        var network = Overflowed();
        var x = Vector<double>.Build.Dense(1, 1e-150);
        var t = Vector<double>.Build.Dense(1, 1.0);

        var step = () => network.TrainStep(x, t, new Sgd(0.1));

        step.Should().Throw<TrainingDivergedException>().WithMessage("*the previous update made layers[0].Weights[0, 0] is +∞*");
        ((Action)(() => network.Predict(x))).Should().Throw<InvalidOperationException>().WithMessage("*layers[0].Weights[0, 0] is +∞*");
        ((Action)(() => network.Predict(x.ToColumnMatrix()))).Should().Throw<InvalidOperationException>();
        ((Action)(() => network.ComputeLoss(x, t))).Should().Throw<InvalidOperationException>();
        ((Action)(() => network.TrainStep(x, t, new Sgd(0.1)))).Should().Throw<InvalidOperationException>();
        ((Action)(() => StepTrace.Record(network, x, t, new Sgd(0.1)))).Should().Throw<InvalidOperationException>();
        ((Action)(() => GradientCheck.Run(network, x, t))).Should().Throw<InvalidOperationException>();
        ((Action)network.EnsureFinite).Should().Throw<InvalidOperationException>();

        network.Layers[0].SetWeight(0, 0, 2.0);

        network.EnsureFinite();
        network.Predict(x)[0].Should().Be(2e-150);
    }

    [Fact]
    public void A_prediction_right_after_an_overflowing_update_is_refused_naming_the_parameter()
    {
        var network = Overflowed();

        var act = () => network.Predict(Vector<double>.Build.Dense(1, 1.0));

        act.Should().Throw<InvalidOperationException>().WithMessage("An update made layers[0].Weights[0, 0] is +∞, so the network no longer predicts or trains*");
        network.Layers[0].SetWeight(0, 0, 2.0);
        network.Predict(Vector<double>.Build.Dense(1, 1.0))[0].Should().Be(2.0);
    }
}
