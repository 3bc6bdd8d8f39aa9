using System.Numerics;

namespace Backprop;

/// <summary>
/// E = −Σ_k [t_k·log out_k + (1 − t_k)·log(1 − out_k)], summed over the outputs (each an independent
/// yes/no probability); ∂E/∂out = (out − t) / (out(1 − out)). Targets must lie in [0, 1].
/// </summary>
/// <remarks>
/// Pairs with the sigmoid, and then is fused: E = Σ [max(net, 0) − net·t + log(1 + e^(−|net|))] and δ = out − t,
/// finite for any finite net. After a softmax (outputs in (0, 1) too) the unfused form is used, with out clamped
/// to [1e-15, 1 − 1e-15] inside the logarithms and the division. Any other output activation is rejected.
/// </remarks>
public sealed class BinaryCrossEntropy : Loss
{
    private const double Eps = 1e-15;

    /// <inheritdoc />
    public override string Name => "binary-cross-entropy";

    /// <inheritdoc />
    public override void CheckOutputActivation(Activation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (activation is not (Sigmoid or Softmax))
            throw new ArgumentException(
                $"binary-cross-entropy needs outputs in (0, 1): use a sigmoid (or softmax) output layer, not {activation.Name}.",
                nameof(activation));
    }

    /// <inheritdoc />
    public override void CheckTargets(ReadOnlySpan<double> target, int outputs, string paramName) =>
        CheckUnitInterval(target, outputs, paramName, Name);

    /// <inheritdoc />
    public override void Terms(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> terms, int outputs)
    {
        for (int i = 0; i < output.Length; i++) terms[i] = Term(output[i], target[i]);
    }

    /// <inheritdoc />
    public override double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs) => ValueOf(output, target);

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient, int outputs) =>
        GradientOf(output, target, gradient);

    /// <inheritdoc />
    public override bool FusesWith(Activation activation) => activation is Sigmoid;

    /// <inheritdoc />
    public override double FusedValue(ReadOnlySpan<double> net, ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs) =>
        FusedValueOf(net, target);

    /// <inheritdoc />
    public override void FusedDelta(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> delta, int outputs) =>
        FusedDeltaOf(output, target, delta);

    /// <inheritdoc />
    /// <remarks>In double, each float widened exactly.</remarks>
    public override double Value(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int outputs) => ValueOf(output, target);

    /// <inheritdoc />
    /// <remarks>In double (out clamped as for doubles), each result rounded to the nearest float.</remarks>
    public override void Gradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int outputs) =>
        GradientOf(output, target, gradient);

    /// <inheritdoc />
    /// <remarks>In double, each float widened exactly.</remarks>
    public override double FusedValue(ReadOnlySpan<float> net, ReadOnlySpan<float> output, ReadOnlySpan<float> target, int outputs) =>
        FusedValueOf(net, target);

    /// <inheritdoc />
    /// <remarks>out − t in float.</remarks>
    public override void FusedDelta(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> delta, int outputs) =>
        FusedDeltaOf(output, target, delta);

    private static double ValueOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++) sum += Term(double.CreateTruncating(output[i]), double.CreateTruncating(target[i]));
        return sum;
    }

    private static void GradientOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < output.Length; i++)
        {
            double o = Math.Clamp(double.CreateTruncating(output[i]), Eps, 1 - Eps);
            gradient[i] = T.CreateTruncating((o - double.CreateTruncating(target[i])) / (o * (1 - o)));
        }
    }

    private static double FusedValueOf<T>(ReadOnlySpan<T> net, ReadOnlySpan<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < net.Length; i++)
        {
            double z = double.CreateTruncating(net[i]);
            sum += Math.Max(z, 0) - z * double.CreateTruncating(target[i]) + Math.Log(1 + Internal.VectorMath.Exp(-Math.Abs(z)));
        }
        return sum;
    }

    private static void FusedDeltaOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> delta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < output.Length; i++) delta[i] = output[i] - target[i];
    }

    private static double Term(double output, double target)
    {
        double o = Math.Clamp(output, Eps, 1 - Eps);
        return -(target * Math.Log(o) + (1 - target) * Math.Log(1 - o));
    }
}
