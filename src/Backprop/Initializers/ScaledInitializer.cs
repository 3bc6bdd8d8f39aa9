using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// The fan-scaled initializers: weights drawn from a uniform or normal distribution whose width depends on the
/// layer's fan_in (inputs) and fan_out (neurons); biases start at zero.
/// </summary>
/// <remarks>
/// Weights are drawn row by row (neuron by neuron), each row in input order. Normal values use the Box–Muller
/// transform on two <see cref="Random.NextDouble"/> draws, so the same seed gives the same weights on every machine.
/// </remarks>
public sealed class ScaledInitializer : IWeightInitializer
{
    private readonly Func<int, int, double> _scale;

    private ScaledInitializer(string name, bool normal, Func<int, int, double> scale)
    {
        Name = name;
        IsNormal = normal;
        _scale = scale;
    }

    /// <summary>Glorot (Xavier) uniform: U(−a, a) with a = √(6 / (fan_in + fan_out)) (Glorot &amp; Bengio, 2010).</summary>
    public static ScaledInitializer GlorotUniform { get; } =
        new("glorot-uniform", false, (fanIn, fanOut) => Math.Sqrt(6.0 / (fanIn + fanOut)));

    /// <summary>Glorot (Xavier) normal: N(0, σ²) with σ = √(2 / (fan_in + fan_out)).</summary>
    public static ScaledInitializer GlorotNormal { get; } =
        new("glorot-normal", true, (fanIn, fanOut) => Math.Sqrt(2.0 / (fanIn + fanOut)));

    /// <summary>He (Kaiming) uniform: U(−a, a) with a = √(6 / fan_in) (He et al., 2015), for ReLU layers.</summary>
    public static ScaledInitializer HeUniform { get; } =
        new("he-uniform", false, (fanIn, _) => Math.Sqrt(6.0 / fanIn));

    /// <summary>He (Kaiming) normal: N(0, σ²) with σ = √(2 / fan_in), for ReLU layers.</summary>
    public static ScaledInitializer HeNormal { get; } =
        new("he-normal", true, (fanIn, _) => Math.Sqrt(2.0 / fanIn));

    /// <summary>The name, such as <c>glorot-uniform</c>.</summary>
    public string Name { get; }

    /// <summary>True for the normal forms, false for the uniform ones.</summary>
    public bool IsNormal { get; }

    /// <summary>The bound a of the uniform forms, or σ of the normal forms, for a layer's fans.</summary>
    /// <param name="fanIn">The number of inputs.</param>
    /// <param name="fanOut">The number of neurons.</param>
    public double Scale(int fanIn, int fanOut) => _scale(fanIn, fanOut);

    /// <inheritdoc />
    public void Initialize(int layer, Matrix<double> weights, Vector<double> bias, bool hasBias, Random random)
    {
        Guard.NotNull(weights, nameof(weights));
        Guard.NotNull(random, nameof(random));
        double s = Scale(weights.ColumnCount, weights.RowCount);
        for (int j = 0; j < weights.RowCount; j++)
        for (int i = 0; i < weights.ColumnCount; i++)
            weights[j, i] = IsNormal ? s * StandardNormal(random) : s * (2 * random.NextDouble() - 1);
    }

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    private static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // in (0, 1], so the logarithm is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
