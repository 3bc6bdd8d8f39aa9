using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

/// <summary>The logistic sigmoid: out = 1 / (1 + e^(−net)); dout/dnet = out·(1 − out).</summary>
public sealed class Sigmoid : ElementwiseActivation
{
    /// <inheritdoc />
    public override string Name => "sigmoid";

    /// <inheritdoc />
    public override double Apply(double net) => 1.0 / (1.0 + Math.Exp(-net));

    /// <inheritdoc />
    public override double Derivative(double net, double output) => output * (1.0 - output);

    /// <inheritdoc />
    /// <remarks>Blocks of 16 values or more use a vectorised exponential (agreeing with <see cref="Math.Exp"/> to
    /// about one unit in the last place); smaller ones compute 1 / (1 + e^(−net)) exactly as written.</remarks>
    public override void Forward(ReadOnlySpan<double> net, Span<double> output, int neurons)
    {
        if (net.Length >= 16) Internal.VectorMath.Sigmoid(net, output[..net.Length]);
        else for (int i = 0; i < net.Length; i++) output[i] = 1.0 / (1.0 + Math.Exp(-net[i]));
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<double> net, ReadOnlySpan<double> output,
        ReadOnlySpan<double> outputGradient, Span<double> delta, int neurons)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && net.Length >= 16)
        {
            // The same three roundings per value as below, four values at a time.
            ref double o = ref MemoryMarshal.GetReference(output[..net.Length]);
            ref double g = ref MemoryMarshal.GetReference(outputGradient[..net.Length]);
            ref double d = ref MemoryMarshal.GetReference(delta[..net.Length]);
            var one = Vector256.Create(1.0);
            for (; i + 4 <= net.Length; i += 4)
            {
                var oi = Vector256.LoadUnsafe(ref o, (nuint)i);
                (Vector256.LoadUnsafe(ref g, (nuint)i) * (oi * (one - oi))).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < net.Length; i++) delta[i] = outputGradient[i] * (output[i] * (1.0 - output[i]));
    }
}
