using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace Backprop.Tests.Initializers;

public class InitializerTests
{
    private static Matrix<double> Draw(IWeightInitializer init, int fanOut, int fanIn, int seed, out Vector<double> bias)
    {
        var w = Matrix<double>.Build.Dense(fanOut, fanIn);
        bias = Vector<double>.Build.Dense(fanOut);
        init.Initialize(0, w, bias, true, new Random(seed));
        return w;
    }

    [Theory]
    [InlineData("glorot-uniform", 64, 32, 0.25)]              // √(6 / 96)
    [InlineData("glorot-normal", 64, 32, 0.14433756729740643)] // √(2 / 96)
    [InlineData("he-uniform", 64, 32, 0.30618621784789724)]    // √(6 / 64)
    [InlineData("he-normal", 64, 32, 0.17677669529663687)]     // √(2 / 64)
    public void The_scale_follows_the_published_formula(string name, int fanIn, int fanOut, double expected)
    {
        var init = new[] { ScaledInitializer.GlorotUniform, ScaledInitializer.GlorotNormal, ScaledInitializer.HeUniform, ScaledInitializer.HeNormal }
            .Single(i => i.Name == name);

        init.Scale(fanIn, fanOut).Should().BeApproximately(expected, 1e-15);
    }

    [Theory]
    [InlineData("glorot-uniform")]
    [InlineData("he-uniform")]
    public void Uniform_forms_fill_minus_a_to_a_with_variance_a_squared_over_three(string name)
    {
        var init = name == "glorot-uniform" ? ScaledInitializer.GlorotUniform : ScaledInitializer.HeUniform;
        var w = Draw(init, 300, 200, seed: 11, out var bias);
        double a = init.Scale(200, 300);

        var values = w.Enumerate().ToArray();
        values.Should().OnlyContain(x => x >= -a && x <= a);
        values.Max().Should().BeGreaterThan(0.99 * a);
        values.Min().Should().BeLessThan(-0.99 * a);
        values.Mean().Should().BeApproximately(0, 0.01 * a);
        values.PopulationVariance().Should().BeApproximately(a * a / 3, 0.03 * a * a / 3);
        bias.Should().OnlyContain(b => b == 0);
    }

    [Theory]
    [InlineData("glorot-normal")]
    [InlineData("he-normal")]
    public void Normal_forms_have_mean_zero_and_the_formulas_standard_deviation(string name)
    {
        var init = name == "glorot-normal" ? ScaledInitializer.GlorotNormal : ScaledInitializer.HeNormal;
        var w = Draw(init, 300, 200, seed: 12, out _);
        double sigma = init.Scale(200, 300);

        var values = w.Enumerate().ToArray();
        values.Mean().Should().BeApproximately(0, 0.02 * sigma);
        values.PopulationStandardDeviation().Should().BeApproximately(sigma, 0.02 * sigma);
        values.Count(x => Math.Abs(x) > 2 * sigma).Should().BeInRange(2400, 3100, "about 4.55% lie beyond 2σ");
    }

    [Fact]
    public void Scaled_initializers_give_bit_identical_weights_for_one_seed()
    {
        var a = Draw(ScaledInitializer.HeNormal, 20, 30, seed: 5, out _);
        var b = Draw(ScaledInitializer.HeNormal, 20, 30, seed: 5, out _);
        var c = Draw(ScaledInitializer.HeNormal, 20, 30, seed: 6, out _);

        a.ToColumnMajorArray().Should().Equal(b.ToColumnMajorArray());
        a.ToColumnMajorArray().Should().NotEqual(c.ToColumnMajorArray());
    }

    [Fact]
    public void An_explicit_initializer_builds_the_blogs_network()
    {
        var init = new ExplicitInitializer(
            (new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, [0.35, 0.35]),
            (new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, [0.60, 0.60]));

        var network = Network.Create(2, [new LayerDefinition(2), new LayerDefinition(2)], init, seed: 0);

        network.Layers[0].Weights.ToRowMajorArray().Should().Equal(0.15, 0.20, 0.25, 0.30);
        network.Layers[1].Bias.ToArray().Should().Equal(0.60, 0.60);
    }

    [Fact]
    public void An_explicit_initializer_of_the_wrong_shape_names_both_shapes()
    {
        var init = new ExplicitInitializer((new double[3, 2], null));

        var act = () => Network.Create(2, [new LayerDefinition(2)], init, seed: 0);

        act.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("3×2") && e.Message.Contains("2×2"));
    }
}
