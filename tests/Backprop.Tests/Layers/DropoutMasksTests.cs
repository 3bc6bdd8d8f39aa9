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
    public void A_continued_stream_draws_the_masks_of_the_step_it_took_over_and_seeding_restarts_at_step_zero()
    {
        var network = Network.Create(2, [new LayerDefinition(8) { Dropout = 0.5 }, new LayerDefinition(1)], new UniformInitializer(), 1);
        var ws = new Workspace<double>(network, gradients: true).Resize(4);
        double[] Draw(DropoutMasks masks)
        {
            masks.Draw(network.LayerArray, ws);
            return ws.Layers[0].MaskValues(4).ToArray();
        }
        var a = new DropoutMasks();
        var stepZero = Draw(a);
        a.Advance();
        a.Advance();
        var copy = new DropoutMasks();
        copy.ContinueFrom(a);

        var stepTwo = Draw(copy);

        copy.Steps.Should().Be(2);
        stepTwo.Should().Equal(Draw(a)).And.NotEqual(stepZero);
        a.Seed(0);
        a.Steps.Should().Be(0);
        Draw(a).Should().Equal(stepZero, "a new stream is seed 0");
        a.Seed(9);
        Draw(a).Should().NotEqual(stepZero);
    }
}
