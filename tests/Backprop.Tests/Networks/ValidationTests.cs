using Backprop.Demo.Tour;
using Backprop.Tests.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

public class ValidationTests
{
    private static Vector<double> V(params double[] values) => Vector<double>.Build.DenseOfArray(values);

    private static void ShouldBeUnchanged(Network network, Network before)
    {
        for (int l = 0; l < network.Layers.Count; l++)
        {
            network.Layers[l].Weights.ToColumnMajorArray().Should().Equal(before.Layers[l].Weights.ToColumnMajorArray());
            network.Layers[l].Bias.ToArray().Should().Equal(before.Layers[l].Bias.ToArray());
        }
    }

    [Fact]
    public void An_input_of_the_wrong_length_names_both_shapes_and_changes_nothing()
    {
        var network = MazurTour.CreateNetwork(BiasMode.Trainable);
        var before = network.Clone();

        var act = () => network.TrainStep(V(1, 2, 3), MazurTour.Target, new Sgd(0.5));

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "input" && e.Message.Contains("has 3 values") && e.Message.Contains("2×2"));
        ShouldBeUnchanged(network, before);
    }

    [Fact]
    public void A_batch_of_the_wrong_shape_names_both_shapes()
    {
        var network = MazurTour.CreateNetwork();
        var inputs = Matrix<double>.Build.Dense(3, 4);
        var targets = Matrix<double>.Build.Dense(2, 4);

        var act = () => network.ComputeGradients(inputs, targets);

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "inputs" && e.Message.Contains("3×4") && e.Message.Contains("2×2"));
    }

    [Fact]
    public void Targets_that_do_not_fit_the_inputs_name_both_shapes_and_change_nothing()
    {
        var network = MazurTour.CreateNetwork(BiasMode.Trainable);
        var before = network.Clone();
        var (inputs, _, _) = TenPoint.Data();

        var act = () => new Trainer(new Sgd(0.5)).Train(network, inputs, Matrix<double>.Build.Dense(2, 9));

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "targets" && e.Message.Contains("2×9") && e.Message.Contains("2×10"));
        ShouldBeUnchanged(network, before);
    }

    [Fact]
    public void Layers_that_do_not_chain_are_rejected_naming_both_weight_shapes()
    {
        var act = () => new Network(new DenseLayer(new double[3, 2]), new DenseLayer(new double[1, 4]));

        act.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("1×4") && e.Message.Contains("3×2"));
    }

    [Fact]
    public void A_bias_of_the_wrong_length_is_rejected_naming_the_weight_shape()
    {
        var act = () => new DenseLayer(new double[2, 3], [1.0, 2.0, 3.0]);

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "bias" && e.Message.Contains("2×3"));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+∞")]
    public void A_non_finite_input_names_its_index_and_changes_nothing(double bad, string shown)
    {
        var network = MazurTour.CreateNetwork(BiasMode.Trainable);
        var before = network.Clone();

        var act = () => network.TrainStep(V(0.05, bad), MazurTour.Target, new Sgd(0.5));

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "input" && e.Message.Contains($"input[1] is {shown}"));
        ShouldBeUnchanged(network, before);
    }

    [Fact]
    public void A_non_finite_target_names_its_index_and_changes_nothing()
    {
        var network = MazurTour.CreateNetwork(BiasMode.Trainable);
        var before = network.Clone();

        var act = () => network.TrainStep(MazurTour.Input, V(double.NegativeInfinity, 0.99), new Sgd(0.5));

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "target" && e.Message.Contains("target[0] is −∞"));
        ShouldBeUnchanged(network, before);
    }

    [Fact]
    public void A_non_finite_value_in_a_data_set_names_its_row_and_column_and_trains_nothing()
    {
        var network = MazurTour.CreateNetwork(BiasMode.Trainable);
        var before = network.Clone();
        var (inputs, targets, _) = TenPoint.Data();
        inputs[1, 7] = double.NaN;

        var act = () => new Trainer(new Sgd(0.5), new TrainingOptions { Epochs = 3 }).Train(network, inputs, targets);

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "inputs" && e.Message.Contains("inputs[1, 7] is NaN"));
        ShouldBeUnchanged(network, before);
    }

    [Fact]
    public void A_non_finite_weight_is_rejected_at_construction_naming_its_index()
    {
        var act = () => new DenseLayer(new[,] { { 0.1, 0.2 }, { double.NaN, 0.4 } });

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "weights" && e.Message.Contains("weights[1, 0] is NaN"));
    }

    private static Network WideLinear() => new(new DenseLayer(
        Matrix<double>.Build.Dense(8, 12, (_, j) => j == 11 ? 0.0 : 1e-50), null, Activation.Identity, BiasMode.None));

    [Fact]
    public void A_batch_gradient_that_overflows_is_named_and_no_weight_changes()
    {
        // net = 1.1e151 in every entry, so δ = net and E ≈ 2e303 are finite, but ∂E/∂W sums 4 products of 1.1e351.
        var network = WideLinear();
        var inputs = Matrix<double>.Build.Dense(12, 4, 1e200);
        var before = network.Layers[0].Weights.ToColumnMajorArray();

        var act = () => network.TrainStep(inputs, Matrix<double>.Build.Dense(8, 4), new Sgd(0.5));

        act.Should().Throw<TrainingDivergedException>().Where(e => e.Message.Contains("∂E/∂W[0, 0] of layers[0] is +∞"));
        network.Layers[0].Weights.ToColumnMajorArray().Should().Equal(before);
    }

    [Fact]
    public void A_batch_whose_largest_delta_and_input_never_meet_still_takes_its_step()
    {
        // max|δ| (1e150, sample 0) times max|x| (1e160, sample 1, input 11) overflows, but no entry of ∂E/∂W does:
        // the quick bound fails and the scan clears the step.
        var network = WideLinear();
        var inputs = Matrix<double>.Build.Dense(12, 2, (i, j) => j == 1 && i == 11 ? 1e160 : 1.0);
        var targets = Matrix<double>.Build.Dense(8, 2, (_, j) => j == 0 ? -1e150 : 1.0);
        var w = network.Layers[0].Weights.Clone();
        var expected = w - 0.5 * ((w * inputs - targets) * inputs.Transpose());

        network.TrainStep(inputs, targets, new Sgd(0.5));

        network.Layers[0].Weights.ToColumnMajorArray().Should().Equal(expected.ToColumnMajorArray(),
            (x, y) => Math.Abs(x - y) <= 1e-12 * Math.Abs(y));
        network.Layers[0].Weights[0, 11].Should().BeApproximately(0.5 * (1e160 - 1e150), 1e147);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_learning_rate_that_is_not_positive_and_finite_is_out_of_range(double eta)
    {
        var act = () => new Sgd(eta);

        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "learningRate");
    }

    [Fact]
    public void Fewer_than_one_epoch_is_out_of_range()
    {
        var act = () => new TrainingOptions { Epochs = 0 };

        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "Epochs");
    }


    [Fact]
    public void A_non_zero_bias_for_a_layer_without_bias_is_rejected()
    {
        var act = () => new DenseLayer(new double[2, 2], [0.0, 1.0], Activation.Identity, BiasMode.None);

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "bias");
    }
}
