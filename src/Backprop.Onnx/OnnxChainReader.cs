using System.Globalization;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Backprop.Onnx;

/// <summary>
/// Walks an untrusted ONNX graph from its one input to its output and reads it as a chain of dense layers: Gemm, or
/// MatMul (+ Add), each with at most one activation, with Backprop's own input scaling before them, target
/// unscaling after them and label output beside them. Every tensor between the nodes must feed exactly one node
/// (Backprop's leaky ReLU, Max(net, α·net), being the one pattern that reads a tensor twice); every node must be
/// on the chain; anything else is an <see cref="OnnxFormatException"/> naming the node and its operator.
/// </summary>
internal sealed partial class OnnxChainReader
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private readonly GraphProto _graph;
    private readonly OnnxImportLimits _limits;
    private readonly Dictionary<string, Constant> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<NodeProto, int> _index = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<NodeProto> _used = new(ReferenceEqualityComparer.Instance);
    private readonly List<OnnxLayer> _layers = [];
    private int _type;

    /// <summary>Whether the layers run in float between a Cast to float and a Cast back to double, as Backprop
    /// exports a float32 network inside a model of double input and output: 0 no, 1 inside, 2 after the Cast back.</summary>
    private int _layerCast;
    private int? _rank;
    private int? _width;
    private long _parameters;

    private OnnxChainReader(GraphProto graph, OnnxImportLimits limits)
    {
        _graph = graph;
        _limits = limits;
    }

    /// <summary>Reads the chain of <paramref name="graph"/>, whose model declares opset 13 or later (checked by the
    /// caller: the Softmax of earlier opsets flattens its input from the axis on).</summary>
    public static OnnxChain Read(GraphProto graph, OnnxImportLimits limits) => new OnnxChainReader(graph, limits).Walk();

    private OnnxChain Walk()
    {
        Register();
        string input = ReadInput();
        string x = input;
        OnnxAffine? inputScaling = null, targetScaling = null;
        var label = OnnxLabel.None;
        (string Node, double[] W, int Out, int In, double[]? B)? linear = null;
        void Flush(Activation activation)
        {
            if (linear is { } l) _layers.Add(new OnnxLayer(l.Node, l.W, l.Out, l.In, l.B, activation));
            linear = null;
        }

        while (Next(ref x) is { } node)
        {
            bool start = _layers.Count == 0 && linear is null && inputScaling is null;
            if (node.OpType == "Cast" && _layerCast == 0 && _layers.Count == 0 && linear is null && _type == (int)DataType.Double)
            {
                // Backprop's float32 network in a double model: the layers' weights and tensors are float from here.
                Expect(node, 1, 1, "to");
                if (Int(node, "to", 0) != (int)DataType.Float) throw Unsupported(node);
                _used.Add(node);
                x = Output(node);
                (_type, _layerCast) = ((int)DataType.Float, 1);
                continue;
            }
            if (node.OpType == "Cast" && _layerCast == 1 && (linear is not null || _layers.Count > 0))
            {
                Expect(node, 1, 1, "to");
                if (Int(node, "to", 0) != (int)DataType.Double) throw At(node, "casts the layers' float outputs to another type than double, the model's input type.");
                Flush(Activation.Identity);
                _used.Add(node);
                x = Output(node);
                (_type, _layerCast) = ((int)DataType.Double, 2);
                continue;
            }
            if (node.OpType is "Gemm" or "MatMul" && _layerCast == 2)
                throw At(node, "follows the Cast of the float layers back to double; one precision of layers is read.");
            if (node.OpType is "Gemm" or "MatMul")
            {
                Flush(Activation.Identity);
                if (_layers.Count + 1 > _limits.MaxLayers)
                    throw At(node, string.Create(C, $"is layer {_layers.Count + 1}; at most {_limits.MaxLayers} layers are read (OnnxImportLimits.MaxLayers)."));
                linear = node.OpType == "Gemm" ? ReadGemm(node, ref x) : ReadMatMul(node, ref x);
            }
            else if (IsActivation(node, x))
            {
                if (linear is null)
                    throw At(node, _layers.Count == 0
                        ? "is an activation before any Gemm or MatMul; each activation follows a dense layer."
                        : "follows another activation; a dense layer has one activation (a Gemm or MatMul between them is missing).");
                Flush(ReadActivation(node, ref x));
            }
            else if (node.OpType == "Sub" && start) inputScaling = ReadInputScaling(node, ref x);
            else if (node.OpType == "Mul" && (linear is not null || _layers.Count > 0))
            {
                Flush(Activation.Identity);
                targetScaling = ReadTargetScaling(node, ref x);
                if (Next(ref x) is { } after) throw At(after, "follows the target unscaling (Mul, then Add), which ends Backprop's graph.");
                break;
            }
            else if (node.OpType is "ArgMax" or "GreaterOrEqual" && (linear is not null || _layers.Count > 0))
            {
                Flush(Activation.Identity);
                label = ReadLabel(node, x);
                break;
            }
            else throw Unsupported(node);
        }
        Flush(Activation.Identity);
        if (_layers.Count == 0) throw new OnnxFormatException("graph", $"has no Gemm or MatMul between its input '{input}' and its output; a network needs at least one dense layer.");
        CheckEnd(x, label);
        if (_layerCast == 1) throw new OnnxFormatException("graph", "casts its input to float but never casts the layers' outputs back to double.");
        var precision = _type == (int)DataType.Float ? OnnxPrecision.SinglePrecision : OnnxPrecision.DoublePrecision;
        return new OnnxChain(precision, _layers[0].Inputs, inputScaling, _layers, targetScaling, label) { FloatLayers = _layerCast == 2 };
    }

    /// <summary>Registers the constants (initializers, Constant nodes) and every node's inputs, checking counts and tensors.</summary>
    private void Register()
    {
        if (_graph.Node.Count > _limits.MaxNodes)
            throw new OnnxFormatException("graph", string.Create(C, $"has {_graph.Node.Count} nodes; at most {_limits.MaxNodes} are read (OnnxImportLimits.MaxNodes)."));
        if (_graph.Initializer.Count > _limits.MaxNodes)
            throw new OnnxFormatException("graph", string.Create(C, $"has {_graph.Initializer.Count} initializers; at most {_limits.MaxNodes} are read (OnnxImportLimits.MaxNodes)."));
        if (_graph.SparseInitializer.Count > 0)
            throw new OnnxFormatException("graph", "has sparse initializers; only dense tensors are read.");
        foreach (var tensor in _graph.Initializer)
            AddConstant(tensor.Name, tensor, $"initializer '{tensor.Name}'");
        for (int i = 0; i < _graph.Node.Count; i++)
        {
            var node = _graph.Node[i];
            _index[node] = i;
            if (node.Domain is not ("" or "ai.onnx"))
                throw At(node, $"is in the operator domain '{node.Domain}'; only the standard ONNX operators are read.");
            if (node.OpType == "Constant")
            {
                ReadConstantNode(node);
                continue;
            }
            foreach (string input in node.Input.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (!_consumers.TryGetValue(input, out var list)) _consumers[input] = list = [];
                list.Add(node);
            }
        }
    }

    /// <summary>The graph's one input that is not an initializer: its element type, rank and width.</summary>
    private string ReadInput()
    {
        var inputs = _graph.Input.Where(v => !_constants.ContainsKey(v.Name)).ToList();
        if (inputs.Count != 1)
            throw new OnnxFormatException("graph", inputs.Count == 0
                ? "has no input that is not an initializer; a network reads one input."
                : $"has {inputs.Count} inputs ({string.Join(", ", inputs.Select(v => "'" + v.Name + "'"))}); a network reads one input.");
        var value = inputs[0];
        string at = $"graph input '{value.Name}'";
        if (value.Type?.TensorType is not { } tensor)
            throw new OnnxFormatException(at, "is not a tensor.");
        if (tensor.ElemType is not ((int)DataType.Float or (int)DataType.Double))
            throw new OnnxFormatException(at, $"is tensor({OnnxTensors.TypeName(tensor.ElemType)}); a network reads float32 or float64.");
        _type = tensor.ElemType;
        if (tensor.Shape is not { } shape) return value.Name;
        if (shape.Dim.Count is 0 or > OnnxTensors.MaxRank)
            throw new OnnxFormatException(at, string.Create(C, $"has {shape.Dim.Count} dimensions; a network reads rows of features: [N, features] (or [N, …, features], 1 to {OnnxTensors.MaxRank} dimensions)."));
        _rank = shape.Dim.Count;
        for (int d = 0; d < shape.Dim.Count; d++)
        {
            var dim = shape.Dim[d];
            if (dim.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue) continue;
            if (dim.DimValue < 1)
                throw new OnnxFormatException(at, string.Create(C, $"dimension {d} is {dim.DimValue}; a size is at least 1."));
            if (d == shape.Dim.Count - 1)
            {
                if (dim.DimValue > int.MaxValue)
                    throw new OnnxFormatException(at, string.Create(C, $"declares {dim.DimValue} features; at most {int.MaxValue} are read."));
                _width = (int)dim.DimValue;
            }
        }
        return value.Name;
    }

    /// <summary>Checks that the chain ends at a graph output and that every output and node is the chain's.</summary>
    private void CheckEnd(string x, OnnxLabel label)
    {
        string? labelName = label == OnnxLabel.None ? null : _labelOutput;
        if (!_graph.Output.Any(o => o.Name == x))
            throw new OnnxFormatException("graph", $"the chain of layers ends at tensor '{x}', which is not a graph output.");
        foreach (var output in _graph.Output)
            if (output.Name != x && output.Name != labelName)
                throw new OnnxFormatException($"graph output '{output.Name}'", $"is not computed by the chain of layers, which ends at '{x}'; only the network's output (and a classifier's label) are read.");
        foreach (var node in _graph.Node)
            if (!_used.Contains(node))
                throw At(node, "is not on the chain from the input to the output: the graph branches or holds a second path; only a chain of layers is read.");
    }

    /// <summary>
    /// The next node after tensor <paramref name="x"/>, or null when nothing reads it. Identity, and a Flatten or
    /// Reshape that leaves the tensor as it is, are stepped over (moving <paramref name="x"/> on). A tensor read by
    /// more than one node is a branch, unless the two are Backprop's leaky ReLU (then the Mul is returned).
    /// </summary>
    private NodeProto? Next(ref string x)
    {
        while (true)
        {
            if (!_consumers.TryGetValue(x, out var readers) || readers.Count == 0) return null;
            NodeProto node;
            if (readers.Count == 2 && LeakyMul(x, readers) is { } mul) node = mul;
            else if (readers.Count > 1)
                throw At(readers[1], $"reads tensor '{x}', which {Location(readers[0])} reads too: the graph branches; only a chain of layers, each tensor feeding the next node, is read.");
            else node = readers[0];
            if (_used.Contains(node)) throw At(node, $"reads tensor '{x}' again: the graph has a cycle.");
            if (!IsIdentity(node, x)) return node;
            _used.Add(node);
            x = Output(node);
        }
    }

    /// <summary>The node's one output name.</summary>
    private string Output(NodeProto node)
    {
        if (node.Output.Count != 1 || node.Output[0].Length == 0)
            throw At(node, string.Create(C, $"writes {node.Output.Count} outputs; the nodes of a dense chain write one."));
        return node.Output[0];
    }

    /// <summary>Checks the node has <paramref name="min"/> to <paramref name="max"/> inputs and only the named attributes.</summary>
    private void Expect(NodeProto node, int min, int max, params string[] attributes)
    {
        if (node.Input.Count < min || node.Input.Count > max)
            throw At(node, string.Create(C, $"has {node.Input.Count} inputs; {node.OpType} takes {(min == max ? min.ToString(C) : $"{min} to {max}")} here."));
        foreach (var a in node.Attribute)
            if (!attributes.Contains(a.Name))
                throw At(node, $"has the attribute '{a.Name}', which is not read" + (attributes.Length == 0 ? "." : $" (only {string.Join(", ", attributes)})."));
    }

    private long Int(NodeProto node, string name, long fallback)
    {
        var a = node.Attribute.FirstOrDefault(a => a.Name == name);
        if (a is null) return fallback;
        return a.Type == AttributeProto.Types.AttributeType.Int ? a.I : throw At(node, $"attribute '{name}' is not an integer.");
    }

    private float Float(NodeProto node, string name, float fallback)
    {
        var a = node.Attribute.FirstOrDefault(a => a.Name == name);
        if (a is null) return fallback;
        return a.Type == AttributeProto.Types.AttributeType.Float ? a.F : throw At(node, $"attribute '{name}' is not a float.");
    }

    private string Location(NodeProto node) => $"node '{NodeName(node)}' ({node.OpType})";

    private string NodeName(NodeProto node) => node.Name.Length > 0 ? node.Name : "#" + _index[node].ToString(C);

    private OnnxFormatException At(NodeProto node, string problem) => new(NodeName(node), node.OpType, problem);

    private OnnxFormatException Unsupported(NodeProto node) => At(node, node.OpType switch
    {
        "Conv" or "ConvTranspose" or "ConvInteger" or "QLinearConv" => "is a convolution; only dense layers (Gemm, or MatMul + Add) and their activations are read.",
        "Add" => "adds two computed tensors (a residual or a second path); only a chain of dense layers is read.",
        "Sub" or "Div" => "is read only as Backprop's input scaling, Sub then Div, before the first layer.",
        "Mul" => "is read only as Backprop's target unscaling (after the last layer) or leaky ReLU, Max(net, α·net).",
        _ => $"is not read: the operator {node.OpType} is none of Gemm, MatMul, Add (a MatMul's bias), Relu, Sigmoid, Tanh, LeakyRelu, Softmax (last axis), Identity, and Flatten or Reshape that change nothing.",
    });
}
