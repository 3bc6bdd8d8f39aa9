using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Precision;

public class FloatSetterTests
{
    private static Network TwoLayers(Backprop.Precision precision) => new Network(
        new DenseLayer(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, [0.35, 0.35]),
        new DenseLayer(new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, [0.60, 0.60])).ToPrecision(precision);

    [Fact]
    public void SetWeights_of_floats_stores_them_in_a_float_layer_bit_for_bit_and_the_network_predicts_with_them()
    {
        var network = TwoLayers(Backprop.Precision.Float32);
        var x = Vector<float>.Build.DenseOfArray([0.05f, 0.10f]);
        var before = network.Predict(x);
        // Floats that no double literal rounds to by accident: a third, a seventh, −0 and the smallest subnormal.
        var w = Matrix<float>.Build.DenseOfArray(new[,] { { 1f / 3, 1f / 7 }, { -0f, float.Epsilon } });
        var b = Vector<float>.Build.DenseOfArray([0.1f, -2.5f]);

        network.Layers[0].SetWeights(w);
        network.Layers[0].SetBias(b);

        network.Layers[0].WeightsSingle.ToColumnMajorArray().Select(BitConverter.SingleToInt32Bits)
            .Should().Equal(w.ToColumnMajorArray().Select(BitConverter.SingleToInt32Bits));
        network.Layers[0].BiasSingle.ToArray().Should().Equal(b.ToArray());
        var expected = new Network(new DenseLayer(w, b), network.Layers[1].Clone()).Predict(x);
        network.Predict(x).ToArray().Should().Equal(expected.ToArray(), "the network computes with the new floats");
        network.Predict(x).ToArray().Should().NotEqual(before.ToArray());
    }

    [Fact]
    public void SetWeights_of_floats_on_a_double_layer_widens_them_exactly()
    {
        var layer = TwoLayers(Backprop.Precision.Float64).Layers[1];
        var w = Matrix<float>.Build.DenseOfArray(new[,] { { 0.1f, 0.2f }, { 0.3f, 1e-30f } });

        layer.SetWeights(w);
        layer.SetBias(Vector<float>.Build.DenseOfArray([0.7f, 0.9f]));

        layer.Weights.ToColumnMajorArray().Should().Equal(w.ToColumnMajorArray().Select(v => (double)v));
        layer.Bias.ToArray().Should().Equal((double)0.7f, (double)0.9f);
    }

    [Fact]
    public void A_refused_float_matrix_names_both_shapes_or_the_entry_and_changes_nothing()
    {
        var network = TwoLayers(Backprop.Precision.Float32);
        var layer = network.Layers[1];
        var weights = layer.WeightsSingle.ToColumnMajorArray();
        var bias = layer.BiasSingle.ToArray();

        var shape = () => layer.SetWeights(Matrix<float>.Build.Dense(3, 2));
        shape.Should().Throw<ArgumentException>().WithMessage("weights are 3×2 but layers[1].Weights are 2×2 (outputs × inputs).*").And.ParamName.Should().Be("weights");
        var nan = () => layer.SetWeights(Matrix<float>.Build.DenseOfArray(new[,] { { 1f, 2f }, { float.NaN, 4f } }));
        nan.Should().Throw<ArgumentException>().WithMessage("*[1, 0]*NaN*");
        var length = () => layer.SetBias(Vector<float>.Build.Dense(3));
        length.Should().Throw<ArgumentException>().WithMessage("bias has 3 values but layers[1] has 2 neurons.*");
        var infinite = () => layer.SetBias(Vector<float>.Build.DenseOfArray([0f, float.PositiveInfinity]));
        infinite.Should().Throw<ArgumentException>().WithMessage("*[1]*");

        layer.WeightsSingle.ToColumnMajorArray().Should().Equal(weights);
        layer.BiasSingle.ToArray().Should().Equal(bias);
    }

    [Fact]
    public void A_layer_without_bias_takes_float_zeros_and_refuses_anything_else()
    {
        var layer = new DenseLayer(new[,] { { 0.5f, 0.25f } }, null, Activation.Identity, BiasMode.None);

        layer.SetBias(Vector<float>.Build.Dense(1));
        var act = () => layer.SetBias(Vector<float>.Build.DenseOfArray([0.5f]));

        act.Should().Throw<ArgumentException>().WithMessage("*BiasMode.None*");
        layer.BiasSingle[0].Should().Be(0f);
    }
}
