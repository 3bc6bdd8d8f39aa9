using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

public sealed partial class Network
{
    /// <summary>Creates a network with weights drawn by <paramref name="initializer"/> from <c>new Random(seed)</c>.</summary>
    /// <param name="inputSize">The number of inputs per sample; at least 1.</param>
    /// <param name="layers">The layers' sizes, activations and bias modes, first hidden layer first.</param>
    /// <param name="initializer">Draws the initial weights, e.g. <see cref="UniformInitializer"/>.</param>
    /// <param name="seed">The seed; the same seed gives bit-identical weights.</param>
    /// <param name="loss">The loss; <see cref="Loss.HalfSquaredError"/> when null.</param>
    public static Network Create(int inputSize, IEnumerable<LayerDefinition> layers, IWeightInitializer initializer,
        int seed, Loss? loss = null) =>
        Create(inputSize, layers, initializer, new Random(seed), loss);

    /// <summary>Creates a network with weights drawn by <paramref name="initializer"/> from the given random source,
    /// layer by layer in order.</summary>
    /// <param name="inputSize">The number of inputs per sample; at least 1.</param>
    /// <param name="layers">The layers' sizes, activations and bias modes, first hidden layer first.</param>
    /// <param name="initializer">Draws the initial weights, e.g. <see cref="UniformInitializer"/>.</param>
    /// <param name="random">The random source, seeded by the caller.</param>
    /// <param name="loss">The loss; <see cref="Loss.HalfSquaredError"/> when null.</param>
    public static Network Create(int inputSize, IEnumerable<LayerDefinition> layers, IWeightInitializer initializer,
        Random random, Loss? loss = null)
    {
        Guard.AtLeast(inputSize, 1, nameof(inputSize));
        Guard.NotNull(layers, nameof(layers));
        Guard.NotNull(initializer, nameof(initializer));
        Guard.NotNull(random, nameof(random));
        var built = new List<DenseLayer>();
        int fanIn = inputSize;
        foreach (var d in layers)
        {
            if (d is null) throw new ArgumentException($"layers[{built.Count}] is null.", nameof(layers));
            var w = Matrix<double>.Build.Dense(d.Size, fanIn);
            var b = Vector<double>.Build.Dense(d.Size);
            initializer.Initialize(built.Count, w, b, d.BiasMode != BiasMode.None, random);
            built.Add(new DenseLayer(w, d.BiasMode == BiasMode.None ? null : b, d.Activation, d.BiasMode));
            fanIn = d.Size;
        }
        return new Network(built, loss);
    }
}
