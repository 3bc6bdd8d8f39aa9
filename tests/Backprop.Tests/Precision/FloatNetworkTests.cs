using Backprop.Demo.Tour;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Precision;

public class FloatNetworkTests
{
    /// <summary>Half an ulp of a float relative to the value: what rounding one double to a float may change.</summary>
    private const double FloatRounding = 0.5 / (1 << 23);

    private static readonly LayerDefinition[] Layers =
        [new LayerDefinition(5, Activation.Tanh), new LayerDefinition(4, Activation.ReLU), new LayerDefinition(3, Activation.Softmax)];

    [Fact]
    public void A_float_network_from_a_seed_is_the_double_network_from_that_seed_rounded()
    {
        var wide = Network.Create(4, Layers, ScaledInitializer.GlorotUniform, seed: 7, Loss.CategoricalCrossEntropy);
        var narrow = Network.Create(4, Layers, ScaledInitializer.GlorotUniform, seed: 7, Loss.CategoricalCrossEntropy, Backprop.Precision.Float32);

        narrow.Precision.Should().Be(Backprop.Precision.Float32);
        wide.Precision.Should().Be(Backprop.Precision.Float64);
        for (int l = 0; l < Layers.Length; l++)
        {
            narrow.Layers[l].Precision.Should().Be(Backprop.Precision.Float32);
            narrow.Layers[l].WeightsSingle.ToColumnMajorArray().Should().Equal(wide.Layers[l].Weights.ToColumnMajorArray().Select(w => (float)w));
            narrow.Layers[l].BiasSingle.ToArray().Should().Equal(wide.Layers[l].Bias.Select(b => (float)b));
            narrow.Layers[l].Weights.ToColumnMajorArray().Should().Equal(narrow.Layers[l].WeightsSingle.ToColumnMajorArray().Select(w => (double)w),
                "the double view of a float layer reads its floats exactly");
        }
    }

    [Fact]
    public void ToPrecision_rounds_to_float_and_back_to_double_exactly()
    {
        var wide = Network.Create(4, Layers, ScaledInitializer.GlorotUniform, seed: 3, Loss.CategoricalCrossEntropy);

        var narrow = wide.ToPrecision(Backprop.Precision.Float32);
        var back = narrow.ToPrecision(Backprop.Precision.Float64);
        var again = back.ToPrecision(Backprop.Precision.Float32);

        back.Precision.Should().Be(Backprop.Precision.Float64);
        for (int l = 0; l < Layers.Length; l++)
        {
            back.Layers[l].Weights.ToColumnMajorArray().Should().Equal(wide.Layers[l].Weights.ToColumnMajorArray().Select(w => (double)(float)w));
            again.Layers[l].WeightsSingle.ToColumnMajorArray().Should().Equal(narrow.Layers[l].WeightsSingle.ToColumnMajorArray());
            back.Layers[l].Activation.Should().BeSameAs(wide.Layers[l].Activation);
        }
        narrow.Clone().Precision.Should().Be(Backprop.Precision.Float32, "a clone keeps the precision");
        back.Loss.Should().BeSameAs(wide.Loss);
    }

    [Fact]
    public void Layers_of_mixed_precision_are_refused_naming_the_layer()
    {
        var act = () => new Network(
            new DenseLayer(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }),
            new DenseLayer(new[,] { { 0.4f, 0.45f }, { 0.5f, 0.55f } }));

        act.Should().Throw<ArgumentException>().WithMessage("layers[1] is float32 but layers[0] is float64*one precision*ToPrecision*");
    }

    [Fact]
    public void A_double_layer_has_no_single_views_and_says_how_to_get_them()
    {
        var layer = new DenseLayer(new[,] { { 0.15, 0.20 } });

        var act = () => layer.WeightsSingle;

        act.Should().Throw<InvalidOperationException>().WithMessage("layer is float64, so it has no WeightsSingle; read Weights*ToPrecision*");
    }

    [Fact]
    public void Setters_of_a_float_layer_round_to_float_and_refuse_a_value_beyond_the_float_range()
    {
        var layer = new DenseLayer(new[,] { { 0.5f, 0.25f } }, [0.125f]);

        layer.SetWeight(0, 1, 0.1);
        layer.SetBias(0, 1.0 / 3);
        layer.WeightsSingle[0, 1].Should().Be(0.1f);
        layer.Weights[0, 1].Should().Be((double)0.1f, "the double view reads the rounded float");
        layer.Bias[0].Should().Be((double)(float)(1.0 / 3));

        var act = () => layer.SetWeight(0, 0, 1e39);
        act.Should().Throw<ArgumentException>().WithMessage("*layer.Weights[0, 0]*rounded to float32 from 1E+39*");
        layer.WeightsSingle[0, 0].Should().Be(0.5f, "a refused value changes nothing");
        var all = () => layer.SetWeights(Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, -1e39 } }));
        all.Should().Throw<ArgumentException>().WithMessage("*[0, 1]*");
        layer.WeightsSingle[0, 1].Should().Be(0.1f);
    }

    [Fact]
    public void The_blogs_network_in_float_predicts_within_float_rounding_of_the_double_network()
    {
        var wide = MazurTour.CreateNetwork();
        var narrow = wide.ToPrecision(Backprop.Precision.Float32);
        var input = Vector<double>.Build.DenseOfArray([0.05, 0.10]);

        var expected = wide.Predict(input);
        var got = narrow.Predict(input);
        var single = narrow.Predict(Vector<float>.Build.DenseOfArray([0.05f, 0.10f]));

        expected[0].Should().BeApproximately(0.75136507, 1e-8, "the blog's out_o1");
        for (int k = 0; k < 2; k++)
        {
            // Weights and inputs each rounded once (≤ ½ ulp), a few float operations per layer: well within 2^-20 relative.
            got[k].Should().BeApproximately(expected[k], 16 * FloatRounding * expected[k]);
            got[k].Should().NotBe(expected[k], "a float network computes in float");
            ((double)single[k]).Should().Be(got[k], "the double form rounds the input to float once and returns the float outputs exactly");
        }
    }

    [Fact]
    public void The_summary_of_a_float_network_counts_its_parameters_and_names_its_precision()
    {
        var narrow = MazurTour.CreateNetwork().ToPrecision(Backprop.Precision.Float32);

        narrow.Summary().Should().EndWith("12 parameters: 8 trainable, 4 frozen; 2 inputs, 2 outputs; loss half-squared-error; float32");
        narrow.ParameterCount.Should().Be(8);
    }

    [Fact]
    public void A_double_network_takes_float_data_widened_exactly()
    {
        var wide = MazurTour.CreateNetwork();
        var inputs = Matrix<float>.Build.DenseOfArray(new[,] { { 0.05f, 0.5f }, { 0.10f, -0.25f } });

        var got = wide.Predict(inputs);
        var expected = wide.Predict(inputs.Map(v => (double)v));

        got.ToColumnMajorArray().Should().Equal(expected.ToColumnMajorArray().Select(v => (float)v));
        wide.ComputeLoss(inputs, Matrix<float>.Build.Dense(2, 2, 0.5f))
            .Should().Be(wide.ComputeLoss(inputs.Map(v => (double)v), Matrix<double>.Build.Dense(2, 2, 0.5)));
    }

    [Fact]
    public void Float_predictions_of_a_batch_equal_those_of_each_sample_alone()
    {
        // Layers below the small-layer threshold (5, 3), between it and the float tile (12) and above (37): every path.
        LayerDefinition[] layers = [new(37, Activation.Tanh), new(12, Activation.Sigmoid), new(5, Activation.ReLU), new(3, Activation.Softmax)];
        var narrow = Network.Create(40, layers, ScaledInitializer.GlorotUniform, seed: 5, Loss.CategoricalCrossEntropy, Backprop.Precision.Float32);
        var random = new Random(2);
        var batch = Matrix<float>.Build.Dense(40, 300, (_, _) => (float)(random.NextDouble() * 2 - 1));

        var all = narrow.Predict(batch);

        for (int c = 0; c < batch.ColumnCount; c += 37)
        {
            narrow.Predict(batch.Column(c)).ToArray().Should().Equal(all.Column(c).ToArray());
            narrow.Predict(batch.SubMatrix(0, 40, c, Math.Min(7, 300 - c))).Column(0).ToArray().Should().Equal(all.Column(c).ToArray());
        }
    }

    [Fact]
    public void A_float_network_weighs_four_bytes_per_parameter_against_the_memory()
    {
        LayerDefinition[] layers = [new(1000), new(1000), new(10)];

        // Half the float64 bytes: (1000·4 + 1000) · 4 + (1000·1000 + 1000) · 4 = 4,024,000 up to layers[1].
        var ok = () => Backprop.Internal.ParameterMemory.CheckNetwork(4, layers, available: 4 * 4_064_040L, "layers", Backprop.Precision.Float32);
        var act = () => Backprop.Internal.ParameterMemory.CheckNetwork(4, layers, available: 4 * 4_023_999L, "layers", Backprop.Precision.Float32);

        ok.Should().NotThrow();
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("layers[1] is 1000×1000*need 4,024,000 bytes (4 per weight and bias)*");
    }
}
