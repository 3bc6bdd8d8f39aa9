using System.Globalization;

namespace Backprop;

/// <summary>
/// Labels for the numbers of a <see cref="StepTrace"/>. A network with one hidden layer gets the blog's labels
/// (i1, h1, o1, w1..w8 numbered row by row through the layers, b1, b2) together with an unambiguous name for
/// every weight (<c>w[h1←i2]</c>); any other network gets generic ones (<c>l2:j3</c>, <c>w[l2: j3←i1]</c>).
/// </summary>
public sealed class TraceNames
{
    private readonly int[] _firstWeight;
    private readonly bool[] _sharedBias;

    private TraceNames(StepTrace trace)
    {
        BlogStyle = trace.Layers.Count == 2;
        _firstWeight = new int[trace.Layers.Count];
        for (int l = 1; l < trace.Layers.Count; l++)
            _firstWeight[l] = _firstWeight[l - 1] + trace.Layers[l - 1].WeightsBefore.RowCount * trace.Layers[l - 1].WeightsBefore.ColumnCount;
        _sharedBias = trace.Layers.Select(l => l.BiasMode == BiasMode.Frozen && l.BiasBefore.Distinct().Count() == 1).ToArray();
    }

    /// <summary>The names for a trace.</summary>
    /// <param name="trace">The trace.</param>
    public static TraceNames For(StepTrace trace) => new(trace ?? throw new ArgumentNullException(nameof(trace)));

    /// <summary>True when the blog's labels are used (one hidden layer).</summary>
    public bool BlogStyle { get; }

    /// <summary>The name of input i (0-based) of the network: i1, i2, …</summary>
    /// <param name="i">The 0-based input index.</param>
    public static string Input(int i) => "i" + (i + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The name of neuron j of layer l: h1/o1 in the blog's style, else l2:j3 (all 1-based).</summary>
    /// <param name="layer">The 0-based layer.</param>
    /// <param name="j">The 0-based neuron.</param>
    public string Neuron(int layer, int j) => BlogStyle
        ? (layer == 0 ? "h" : "o") + N(j)
        : $"l{N(layer)}:j{N(j)}";

    /// <summary>The name of input i of layer l: the previous layer's neuron, or the network input.</summary>
    /// <param name="layer">The 0-based layer.</param>
    /// <param name="i">The 0-based input of that layer.</param>
    public string LayerInput(int layer, int i) => layer == 0 ? Input(i) : Neuron(layer - 1, i);

    /// <summary>The weight's label: the blog's w5, or the generic w[l2: j3←i1].</summary>
    /// <param name="layer">The 0-based layer.</param>
    /// <param name="j">The 0-based neuron (row).</param>
    /// <param name="i">The 0-based input (column).</param>
    /// <param name="inputs">The layer's number of inputs.</param>
    public string Weight(int layer, int j, int i, int inputs) => BlogStyle
        ? "w" + (_firstWeight[layer] + j * inputs + i + 1).ToString(CultureInfo.InvariantCulture)
        : Unambiguous(layer, j, i);

    /// <summary>The weight's unambiguous name: w[h1←i2] (into h1 from i2), or w[l2: j3←i1].</summary>
    /// <param name="layer">The 0-based layer.</param>
    /// <param name="j">The 0-based neuron (row).</param>
    /// <param name="i">The 0-based input (column).</param>
    public string Unambiguous(int layer, int j, int i) => BlogStyle
        ? $"w[{Neuron(layer, j)}←{LayerInput(layer, i)}]"
        : $"w[l{N(layer)}: j{N(j)}←i{N(i)}]";

    /// <summary>The bias's label: the blog's b1/b2 for a frozen bias shared by a layer, else b[h1] or b[l2: j3].</summary>
    /// <param name="layer">The 0-based layer.</param>
    /// <param name="j">The 0-based neuron.</param>
    public string Bias(int layer, int j) =>
        BlogStyle && _sharedBias[layer] ? "b" + N(layer) : BlogStyle ? $"b[{Neuron(layer, j)}]" : $"b[l{N(layer)}: j{N(j)}]";

    private static string N(int zeroBased) => (zeroBased + 1).ToString(CultureInfo.InvariantCulture);
}
