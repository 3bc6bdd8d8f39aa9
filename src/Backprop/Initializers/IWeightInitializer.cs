using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>Fills a new layer's weights and bias from a caller-seeded random source.</summary>
public interface IWeightInitializer
{
    /// <summary>Writes initial values into <paramref name="weights"/> (outputs × inputs) and <paramref name="bias"/>.</summary>
    /// <param name="weights">The weights to fill, outputs × inputs.</param>
    /// <param name="bias">The bias to fill, one per neuron; left at zero for a layer with <see cref="BiasMode.None"/>.</param>
    /// <param name="hasBias">False when the layer has no bias.</param>
    /// <param name="random">The random source; the same seed gives the same values.</param>
    void Initialize(Matrix<double> weights, Vector<double> bias, bool hasBias, Random random);
}
