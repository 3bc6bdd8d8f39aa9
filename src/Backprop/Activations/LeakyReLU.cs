using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// The leaky rectifier: out = net for net &gt; 0, else α·net; dout/dnet = 1 for net &gt; 0, else α.
/// </summary>
public sealed class LeakyReLU : ElementwiseActivation
{
    /// <summary>Creates the activation with slope α for negative inputs.</summary>
    /// <param name="alpha">α, in [0, 1) (default 0.01).</param>
    /// <exception cref="ArgumentOutOfRangeException">α is outside [0, 1) or NaN.</exception>
    public LeakyReLU(double alpha = 0.01)
    {
        if (!(alpha >= 0 && alpha < 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha must be in [0, 1); got {Guard.Describe(alpha)}.");
        Alpha = alpha;
    }

    /// <summary>α, the slope for negative inputs.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => Alpha == 0.01 ? "leaky-relu" : string.Create(CultureInfo.InvariantCulture, $"leaky-relu({Alpha:R})");

    /// <inheritdoc />
    public override double Apply(double net) => net > 0 ? net : Alpha * net;

    /// <inheritdoc />
    public override double Derivative(double net, double output) => net > 0 ? 1.0 : Alpha;
}
