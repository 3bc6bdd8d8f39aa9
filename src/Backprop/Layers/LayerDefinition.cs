using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>The shape of a dense layer to be created with initial weights: its neuron count, activation, bias mode
/// and dropout rate.</summary>
public sealed record LayerDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="size">The number of neurons (outputs); at least 1.</param>
    /// <param name="activation">The activation; <see cref="Activation.Sigmoid"/> when null.</param>
    /// <param name="biasMode">The bias mode; <see cref="BiasMode.Trainable"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1, more than one array
    /// holds (<see cref="Array.MaxLength"/>), or so large that even with one input the layer's parameters would take
    /// more than a quarter of the memory the process can have (see <see cref="Network.Create(int, IEnumerable{LayerDefinition}, IWeightInitializer, Random, Loss?, Precision)"/>).</exception>
    public LayerDefinition(int size, Activation? activation = null, BiasMode biasMode = BiasMode.Trainable)
    {
        Guard.AtLeast(size, 1, nameof(size));
        if (size > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(size), size, string.Create(CultureInfo.InvariantCulture,
                $"size {size:N0} is more neurons than one array can hold ({Array.MaxLength:N0})."));
        ParameterMemory.CheckMemory(string.Create(CultureInfo.InvariantCulture, $"a layer of size {size}"), size, 1,
            ParameterMemory.Bytes(size, 1), "its parameters (with one input)", ParameterMemory.AvailableBytes(), nameof(size));
        if (!Enum.IsDefined(biasMode)) throw new ArgumentOutOfRangeException(nameof(biasMode), biasMode, "Unknown bias mode.");
        Size = size;
        Activation = activation ?? Activation.Sigmoid;
        BiasMode = biasMode;
    }

    /// <summary>The number of neurons.</summary>
    public int Size { get; }

    /// <summary>The activation (default <see cref="Activation.Sigmoid"/>).</summary>
    public Activation Activation { get; }

    /// <summary>The bias mode (default <see cref="BiasMode.Trainable"/>).</summary>
    public BiasMode BiasMode { get; }

    /// <summary>The dropout rate p ∈ [0, 1) of the layer's outputs in training (default 0: none); see
    /// <see cref="DenseLayer.Dropout"/>. Hidden layers only: <see cref="Network.Create(int, IEnumerable{LayerDefinition}, IWeightInitializer, Random, Loss?, Precision)"/>
    /// refuses it on the last definition.</summary>
    /// <example><c>new LayerDefinition(64, Activation.ReLU) { Dropout = 0.5 }</c></example>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value outside [0, 1), or NaN.</exception>
    public double Dropout { get; init => field = DropoutMasks.CheckRate(value, nameof(Dropout)); }
}
