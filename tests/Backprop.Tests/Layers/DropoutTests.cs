using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

public class DropoutTests
{
    private static Network Make(double p, int hidden = 20, int seed = 5) => Network.Create(3,
        [new LayerDefinition(hidden, Activation.Sigmoid) { Dropout = p }, new LayerDefinition(2, Activation.Softmax)],
        ScaledInitializer.GlorotUniform, seed, Loss.CategoricalCrossEntropy);

    private static Matrix<double> Same(int columns, params double[] x) => Matrix<double>.Build.Dense(x.Length, columns, (i, _) => x[i]);

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void The_mean_of_the_masked_output_over_many_masks_is_the_unmasked_output(double p)
    {
        // One sample in 20,000 columns: every column has the same out, each its own mask.
        const int Columns = 20_000;
        var network = Make(p);
        network.ComputeGradients(Same(Columns, 0.3, -0.7, 1.1), Same(Columns, 1.0, 0.0));
        var hidden = network.TrainingWorkspace!.Layers[0];
        int m = network.Layers[0].OutputSize;

        for (int j = 0; j < m; j++)
        {
            double o = hidden.Out[j], sum = 0;
            for (int c = 0; c < Columns; c++)
            {
                hidden.Out[j + c * m].Should().Be(o);
                sum += hidden.Dropped[j + c * m];
            }
            // out′ = o·m/(1 − p) with m ~ Bernoulli(1 − p): mean o, variance o²·p/(1 − p), so the mean of N has
            // σ = o·√(p/((1 − p)·N)); five σ leaves a correct implementation a chance below 1e-6 per neuron.
            double sigma = o * Math.Sqrt(p / ((1 - p) * Columns));
            (sum / Columns).Should().BeApproximately(o, 5 * sigma, $"neuron {j}, p = {p}");
        }
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    public void Each_value_is_dropped_with_probability_p_and_a_kept_one_is_scaled_by_one_over_one_minus_p(double p)
    {
        const int Columns = 5_000;
        var network = Make(p);
        network.ComputeGradients(Same(Columns, 0.3, -0.7, 1.1), Same(Columns, 1.0, 0.0));
        var hidden = network.TrainingWorkspace!.Layers[0];
        int n = network.Layers[0].OutputSize * Columns, dropped = 0;
        double scale = 1.0 / (1.0 - p);

        for (int i = 0; i < n; i++)
        {
            hidden.Mask[i].Should().BeOneOf(0.0, scale);
            hidden.Dropped[i].Should().Be(hidden.Out[i] * hidden.Mask[i]);
            if (hidden.Mask[i] == 0) dropped++;
        }
        // A binomial count: mean n·p, σ = √(n·p·(1 − p)).
        ((double)dropped).Should().BeApproximately(n * p, 5 * Math.Sqrt(n * p * (1 - p)));
    }

    [Fact]
    public void The_masks_differ_from_sample_to_sample_and_from_update_to_update_but_not_between_updates()
    {
        var network = Make(0.5);
        var x = Same(2, 0.3, -0.7, 1.1);
        var t = Same(2, 1.0, 0.0);
        double[] Masks() => network.TrainingWorkspace!.Layers[0].MaskValues(2).ToArray();

        var first = network.ComputeGradients(x, t);
        var masks = Masks();
        var again = network.ComputeGradients(x, t);
        var same = Masks();
        new Sgd(0.1).Step(network);
        network.ComputeGradients(x, t);
        var next = Masks();

        masks[..20].Should().NotEqual(masks[20..], "the two samples of a step");
        same.Should().Equal(masks, "no update came between");
        again.Weights[0].Should().Be(first.Weights[0]);
        next.Should().NotEqual(masks, "an update moves on to the next step");
        network.DropoutMasks.Steps.Should().Be(1);
    }

    [Fact]
    public void A_step_refused_as_diverged_does_not_move_the_masks_on()
    {
        // Eight identity neurons pass on 2·1e200 each when kept: the output's square overflows.
        var ones = Matrix<double>.Build.Dense(8, 1, 1.0);
        var network = new Network([new DenseLayer(ones, null, Activation.Identity, BiasMode.None) { Dropout = 0.5 },
            new DenseLayer(ones.Transpose(), null, Activation.Identity, BiasMode.None)], Loss.MeanSquaredError);

        var act = () => network.TrainStep(Same(1, 1e200), Same(1, 0.0), new Sgd(0.1));

        act.Should().Throw<TrainingDivergedException>();
        network.DropoutMasks.Steps.Should().Be(0);
        network.TrainStep(Same(1, 1.0), Same(1, 0.0), new Sgd(0.1));
        network.DropoutMasks.Steps.Should().Be(1);
    }

    [Fact]
    public void Prediction_and_loss_ignore_dropout_before_and_after_training()
    {
        var dropping = Make(0.5);
        var plain = Make(0);
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, -1.2, 0.5 }, { -0.7, 0.4, 0.9 }, { 1.1, 0.0, -0.3 } });
        var t = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0, 1.0 }, { 0.0, 1.0, 0.0 } });

        dropping.Predict(x).Should().Be(plain.Predict(x));
        dropping.ComputeLoss(x, t).Should().Be(plain.ComputeLoss(x, t));

        for (int i = 0; i < 5; i++) dropping.TrainStep(x, t, new Sgd(0.5), LossReduction.Mean);
        var copy = new Network(dropping.Layers.Select(l => new DenseLayer(l.Weights, l.Bias, l.Activation, l.BiasMode)), dropping.Loss);
        dropping.Predict(x).Should().Be(copy.Predict(x));
        dropping.Predict(x.Column(1)).Should().Equal(copy.Predict(x.Column(1)));
        dropping.ComputeLoss(x, t).Should().Be(copy.ComputeLoss(x, t));
        Model.Classifier(dropping, ["a", "b"]).Predict([0.3, -0.7, 1.1]).Should().Equal(copy.Predict(x.Column(0)).ToArray());
    }

    [Fact]
    public void A_rate_of_zero_takes_the_path_without_dropout_to_the_last_bit()
    {
        var zero = Network.Create(3, [new LayerDefinition(6, Activation.Tanh) { Dropout = 0 }, new LayerDefinition(2, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, 5, Loss.CategoricalCrossEntropy);
        var plain = Network.Create(3, [new LayerDefinition(6, Activation.Tanh), new LayerDefinition(2, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, 5, Loss.CategoricalCrossEntropy);
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, -1.2 }, { -0.7, 0.4 }, { 1.1, 0.0 } });
        var t = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0 }, { 0.0, 1.0 } });
        var options = new TrainingOptions { Epochs = 20, BatchSize = 1, Shuffle = true, Seed = 3 };

        new Trainer(new Adam(0.01), options).Train(zero, x, t);
        new Trainer(new Adam(0.01), options).Train(plain, x, t);

        zero.Layers[0].Weights.Should().Be(plain.Layers[0].Weights);
        zero.Layers[1].Weights.Should().Be(plain.Layers[1].Weights);
        zero.Layers[0].Bias.Should().Equal(plain.Layers[0].Bias);
        var buffers = zero.TrainingWorkspace!.Layers[0];
        buffers.Drops.Should().BeFalse();
        (buffers.Mask.Length + buffers.Dropped.Length).Should().Be(0, "no mask is drawn or kept");
        zero.DropoutMasks.Steps.Should().Be(0);
    }

    [Fact]
    public void The_output_layer_refuses_dropout_naming_it()
    {
        var create = () => Network.Create(3, [new LayerDefinition(4), new LayerDefinition(2) { Dropout = 0.5 }], new UniformInitializer(), 1);
        var build = () => new Network(new DenseLayer(new double[4, 3]), new DenseLayer(new double[2, 4]) { Dropout = 0.2 });

        create.Should().Throw<ArgumentException>().WithParameterName("layers")
            .WithMessage("layers[1] is the output layer but has Dropout = 0.5: dropout applies to the outputs of hidden layers only*");
        build.Should().Throw<ArgumentException>().WithParameterName("layers")
            .WithMessage("layers[1] is the output layer but has Dropout = 0.2*");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_rate_outside_zero_to_one_is_refused_naming_it(double p)
    {
        var definition = () => new LayerDefinition(4) { Dropout = p };
        var layer = () => new DenseLayer(new double[2, 2]) { Dropout = p };
        var fit = () => new FitOptions { Dropout = p };

        definition.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Dropout").WithMessage("Dropout must be in [0, 1)*got *");
        layer.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Dropout");
        fit.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Dropout");
    }

    [Fact]
    public void A_clone_keeps_the_rate_and_a_definition_with_another_rate_is_another_definition()
    {
        var network = Make(0.3);

        network.Clone().Layers[0].Dropout.Should().Be(0.3);
        network.Layers[0].Clone().Dropout.Should().Be(0.3);
        network.Layers[1].Dropout.Should().Be(0);
        new LayerDefinition(4) { Dropout = 0.3 }.Should().NotBe(new LayerDefinition(4));
    }

    [Fact]
    public void The_summary_gives_each_layers_rate_when_one_has_dropout()
    {
        var network = Network.Create(64, [new LayerDefinition(32, Activation.ReLU) { Dropout = 0.5 }, new LayerDefinition(10, Activation.Softmax)],
            ScaledInitializer.HeUniform, 1, Loss.CategoricalCrossEntropy);

        network.Summary().Split('\n').Should().Equal(
            "layer      neurons × inputs  activation  bias       parameters  dropout",
            "layers[0]  32 × 64           relu        trainable        2080  0.5",
            "layers[1]  10 × 32           softmax     trainable         330",
            "2410 parameters: 2410 trainable, 0 frozen; 64 inputs, 10 outputs; loss categorical-cross-entropy");
    }
}
