using Backprop.Internal;

namespace Backprop;

/// <summary>
/// Clips the gradients of the trained parameters (every weight, and the biases of layers with
/// <see cref="BiasMode.Trainable"/>) before an update, as torch.nn.utils.clip_grad_value_ and clip_grad_norm_ do:
/// first each value to [−<see cref="Value"/>, <see cref="Value"/>], then, when the global norm
/// ‖g‖ = √(Σ over the blocks of ‖g_block‖²) exceeds <see cref="Norm"/>, every gradient times
/// <see cref="Norm"/>/(‖g‖ + 10⁻⁶).
/// </summary>
public sealed record GradientClipping
{
    private readonly double? _norm, _value;

    /// <summary>The largest global norm, positive and finite; no norm clipping when null (the default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive and finite.</exception>
    public double? Norm
    {
        get => _norm;
        init => _norm = Positive(value, nameof(Norm));
    }

    /// <summary>The largest magnitude of one gradient value, positive and finite; no value clipping when null (the default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive and finite.</exception>
    public double? Value
    {
        get => _value;
        init => _value = Positive(value, nameof(Value));
    }

    /// <summary>torch's guard against dividing by a zero norm: the factor is Norm/(‖g‖ + 10⁻⁶).</summary>
    private const double NormGuard = 1e-6;

    internal void Clip<T>(DenseLayer[] layers, Workspace<T> ws) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (_value is { } v)
            for (int l = 0; l < layers.Length; l++)
            {
                Clamp<T>(ws.Layers[l].WeightGradient, v);
                if (layers[l].BiasMode == BiasMode.Trainable) Clamp<T>(ws.Layers[l].BiasGradient, v);
            }
        if (_norm is not { } max) return;
        double squares = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            squares += Square(BlockNorm<T>(ws.Layers[l].WeightGradient));
            if (layers[l].BiasMode == BiasMode.Trainable) squares += Square(BlockNorm<T>(ws.Layers[l].BiasGradient));
        }
        double factor = max / (Math.Sqrt(squares) + NormGuard);
        if (factor >= 1) return;
        for (int l = 0; l < layers.Length; l++)
        {
            Kernels.Scale(ws.Layers[l].WeightGradient, T.CreateTruncating(factor));
            if (layers[l].BiasMode == BiasMode.Trainable) Kernels.Scale(ws.Layers[l].BiasGradient, T.CreateTruncating(factor));
        }
    }

    private static double Square(double x) => x * x;

    private static double BlockNorm<T>(ReadOnlySpan<T> g) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double s = 0;
        foreach (T v in g)
        {
            double x = double.CreateTruncating(v);
            s += x * x;
        }
        return Math.Sqrt(s);
    }

    private static void Clamp<T>(Span<T> g, double v) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T limit = T.CreateTruncating(v);
        for (int i = 0; i < g.Length; i++) g[i] = T.Clamp(g[i], -limit, limit);
    }

    private static double? Positive(double? value, string name)
    {
        if (value is { } x && (!(x > 0) || double.IsInfinity(x)))
            throw new ArgumentOutOfRangeException(name, x, $"{name} must be a positive finite number; got {Guard.Describe(x)}.");
        return value;
    }
}
