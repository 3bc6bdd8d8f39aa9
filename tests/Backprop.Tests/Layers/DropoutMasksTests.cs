namespace Backprop.Tests.Layers;

public class DropoutMasksTests
{
    [Fact]
    public void The_mixer_is_splitmix64_whose_stream_from_zero_starts_as_published()
    {
        // Vigna's splitmix64.c seeded with 0: the first two outputs.
        DropoutMasks.Mix(0x9E3779B97F4A7C15).Should().Be(0xE220A8397B1DCDAF);
        DropoutMasks.Mix(unchecked(2 * 0x9E3779B97F4A7C15)).Should().Be(0x6E789E6AA1B965F4);
    }

    [Fact]
    public void A_block_split_into_column_chunks_gets_the_masks_of_the_whole_block()
    {
        const ulong Gamma = 0x9E3779B97F4A7C15;
        var whole = new double[7 * 40];
        DropoutMasks.Fill(whole, 0.4, 12345);
        var chunks = new double[whole.Length];

        // Samples 0–12, 13–29 and 30–39 of a 7-neuron layer, each chunk starting its stream at its first value.
        foreach (var (from, to) in new[] { (0, 13), (13, 30), (30, 40) })
            DropoutMasks.Fill(chunks.AsSpan(7 * from, 7 * (to - from)), 0.4, unchecked(12345 + (ulong)(7 * from) * Gamma));

        chunks.Should().Equal(whole);
        whole.Should().Contain(0.0).And.Contain(1.0 / 0.6);
    }

    [Fact]
    public void Uniform_takes_the_top_53_bits()
    {
        DropoutMasks.Uniform(0).Should().Be(0);
        DropoutMasks.Uniform(ulong.MaxValue).Should().Be(1 - Math.Pow(2, -53));
        DropoutMasks.Uniform(1UL << 63).Should().Be(0.5);
    }

    [Fact]
    public void Seeding_restarts_the_step_count_and_continuing_copies_it()
    {
        var a = new DropoutMasks();
        var network = Network.Create(2, [new LayerDefinition(3) { Dropout = 0.5 }, new LayerDefinition(1)], new UniformInitializer(), 1);
        var ws = new Workspace(network, gradients: true).Resize(4);
        a.Draw(network.LayerArray, ws);
        a.Draw(network.LayerArray, ws);
        var third = new DropoutMasks();
        third.ContinueFrom(a);
        var expected = ws.Layers[0].MaskValues(4).ToArray();

        a.Steps.Should().Be(2);
        third.Draw(network.LayerArray, ws);
        a.Draw(network.LayerArray, ws);
        var fromCopy = ws.Layers[0].MaskValues(4).ToArray();
        a.Seed(0);
        a.Steps.Should().Be(0);

        fromCopy.Should().NotEqual(expected);
        third.Steps.Should().Be(3);
    }
}
