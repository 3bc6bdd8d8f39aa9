namespace Backprop;

/// <summary>One factor of a chain-rule product, with its label and value.</summary>
/// <param name="Label">The factor, e.g. ∂E/∂out_o1.</param>
/// <param name="Value">Its value.</param>
public sealed record ChainFactor(string Label, double Value);

/// <summary>
/// The chain rule for one weight of a traced step, as the blog shows it for w5 and w1:
/// ∂E/∂w = ∂E/∂out_j · ∂out_j/∂net_j · ∂net_j/∂w (or δ_j · ∂net_j/∂w after a softmax), with ∂E/∂out_j of a
/// hidden neuron broken into the terms δ_k·w_kj it sums (each times m_j/(1 − p) when the layer has dropout, since
/// the next layer read out′_j = out_j·m_j/(1 − p)).
/// </summary>
/// <param name="Weight">The weight's label (w5, or w[l2: j3←i1]).</param>
/// <param name="Unambiguous">Its unambiguous name (w[o1←h1]).</param>
/// <param name="Factors">The factors whose product is the gradient.</param>
/// <param name="OutputGradientTerms">For a hidden neuron, the terms of ∂E/∂out_j = Σ_k δ_k·w_kj (with dropout
/// Σ_k δ_k·w_kj·m_j/(1 − p)); empty for the output layer.</param>
/// <param name="Gradient">∂E/∂w as backpropagation computed it.</param>
public sealed record ChainRule(string Weight, string Unambiguous, IReadOnlyList<ChainFactor> Factors,
    IReadOnlyList<ChainFactor> OutputGradientTerms, double Gradient)
{
    /// <summary>The loss's label: E_total in the blog's style, else E.</summary>
    public string Loss { get; init; } = "E";

    /// <summary>The product of <see cref="Factors"/>, equal to <see cref="Gradient"/> up to rounding.</summary>
    public double Product => Factors.Aggregate(1.0, (p, f) => p * f.Value);

    /// <summary>The chain rule of weight W[j, i] of a layer of the trace.</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="layer">The 0-based layer.</param>
    /// <param name="j">The 0-based neuron (row of W).</param>
    /// <param name="i">The 0-based input (column of W).</param>
    /// <exception cref="ArgumentOutOfRangeException">The layer or weight does not exist.</exception>
    public static ChainRule For(StepTrace trace, int layer, int j, int i)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (layer < 0 || layer >= trace.Layers.Count) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The network has {trace.Layers.Count} layers.");
        var l = trace.Layers[layer];
        if (j < 0 || j >= l.WeightsBefore.RowCount) throw new ArgumentOutOfRangeException(nameof(j), j, $"Layer {layer} has {l.WeightsBefore.RowCount} neurons.");
        if (i < 0 || i >= l.WeightsBefore.ColumnCount) throw new ArgumentOutOfRangeException(nameof(i), i, $"Layer {layer} has {l.WeightsBefore.ColumnCount} inputs.");
        var names = TraceNames.For(trace);
        string n = names.Neuron(layer, j), w = names.Weight(layer, j, i, l.WeightsBefore.ColumnCount);
        string E = names.BlogStyle ? "E_total" : "E";
        var factors = new List<ChainFactor>();
        if (l.IsElementwise)
        {
            factors.Add(new($"∂{E}/∂out_{n}", l.OutputGradient[j]));
            factors.Add(new($"∂out_{n}/∂net_{n}", l.Derivative[j]));
        }
        else
        {
            factors.Add(new($"δ_{n} = ∂{E}/∂net_{n}", l.Delta[j]));
        }
        string source = layer == 0 ? TraceNames.Input(i)
            : (trace.Layers[layer - 1].Mask.Count > 0 ? "out′_" : "out_") + names.LayerInput(layer, i);
        factors.Add(new($"∂net_{n}/∂{w} = {source}", l.Input[i]));

        var terms = new List<ChainFactor>();
        if (layer < trace.Layers.Count - 1)
        {
            var next = trace.Layers[layer + 1];
            bool drops = l.Mask.Count > 0;
            double scale = drops ? l.Mask[j] / (1.0 - l.Dropout) : 1.0;
            for (int k = 0; k < next.Delta.Count; k++)
            {
                string nk = names.Neuron(layer + 1, k);
                string wk = names.Weight(layer + 1, k, j, next.WeightsBefore.ColumnCount);
                terms.Add(drops
                    ? new($"∂E_{nk}/∂out_{n} = δ_{nk}·{wk}·m_{n}/(1 − p)", next.Delta[k] * next.WeightsBefore[k, j] * scale)
                    : new($"∂E_{nk}/∂out_{n} = δ_{nk}·{wk}", next.Delta[k] * next.WeightsBefore[k, j]));
            }
        }
        return new ChainRule(w, names.Unambiguous(layer, j, i), factors, terms, l.WeightGradient[j, i]) { Loss = E };
    }
}
