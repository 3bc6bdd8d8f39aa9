using System.Globalization;

namespace Backprop.Internal;

/// <summary>
/// Refuses, before anything is allocated, a layer that cannot exist: more weights than one array holds
/// (<see cref="Array.MaxLength"/>), or parameters that would take more than
/// <see cref="MaxShareOfAvailableMemory"/> of the memory the process can have. Sizes are computed in
/// <see cref="long"/>, so no product overflows.
/// </summary>
internal static class ParameterMemory
{
    /// <summary>The share of the memory the process can have that a network's parameters may take: a quarter,
    /// because training holds three more arrays of their size (the gradients and, for Adam, two moments), and
    /// creating a layer copies its weights once.</summary>
    public const double MaxShareOfAvailableMemory = 0.25;

    /// <summary>Bytes per float64 parameter (a double).</summary>
    public const int BytesPerValue = sizeof(double);

    /// <summary>Bytes per parameter of a precision: 8 for float64, 4 for float32.</summary>
    public static int BytesPer(Precision precision) => precision == Precision.Float32 ? sizeof(float) : sizeof(double);

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The memory the process can have, in bytes: <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>
    /// (the physical memory, or a container's or the GC heap's hard limit); 0 or less when unknown.</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The bytes of a layer's parameters: outputs × inputs weights and a bias per output (a layer always
    /// holds its bias array, zeros with <see cref="BiasMode.None"/>).</summary>
    public static long Bytes(long outputs, long inputs, Precision precision = Precision.Float64) =>
        (outputs * inputs + outputs) * BytesPer(precision);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a layer of <paramref name="outputs"/> ×
    /// <paramref name="inputs"/> has more weights than one array holds.</summary>
    /// <param name="name">How the message names the layer, e.g. "layers[1]".</param>
    /// <param name="outputs">Its neurons.</param>
    /// <param name="inputs">Its inputs.</param>
    /// <param name="paramName">The argument to blame.</param>
    public static void CheckShape(string name, int outputs, int inputs, string paramName)
    {
        long weights = (long)outputs * inputs;
        if (weights > Array.MaxLength)
            throw new ArgumentOutOfRangeException(paramName, string.Create(C,
                $"{name} is {Guard.Shape(outputs, inputs)} (outputs × inputs): {weights:N0} weights, more than the {Array.MaxLength:N0} one array can hold."));
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="bytes"/> of parameters exceed
    /// <see cref="MaxShareOfAvailableMemory"/> of <paramref name="available"/> (no check when it is unknown, ≤ 0).</summary>
    /// <param name="name">How the message names the layer, e.g. "layers[1]".</param>
    /// <param name="outputs">Its neurons.</param>
    /// <param name="inputs">Its inputs.</param>
    /// <param name="bytes">The bytes needed.</param>
    /// <param name="whose">Whose bytes they are, e.g. "its parameters" or "the parameters of layers[0] to layers[2]".</param>
    /// <param name="available">The memory the process can have, from <see cref="AvailableBytes"/>.</param>
    /// <param name="paramName">The argument to blame.</param>
    /// <param name="precision">The precision of the parameters, for the message's bytes per value.</param>
    public static void CheckMemory(string name, int outputs, int inputs, long bytes, string whose, long available, string paramName,
        Precision precision = Precision.Float64)
    {
        if (available <= 0) return;
        long allowed = (long)(available * MaxShareOfAvailableMemory);
        if (bytes > allowed)
            throw new ArgumentOutOfRangeException(paramName,
                string.Create(C, $"{name} is {Guard.Shape(outputs, inputs)} (outputs × inputs): {whose} need {bytes:N0} bytes ({BytesPer(precision)} per weight and bias), ")
                + string.Create(C, $"more than the {allowed:N0} bytes they may take, a quarter of the {available:N0} bytes this process can have, ")
                + "since training holds three more arrays of their size.");
    }

    /// <summary>Checks the layers of <see cref="Network.Create(int, IEnumerable{LayerDefinition}, IWeightInitializer, Random, Loss?, Precision)"/>
    /// one after the other: each layer's shape, then the bytes of all parameters up to it.</summary>
    /// <param name="inputSize">The network's inputs.</param>
    /// <param name="layers">The definitions, none null.</param>
    /// <param name="available">The memory the process can have, from <see cref="AvailableBytes"/>.</param>
    /// <param name="paramName">The argument to blame.</param>
    /// <param name="precision">The precision the network's parameters will have.</param>
    public static void CheckNetwork(int inputSize, IReadOnlyList<LayerDefinition> layers, long available, string paramName,
        Precision precision = Precision.Float64)
    {
        long total = 0;
        int fanIn = inputSize;
        for (int i = 0; i < layers.Count; i++)
        {
            string name = string.Create(C, $"layers[{i}]");
            int outputs = layers[i].Size;
            CheckShape(name, outputs, fanIn, paramName);
            total += Bytes(outputs, fanIn, precision);
            CheckMemory(name, outputs, fanIn, total, i == 0 ? "its parameters" : string.Create(C, $"the parameters of layers[0] to layers[{i}]"),
                available, paramName, precision);
            fanIn = outputs;
        }
    }
}
