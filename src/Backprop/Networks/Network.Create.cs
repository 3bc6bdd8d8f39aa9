using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

public sealed partial class Network
{
    /// <summary>Creates a network with weights drawn by <paramref name="initializer"/> from <c>new Random(seed)</c>.</summary>
    /// <param name="inputSize">The number of inputs per sample; at least 1.</param>
    /// <param name="layers">The layers' sizes, activations, bias modes and dropout rates, first hidden layer first.</param>
    /// <param name="initializer">Draws the initial weights, e.g. <see cref="UniformInitializer"/>.</param>
    /// <param name="seed">The seed; the same seed gives bit-identical weights.</param>
    /// <param name="loss">The loss; <see cref="Loss.HalfSquaredError"/> when null.</param>
    /// <param name="precision">The network's precision (default <see cref="Precision.Float64"/>); see the other overload.</param>
    /// <exception cref="ArgumentOutOfRangeException">A layer has more weights than one array holds, or the
    /// parameters would take more than a quarter of the memory the process can have (see the other overload).</exception>
    public static Network Create(int inputSize, IEnumerable<LayerDefinition> layers, IWeightInitializer initializer,
        int seed, Loss? loss = null, Precision precision = Precision.Float64) =>
        Create(inputSize, layers, initializer, new Random(seed), loss, precision);

    /// <summary>Creates a network with weights drawn by <paramref name="initializer"/> from the given random source,
    /// layer by layer in order.</summary>
    /// <param name="inputSize">The number of inputs per sample; at least 1.</param>
    /// <param name="layers">The layers' sizes, activations, bias modes and dropout rates, first hidden layer first.</param>
    /// <param name="initializer">Draws the initial weights, e.g. <see cref="UniformInitializer"/>.</param>
    /// <param name="random">The random source, seeded by the caller.</param>
    /// <param name="loss">The loss; <see cref="Loss.HalfSquaredError"/> when null.</param>
    /// <param name="precision">The network's precision (default <see cref="Precision.Float64"/>). The initializer
    /// draws in double exactly as for a float64 network; a float32 network then rounds each draw to the nearest
    /// float once, so the float32 network of a seed is the float64 network of that seed, rounded.</param>
    /// <exception cref="ArgumentOutOfRangeException">Before anything is allocated: the precision is not defined, a
    /// layer has more weights than one array holds (<see cref="Array.MaxLength"/>), or the parameters (8 bytes per
    /// weight and bias in float64, 4 in float32) would take
    /// more than a quarter of the memory the process can have (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>),
    /// since training holds three more arrays of their size. The message names the layer, its shape and the bytes
    /// needed and allowed.</exception>
    /// <exception cref="ArgumentException">Before anything is allocated: the last definition (the output layer) has a
    /// <see cref="LayerDefinition.Dropout"/> rate.</exception>
    public static Network Create(int inputSize, IEnumerable<LayerDefinition> layers, IWeightInitializer initializer,
        Random random, Loss? loss = null, Precision precision = Precision.Float64)
    {
        Guard.AtLeast(inputSize, 1, nameof(inputSize));
        Precisions.Checked(precision, nameof(precision));
        Guard.NotNull(layers, nameof(layers));
        Guard.NotNull(initializer, nameof(initializer));
        Guard.NotNull(random, nameof(random));
        var definitions = layers.ToList();
        int nullAt = definitions.FindIndex(d => d is null);
        if (nullAt >= 0) throw new ArgumentException($"layers[{nullAt}] is null.", nameof(layers));
        if (definitions.Count > 0 && definitions[^1].Dropout != 0)
            throw OutputDropout(definitions.Count - 1, definitions[^1].Dropout, nameof(layers));
        ParameterMemory.CheckNetwork(inputSize, definitions, ParameterMemory.AvailableBytes(), nameof(layers), precision);
        var built = new List<DenseLayer>();
        int fanIn = inputSize;
        foreach (var d in definitions)
        {
            var w = Matrix<double>.Build.Dense(d.Size, fanIn);
            var b = Vector<double>.Build.Dense(d.Size);
            initializer.Initialize(built.Count, w, b, d.BiasMode != BiasMode.None, random);
            var bias = d.BiasMode == BiasMode.None ? null : b;
            built.Add(precision == Precision.Float32
                ? DenseLayer.Rounded(w, bias, d.Activation, d.BiasMode, d.Dropout)
                : new DenseLayer(w, bias, d.Activation, d.BiasMode) { Dropout = d.Dropout });
            fanIn = d.Size;
        }
        return new Network(built, loss);
    }
}
