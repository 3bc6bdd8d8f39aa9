namespace Backprop.Tests.Initializers;

public class UniformInitializerTests
{
    private static readonly LayerDefinition[] Layers = [new(5), new(3, Activation.Identity), new(2)];

    [Fact]
    public void The_same_seed_gives_bit_identical_weights()
    {
        var a = Network.Create(4, Layers, new UniformInitializer(), seed: 42);
        var b = Network.Create(4, Layers, new UniformInitializer(), seed: 42);

        for (int l = 0; l < 3; l++)
        {
            a.Layers[l].Weights.ToColumnMajorArray().Should().Equal(b.Layers[l].Weights.ToColumnMajorArray());
            a.Layers[l].Bias.ToArray().Should().Equal(b.Layers[l].Bias.ToArray());
        }
    }

    [Fact]
    public void Another_seed_gives_other_weights()
    {
        var a = Network.Create(4, Layers, new UniformInitializer(), seed: 1);
        var b = Network.Create(4, Layers, new UniformInitializer(), seed: 2);

        a.Layers[0].Weights.ToColumnMajorArray().Should().NotEqual(b.Layers[0].Weights.ToColumnMajorArray());
    }

    [Fact]
    public void Values_are_drawn_neuron_by_neuron_weights_then_bias_and_scaled_into_the_range()
    {
        var network = Network.Create(2, [new LayerDefinition(2), new LayerDefinition(1, biasMode: BiasMode.None)],
            new UniformInitializer(-2, 3), seed: 9);

        var random = new Random(9);
        double Next() => -2 + 5 * random.NextDouble();
        var (hidden, output) = (network.Layers[0], network.Layers[1]);
        foreach (int j in new[] { 0, 1 })
        {
            hidden.Weights[j, 0].Should().Be(Next());
            hidden.Weights[j, 1].Should().Be(Next());
            hidden.Bias[j].Should().Be(Next());
        }
        output.Weights[0, 0].Should().Be(Next());
        output.Weights[0, 1].Should().Be(Next());
        output.Bias[0].Should().Be(0, "a layer without bias draws none");
        network.Layers.SelectMany(l => l.Weights.Enumerate()).Should().OnlyContain(x => x >= -2 && x < 3);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0, 0.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    public void An_empty_or_non_finite_range_is_out_of_range(double low, double high)
    {
        var act = () => new UniformInitializer(low, high);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
