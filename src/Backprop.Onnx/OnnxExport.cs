
using Google.Protobuf;
using Onnx;

namespace Backprop.Onnx;

/// <summary>
/// Writes a network as an ONNX model that ONNX Runtime (or any ONNX runtime) runs: for each layer a Gemm node
/// (Y = X·Wᵀ + b, with W stored as Backprop stores it, outputs × inputs) followed by its activation (Sigmoid,
/// Tanh, Relu, leaky ReLU, Softmax over the last axis, or nothing for the identity). Everything is in double
/// precision (tensor(double)), so outputs agree with Backprop's to rounding. A leaky ReLU is written as
/// Max(net, α·net), since ONNX Runtime has no double LeakyRelu.
/// </summary>
/// <remarks>
/// The graph's input is <c>input</c> with shape [N, inputs] and its output <c>output</c> with shape [N, outputs]:
/// one sample per row, as ONNX expects (Backprop's own batches hold one sample per column). Opset 13, IR version 8.
/// The loss is not exported: the model computes the network's outputs.
/// </remarks>
public static class OnnxExport
{
    /// <summary>The opset the model declares.</summary>
    public const int Opset = 13;

    /// <summary>The name of the graph input.</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph output.</summary>
    public const string OutputName = "output";

    /// <summary>Writes the model to a file, through a temporary file in the same folder and a rename.</summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The .onnx file to write.</param>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = ToBytes(network);
        AtomicFile.Write(path, temp => File.WriteAllBytes(temp, bytes));
    }

    /// <summary>Writes the model to a stream.</summary>
    /// <param name="network">The network.</param>
    /// <param name="stream">The stream (left open).</param>
    public static void Write(Network network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ToModel(network).WriteTo(stream);
    }

    /// <summary>The model's bytes (a serialized ONNX ModelProto).</summary>
    /// <param name="network">The network.</param>
    public static byte[] ToBytes(Network network) => ToModel(network).ToByteArray();

    /// <summary>The ONNX ModelProto of a network.</summary>
    /// <param name="network">The network.</param>
    public static ModelProto ToModel(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.EnsureFinite();
        var graph = new GraphProto { Name = "backprop" };
        graph.Input.Add(Value(InputName, network.InputSize));
        string x = InputName;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            string w = $"W{l}", b = $"b{l}", net = $"net{l}";
            bool last = l == network.Layers.Count - 1;
            string output = last ? OutputName : $"out{l}";
            graph.Initializer.Add(Tensor(w, [layer.OutputSize, layer.InputSize], layer.Weights.ToRowMajorArray()));
            graph.Initializer.Add(Tensor(b, [layer.OutputSize], layer.Bias.ToArray()));
            bool identity = layer.Activation is Identity;
            var gemm = Node("Gemm", $"gemm{l}", [x, w, b], identity ? output : net);
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            if (layer.Activation is LeakyReLU leaky)
            {
                // ONNX Runtime has no double LeakyRelu kernel; for 0 ≤ α < 1, max(net, α·net) is the same function.
                graph.Initializer.Add(Tensor($"alpha{l}", [], [leaky.Alpha]));
                graph.Node.Add(Node("Mul", $"scale{l}", [net, $"alpha{l}"], $"scaled{l}"));
                graph.Node.Add(Node("Max", $"act{l}", [net, $"scaled{l}"], output));
            }
            else if (!identity) graph.Node.Add(ActivationNode(layer.Activation, l, net, output));
            x = output;
        }
        graph.Output.Add(Value(OutputName, network.OutputSize));
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "Backprop",
            ProducerVersion = typeof(Network).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
            DocString = $"{network.InputSize}-{string.Join("-", network.Layers.Select(l => $"{l.OutputSize} {l.Activation.Name}"))}; trained with {network.Loss.Name}",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    private static NodeProto ActivationNode(Activation activation, int l, string input, string output)
    {
        var node = activation switch
        {
            Sigmoid => Node("Sigmoid", $"act{l}", [input], output),
            Tanh => Node("Tanh", $"act{l}", [input], output),
            ReLU => Node("Relu", $"act{l}", [input], output),
            Softmax => WithInt(Node("Softmax", $"act{l}", [input], output), "axis", -1),
            _ => throw new NotSupportedException($"Layer {l}: the activation {activation.Name} has no ONNX export."),
        };
        return node;
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static NodeProto WithInt(NodeProto node, string name, long value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return node;
    }

    private static TensorProto Tensor(string name, long[] dims, double[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Double };
        t.Dims.AddRange(dims);
        t.DoubleData.AddRange(values);
        return t;
    }

    private static ValueInfoProto Value(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Double, Shape = shape } },
        };
    }
}
