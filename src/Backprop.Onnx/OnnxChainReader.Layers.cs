using Onnx;

namespace Backprop.Onnx;

internal sealed partial class OnnxChainReader
{
    /// <summary>A Gemm, Y = A·B + C or A·Bᵀ + C (transB = 1, as PyTorch and Backprop write it), alpha = beta = 1.</summary>
    private (string Node, double[] W, int Out, int In, double[]? B) ReadGemm(NodeProto node, ref string x)
    {
        Expect(node, 2, 3, "alpha", "beta", "transA", "transB");
        RunningFirst(node, x, "A");
        float alpha = Float(node, "alpha", 1), beta = Float(node, "beta", 1);
        if (alpha != 1 || beta != 1)
            throw At(node, Invariant($"has alpha = {alpha} and beta = {beta}; only alpha = beta = 1 is read (Y = A·Bᵀ + C)."));
        if (Int(node, "transA", 0) != 0) throw At(node, "has transA = 1; the running tensor is read as A, one sample per row.");
        long transB = Int(node, "transB", 0);
        if (transB is not (0 or 1)) throw At(node, Invariant($"has transB = {transB}; it is 0 or 1."));
        if (_rank is { } rank && rank != 2) throw At(node, Invariant($"reads a tensor of {rank} dimensions; Gemm reads a matrix [N, features]."));
        _rank = 2;
        var b = Weights(node, 1, "the weights B");
        if (b.Dims.Count != 2)
            throw At(node, $"weights '{node.Input[1]}' have shape {OnnxTensors.Shape(b)}; Gemm's B is a matrix (outputs × inputs with transB = 1).");
        var (outputs, inputs) = transB == 1 ? (b.Dims[0], b.Dims[1]) : (b.Dims[1], b.Dims[0]);
        CheckLayer(node, outputs, inputs, node.Input[1]);
        double[]? bias = null;
        if (node.Input.Count == 3 && node.Input[2].Length > 0)
        {
            var c = Weights(node, 2, "the bias C");
            if (!IsRow(c, outputs))
                throw At(node, Invariant($"bias '{node.Input[2]}' has shape {OnnxTensors.Shape(c)}; a layer of {outputs} neurons adds [{outputs}] (or [1, {outputs}])."));
            bias = Finite(node, node.Input[2], OnnxTensors.Doubles(c));
        }
        var w = Finite(node, node.Input[1], OnnxTensors.Doubles(b));
        x = Use(node);
        _width = (int)outputs;
        return (NodeName(node), transB == 1 ? w : Transpose(w, (int)inputs, (int)outputs), (int)outputs, (int)inputs, bias);
    }

    /// <summary>A MatMul, Y = X·W with W inputs × outputs, and the Add of a bias after it, if there is one.</summary>
    private (string Node, double[] W, int Out, int In, double[]? B) ReadMatMul(NodeProto node, ref string x)
    {
        Expect(node, 2, 2);
        RunningFirst(node, x, "the first factor");
        var w = Weights(node, 1, "the weights");
        if (w.Dims.Count != 2)
            throw At(node, $"weights '{node.Input[1]}' have shape {OnnxTensors.Shape(w)}; a dense layer's weights are a matrix (inputs × outputs).");
        long inputs = w.Dims[0], outputs = w.Dims[1];
        CheckLayer(node, outputs, inputs, node.Input[1]);
        var weights = Finite(node, node.Input[1], OnnxTensors.Doubles(w));
        string y = Use(node);
        _width = (int)outputs;
        double[]? bias = null;
        if (Next(ref y) is { OpType: "Add" } add && BiasAt(add, y) is { } k)
        {
            var c = Weights(add, k, "the bias");
            if (!IsRow(c, outputs))
                throw At(add, Invariant($"bias '{add.Input[k]}' has shape {OnnxTensors.Shape(c)}; a layer of {outputs} neurons adds [{outputs}]."));
            bias = Finite(add, add.Input[k], OnnxTensors.Doubles(c));
            y = Use(add);
        }
        x = y;
        return (NodeName(node), Transpose(weights, (int)inputs, (int)outputs), (int)outputs, (int)inputs, bias);
    }

    /// <summary>Which input of <paramref name="add"/> is a constant added to <paramref name="y"/>, or null when it adds two computed tensors.</summary>
    private int? BiasAt(NodeProto add, string y)
    {
        Expect(add, 2, 2);
        int k = add.Input[0] == y ? 1 : 0;
        return add.Input[k] != y && ConstantAt(add, k) is not null ? k : null;
    }

    /// <summary>Checks a layer's size before its weights are copied: at least one neuron and input, the width of
    /// the tensor it reads, and the parameters within <see cref="OnnxImportLimits.MaxParameters"/>.</summary>
    private void CheckLayer(NodeProto node, long outputs, long inputs, string weights)
    {
        if (outputs < 1 || inputs < 1)
            throw At(node, Invariant($"weights '{weights}' are {outputs} × {inputs} (outputs × inputs); a layer needs at least one neuron and one input."));
        if (_width is { } width && inputs != width)
            throw At(node, Invariant($"weights '{weights}' take {inputs} inputs but the tensor they read has {width} values per sample."));
        _parameters += outputs * inputs + outputs; // each factor ≤ MaxParameters (checked with the tensor): no overflow
        if (_parameters > _limits.MaxParameters || outputs > int.MaxValue || inputs > int.MaxValue)
            throw At(node, Invariant($"brings the layers to {_parameters} weights and biases; at most {_limits.MaxParameters} are read (OnnxImportLimits.MaxParameters)."));
    }

    private bool IsActivation(NodeProto node, string x) =>
        node.OpType is "Relu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Softmax" || (node.OpType == "Mul" && LeakyMax(node, x) is not null);

    /// <summary>Reads an activation node (or Backprop's Mul and Max of a leaky ReLU) after <paramref name="x"/>.</summary>
    private Activation ReadActivation(NodeProto node, ref string x)
    {
        if (node.OpType == "Mul") return ReadBackpropLeaky(node, ref x);
        Expect(node, 1, 1, node.OpType switch { "LeakyRelu" => ["alpha"], "Softmax" => ["axis"], _ => [] });
        Activation activation = node.OpType switch
        {
            "Relu" => Activation.ReLU,
            "Sigmoid" => Activation.Sigmoid,
            "Tanh" => Activation.Tanh,
            "LeakyRelu" => Leaky(node, Shortest(Float(node, "alpha", 0.01f))),
            _ => Softmax(node),
        };
        x = Use(node);
        return activation;
    }

    /// <summary>Softmax over the last axis only: -1, or the rank − 1 when the rank is declared.</summary>
    private Activation Softmax(NodeProto node)
    {
        long axis = Int(node, "axis", -1);
        if (axis == -1 || (_rank is { } rank && axis == rank - 1)) return Activation.Softmax;
        throw At(node, _rank is { } r
            ? Invariant($"normalises over axis {axis} of a tensor of {r} dimensions; only the last axis, a sample's outputs, is read.")
            : Invariant($"normalises over axis {axis}, and the input's rank is not declared: only axis -1 is known to be the last."));
    }

    /// <summary>Backprop's leaky ReLU for doubles: Mul(net, α) then Max(net, α·net), with 0 ≤ α &lt; 1.</summary>
    private LeakyReLU ReadBackpropLeaky(NodeProto mul, ref string x)
    {
        var max = LeakyMax(mul, x)!;
        var alpha = Weights(mul, mul.Input[0] == x ? 1 : 0, "the slope α");
        if (OnnxTensors.Count(alpha) != 1 || alpha.Dims.Any(d => d != 1))
            throw At(mul, $"slope α has shape {OnnxTensors.Shape(alpha)}; a leaky ReLU's slope is one number.");
        var activation = Leaky(mul, OnnxTensors.Doubles(alpha)[0]);
        Use(mul);
        x = Use(max);
        return activation;
    }

    private LeakyReLU Leaky(NodeProto node, double alpha) => alpha >= 0 && alpha < 1
        ? (alpha == 0.01 ? (LeakyReLU)Activation.LeakyReLU : new LeakyReLU(alpha))
        : throw At(node, Invariant($"has slope α = {alpha}; a leaky ReLU's slope is in [0, 1)."));

    /// <summary>When <paramref name="x"/> is read by exactly a Mul by a constant and a Max of <paramref name="x"/>
    /// and that product (Backprop's leaky ReLU), the Mul.</summary>
    private NodeProto? LeakyMul(string x, List<NodeProto> readers)
    {
        var mul = readers.FirstOrDefault(n => n.OpType == "Mul");
        return mul is not null && LeakyMax(mul, x) is not null ? mul : null;
    }

    /// <summary>The Max of Backprop's leaky ReLU that goes with <paramref name="mul"/>, or null when the pattern does not hold.</summary>
    private NodeProto? LeakyMax(NodeProto mul, string x)
    {
        if (mul.Input.Count != 2 || mul.Output.Count != 1 || !mul.Input.Contains(x)) return null;
        if (ConstantAt(mul, mul.Input[0] == x ? 1 : 0) is null || !_consumers.TryGetValue(x, out var readers) || readers.Count != 2) return null;
        var max = readers.FirstOrDefault(n => !ReferenceEquals(n, mul));
        return max is { OpType: "Max", Input.Count: 2 } && max.Input.Contains(x) && max.Input.Contains(mul.Output[0]) ? max : null;
    }

    /// <summary>Checks the running tensor is the node's first input and not another.</summary>
    private void RunningFirst(NodeProto node, string x, string role)
    {
        if (node.Input[0] != x || node.Input.Skip(1).Contains(x))
            throw At(node, $"reads the running tensor '{x}' as input {node.Input.IndexOf(x)}; a dense layer reads it as {role}, its first input, and constants for the rest.");
    }

    /// <summary>Marks the node read and returns its output.</summary>
    private string Use(NodeProto node)
    {
        string output = Output(node);
        _used.Add(node);
        return output;
    }

    /// <summary>Whether a constant is [width], or [1, …, 1, width] of no more dimensions than the tensor it meets.</summary>
    private bool IsRow(TensorProto tensor, long width) =>
        tensor.Dims.Count >= 1 && tensor.Dims[^1] == width && tensor.Dims.Count <= Math.Max(_rank ?? 1, 1) &&
        tensor.Dims.Take(tensor.Dims.Count - 1).All(d => d == 1);

    private double[] Finite(NodeProto node, string tensor, double[] values)
    {
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        return bad < 0 ? values : throw At(node, Invariant($"'{tensor}' holds {values[bad]} at flat index {bad}; weights are finite."));
    }

    /// <summary>A rows × columns row-major array transposed: W (outputs × inputs) from ONNX's inputs × outputs.</summary>
    private static double[] Transpose(double[] values, int rows, int columns)
    {
        var result = new double[values.Length];
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < columns; c++)
            result[c * rows + r] = values[r * columns + c];
        return result;
    }

    /// <summary>A float attribute as the shortest decimal that gives it back (0.2f → 0.2): what the exporter was
    /// given, and what PyTorch itself computes with in double precision.</summary>
    private static double Shortest(float value) => double.Parse(value.ToString("R", C), C);

    private static string Invariant(FormattableString text) => text.ToString(C);
}
