namespace Backprop.Onnx;

/// <summary>One dense layer read from a graph: net = W·x + b, out = f(net).</summary>
/// <param name="Node">The Gemm or MatMul node it came from, for messages.</param>
/// <param name="Weights">W row by row, outputs × inputs (Backprop's layout).</param>
/// <param name="Outputs">The layer's neurons.</param>
/// <param name="Inputs">The values it reads per sample.</param>
/// <param name="Bias">b, one per neuron, or null when the graph adds none.</param>
/// <param name="Activation">f.</param>
internal sealed record OnnxLayer(string Node, double[] Weights, int Outputs, int Inputs, double[]? Bias, Activation Activation);

/// <summary>A per-feature affine map read from a graph: Backprop's (x − offset) / scale, 0 where scale is 0.</summary>
/// <param name="Offset">What is subtracted (or, for a target unscaling, added back).</param>
/// <param name="Scale">The divisor (or multiplier), ≥ 0.</param>
internal sealed record OnnxAffine(double[] Offset, double[] Scale);

/// <summary>How a graph derives a classifier's label output from its main output, if it does.</summary>
internal enum OnnxLabel
{
    /// <summary>No label output.</summary>
    None,

    /// <summary>ArgMax over the outputs.</summary>
    ArgMax,

    /// <summary>One sigmoid output compared with 0.5.</summary>
    Threshold,
}

/// <summary>What <see cref="OnnxChainReader"/> found: a chain from the one input to the output.</summary>
/// <param name="Precision">The element type of the input and of every weight.</param>
/// <param name="Features">The values per sample the first layer reads.</param>
/// <param name="InputScaling">Backprop's Sub/Div (and Where) scaling before the layers, or null.</param>
/// <param name="Layers">The layers, first hidden layer first.</param>
/// <param name="TargetScaling">Backprop's Mul/Add target unscaling after the layers, or null.</param>
/// <param name="Label">The label output's form.</param>
internal sealed record OnnxChain(OnnxPrecision Precision, int Features, OnnxAffine? InputScaling, IReadOnlyList<OnnxLayer> Layers,
    OnnxAffine? TargetScaling, OnnxLabel Label)
{
    /// <summary>Whether the layers are float between Casts in a double model (Backprop's export of a float32 network
    /// inside a model).</summary>
    public bool FloatLayers { get; init; }
}
