using System.Globalization;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Draws every weight and bias from the uniform distribution on [low, high): low + (high − low)·u with
/// u = <see cref="Random.NextDouble"/>. The default [0, 1) is the tutorials' <c>random()</c>.
/// </summary>
/// <remarks>
/// Values are drawn neuron by neuron (row by row of W), each neuron's weights in input order and then its bias,
/// the order of Brownlee's <c>initialize_network</c>; a bias-free layer draws no bias.
/// </remarks>
public sealed class UniformInitializer : IWeightInitializer
{
    /// <summary>Creates an initializer for [low, high).</summary>
    /// <param name="low">The inclusive lower bound (default 0).</param>
    /// <param name="high">The exclusive upper bound (default 1); greater than <paramref name="low"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite or <paramref name="high"/> ≤ <paramref name="low"/>.</exception>
    public UniformInitializer(double low = 0.0, double high = 1.0)
    {
        if (!double.IsFinite(low)) throw new ArgumentOutOfRangeException(nameof(low), low, "low must be finite.");
        if (!double.IsFinite(high) || !(high > low))
            throw new ArgumentOutOfRangeException(nameof(high), high, string.Create(CultureInfo.InvariantCulture,
                $"high must be finite and greater than low ({low}); got {Guard.Describe(high)}."));
        Low = low;
        High = high;
    }

    /// <summary>The inclusive lower bound.</summary>
    public double Low { get; }

    /// <summary>The exclusive upper bound.</summary>
    public double High { get; }

    /// <inheritdoc />
    public void Initialize(int layer, Matrix<double> weights, Vector<double> bias, bool hasBias, Random random)
    {
        Guard.NotNull(weights, nameof(weights));
        Guard.NotNull(bias, nameof(bias));
        Guard.NotNull(random, nameof(random));
        double width = High - Low;
        for (int j = 0; j < weights.RowCount; j++)
        {
            for (int i = 0; i < weights.ColumnCount; i++) weights[j, i] = Low + width * random.NextDouble();
            if (hasBias) bias[j] = Low + width * random.NextDouble();
        }
    }
}
