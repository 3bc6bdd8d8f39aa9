using Backprop.Internal;

namespace Backprop.Tests.Activations;

/// <summary>
/// A value's activation must not depend on where it sits: at any offset of a block of any length (the vector body,
/// the last one to three values, a block of one) it rounds to the same bits, and alone through the per-value form.
/// </summary>
public class PositionIndependenceTests
{
    /// <summary>Ordinary values, the saturation ends and the clamp ends of the exponential.</summary>
    private static readonly double[] Values =
    [
        0.3775, -1.25, 0, -0.0, 1e-300, -2.5e-310, 3.7, -17.125, 36.7, -36.7, 700, -700, 707.99, -707.99, 708, -708,
        709.5, -709.5, 711, -711, 0.5 * Math.Log(2), -0.5 * Math.Log(2), double.PositiveInfinity, double.NegativeInfinity,
    ];

    /// <summary><see cref="Values"/> and 1000 random ones in (−30, 30), enough that some round apart from
    /// <see cref="Math.Exp"/> and would show a position that takes another exponential (these at the first and
    /// the last offset of each length only: the tail, or the last lane of the vector body).</summary>
    private static readonly double[] ManyValues =
        [.. Values, .. Enumerable.Range(0, 1000).Select(i => new Random(i).NextDouble() * 60 - 30)];

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    /// <summary>Blocks of 1 to 40 random values with <paramref name="value"/> at every offset (or, when not
    /// <paramref name="all"/>, first and last), through <paramref name="block"/>; each time the value's result must
    /// have the bits of <paramref name="alone"/>.</summary>
    private static void EveryOffset(double value, double alone, Action<double[], double[]> block, string what, bool all = true)
    {
        var r = new Random((int)Bits(value) ^ 40);
        for (int length = 1; length <= 40; length++)
            for (int offset = 0; offset < length; offset = all || offset == length - 1 ? offset + 1 : length - 1)
            {
                var x = Enumerable.Range(0, length).Select(_ => r.NextDouble() * 20 - 10).ToArray();
                x[offset] = value;
                var y = new double[length];
                block(x, y);
                Bits(y[offset]).Should().Be(Bits(alone), $"{what}({value:R}) at {offset} of {length}");
            }
    }

    [Fact]
    public void The_exponential_of_a_value_is_the_same_bits_at_every_offset_of_blocks_of_1_to_40()
    {
        foreach (double v in ManyValues)
        {
            var one = new double[1];
            VectorMath.Exp([v], one);
            Bits(VectorMath.Exp(v)).Should().Be(Bits(one[0]), $"exp({v:R}) alone");
            EveryOffset(v, one[0], (x, y) => VectorMath.Exp(x, y), "exp", all: Array.IndexOf(Values, v) >= 0);
        }
    }

    [Fact]
    public void The_sigmoid_of_a_value_is_the_same_bits_at_every_offset_of_blocks_of_1_to_40_and_through_Apply()
    {
        var sigmoid = (ElementwiseActivation)Activation.Sigmoid;
        foreach (double v in ManyValues)
        {
            var one = new double[1];
            sigmoid.Forward([v], one, 1);
            Bits(sigmoid.Apply(v)).Should().Be(Bits(one[0]), $"sigmoid({v:R}) through Apply");
            EveryOffset(v, one[0], (x, y) => sigmoid.Forward(x, y, 1), "sigmoid", all: Array.IndexOf(Values, v) >= 0);
        }
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("relu")]
    [InlineData("leaky-relu")]
    [InlineData("identity")]
    public void Every_other_elementwise_activation_is_the_same_bits_at_every_offset_forward_and_backward(string name)
    {
        var f = (ElementwiseActivation)Activation.Parse(name);
        foreach (double v in Values)
        {
            EveryOffset(v, f.Apply(v), (x, y) => f.Forward(x, y, 1), name);
            double output = f.Apply(v);
            EveryOffset(v, 0.75 * f.Derivative(v, output), (x, y) =>
            {
                var o = new double[x.Length];
                f.Forward(x, o, 1);
                f.Backward(x, o, Enumerable.Repeat(0.75, x.Length).ToArray(), y, 1);
            }, name + "′");
        }
    }

    [Fact]
    public void The_sigmoids_backward_pass_is_the_same_bits_at_every_offset()
    {
        var sigmoid = Activation.Sigmoid;
        foreach (double v in Values.Where(double.IsFinite))
        {
            var o = new double[1];
            sigmoid.Forward([v], o, 1);
            double expected = 0.75 * (o[0] * (1 - o[0]));
            EveryOffset(v, expected, (x, y) =>
            {
                var outputs = new double[x.Length];
                sigmoid.Forward(x, outputs, 1);
                sigmoid.Backward(x, outputs, Enumerable.Repeat(0.75, x.Length).ToArray(), y, 1);
            }, "sigmoid′");
        }
    }

    [Fact]
    public void A_samples_softmax_is_the_same_bits_in_any_column_of_batches_of_up_to_40_values()
    {
        var r = new Random(7);
        for (int neurons = 1; neurons <= 13; neurons++)
        {
            var sample = Enumerable.Range(0, neurons).Select(_ => r.NextDouble() * 30 - 15).ToArray();
            var alone = new double[neurons];
            Activation.Softmax.Forward(sample, alone, neurons);
            for (int batch = 1; batch * neurons <= 40; batch++)
                for (int column = 0; column < batch; column++)
                {
                    var net = Enumerable.Range(0, batch * neurons).Select(_ => r.NextDouble() * 30 - 15).ToArray();
                    sample.CopyTo(net, column * neurons);
                    var output = new double[net.Length];
                    Activation.Softmax.Forward(net, output, neurons);
                    output.Skip(column * neurons).Take(neurons).Select(Bits).Should().Equal(alone.Select(Bits),
                        $"{neurons} neurons, column {column} of {batch}");
                }
        }
    }

    [Theory]
    [InlineData("half-squared-error", "sigmoid")]
    [InlineData("mse", "identity")]
    [InlineData("binary-cross-entropy", "sigmoid")]
    [InlineData("categorical-cross-entropy", "softmax")]
    public void A_samples_loss_terms_gradient_and_fused_delta_are_the_same_bits_in_any_column(string lossName, string activationName)
    {
        var loss = Loss.Parse(lossName);
        var activation = Activation.Parse(activationName);
        var r = new Random(11);
        for (int outputs = 1; outputs <= 7; outputs++)
        {
            double[] Sample() => Enumerable.Range(0, outputs).Select(_ => r.NextDouble() * 40 - 20).ToArray();
            double[] Target() => Enumerable.Range(0, outputs).Select(_ => r.NextDouble()).ToArray();
            var (net, target) = (Sample(), Target());
            var alone = Pass(loss, activation, net, target, outputs);
            for (int batch = 1; batch <= 5; batch++)
                for (int column = 0; column < batch; column++)
                {
                    var nets = Enumerable.Range(0, batch).SelectMany(_ => Sample()).ToArray();
                    var targets = Enumerable.Range(0, batch).SelectMany(_ => Target()).ToArray();
                    net.CopyTo(nets, column * outputs);
                    target.CopyTo(targets, column * outputs);
                    var all = Pass(loss, activation, nets, targets, outputs);
                    for (int part = 0; part < all.Length; part++)
                        all[part].Skip(column * outputs).Take(outputs).Select(Bits).Should().Equal(alone[part].Select(Bits),
                            $"{lossName}, part {part}, {outputs} outputs, column {column} of {batch}");
                }
        }
    }

    /// <summary>out, the terms, ∂E/∂out and (for a fused pair) δ, for a block of samples.</summary>
    private static double[][] Pass(Loss loss, Activation activation, double[] net, double[] target, int outputs)
    {
        var output = new double[net.Length];
        activation.Forward(net, output, outputs);
        var terms = new double[net.Length];
        var gradient = new double[net.Length];
        var delta = new double[net.Length];
        loss.Terms(output, target, terms, outputs);
        loss.Gradient(output, target, gradient, outputs);
        if (loss.FusesWith(activation)) loss.FusedDelta(output, target, delta, outputs);
        return [output, terms, gradient, delta];
    }
}
