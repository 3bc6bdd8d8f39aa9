namespace Backprop;

/// <summary>
/// The element type a network computes in: every weight, bias, activation, gradient and optimizer state value of a
/// network has this one precision. <see cref="Float64"/> is the default everywhere.
/// </summary>
/// <remarks>A float32 network created from a seed is the float64 network of that seed with each weight rounded to
/// the nearest float once (<see cref="Network.Create(int, IEnumerable{LayerDefinition}, IWeightInitializer, Random, Loss?, Precision)"/>);
/// <see cref="Network.ToPrecision"/> converts a network either way. Values read out of a float32 network as
/// doubles (<see cref="DenseLayer.Weights"/>, predictions, losses) are exact widenings of its floats.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "The IEEE 754 names float32 and float64 are what the precisions are called, in the CLI, the model file and ONNX alike.")]
public enum Precision
{
    /// <summary>IEEE 754 binary64 (<see cref="double"/>): 53-bit significands, ε = 2⁻⁵² ≈ 2.2e-16. The default.</summary>
    Float64,

    /// <summary>IEEE 754 binary32 (<see cref="float"/>): 24-bit significands, ε = 2⁻²³ ≈ 1.2e-7; half the memory
    /// and twice the SIMD lanes of <see cref="Float64"/>.</summary>
    Float32,
}
