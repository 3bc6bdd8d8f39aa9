using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

public class SampleWeightTests
{
    private static Dataset Four() => new(
        Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0, 3.0, 4.0 } }),
        Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0, 1.0, 0.0 }, { 0.0, 1.0, 0.0, 1.0 } }), ["a", "b"]);

    [Fact]
    public void Weights_follow_their_samples_through_subsets_new_inputs_and_renamed_classes()
    {
        var data = Four().WithSampleWeights([0.5, 1, 2, 4]);

        data.SampleWeights.Should().Equal(0.5, 1, 2, 4);
        data.Subset([3, 0, 0]).SampleWeights.Should().Equal(4, 0.5, 0.5);
        data.WithInputs(data.Inputs * 2).SampleWeights.Should().Equal(0.5, 1, 2, 4);
        data.WithClassNames(["x", "y"]).SampleWeights.Should().Equal(0.5, 1, 2, 4);
        data.WithSampleWeights(null).SampleWeights.Should().BeNull();
        Four().SampleWeights.Should().BeNull();
    }

    [Fact]
    public void Weights_are_copied_when_given()
    {
        double[] w = [1, 1, 1, 1];
        var data = Four().WithSampleWeights(w);

        w[0] = 9;

        data.SampleWeights![0].Should().Be(1);
    }

    [Fact]
    public void Bad_weights_are_rejected_by_index()
    {
        var data = Four();

        ((Action)(() => data.WithSampleWeights([1, 1, -1, 1]))).Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == "weights" && e.Message.Contains("weights[2] is -1"));
        ((Action)(() => data.WithSampleWeights([1, double.NaN, 1, 1]))).Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.Message.Contains("weights[1] is NaN"));
        ((Action)(() => data.WithSampleWeights([1, 1, 1]))).Should().Throw<ArgumentException>()
            .WithMessage("weights has 3 values but the data set has 4 samples*");
        ((Action)(() => data.WithSampleWeights([0, 0, 0, 0]))).Should().Throw<ArgumentException>().WithMessage("weights are all 0*");
    }
}
