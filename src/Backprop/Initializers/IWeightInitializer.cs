using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>Fills a new layer's weights and bias, usually from a caller-seeded random source.</summary>
public interface IWeightInitializer
{
    /// <summary>Writes initial values into <paramref name="weights"/> (outputs × inputs) and <paramref name="bias"/>.</summary>
    /// <param name="layer">The 0-based index of the layer in the network.</param>
    /// <param name="weights">The weights to fill, outputs × inputs (fan_out × fan_in).</param>
    /// <param name="bias">The bias to fill, one per neuron; it starts at zero.</param>
    /// <param name="hasBias">False when the layer has no bias; the bias must then stay zero.</param>
    /// <param name="random">The random source; the same seed gives the same values.</param>
    void Initialize(int layer, Matrix<double> weights, Vector<double> bias, bool hasBias, Random random);
}
