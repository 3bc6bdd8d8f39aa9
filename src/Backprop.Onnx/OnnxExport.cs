using Google.Protobuf;
using Onnx;
using static Backprop.Onnx.OnnxGraph;

namespace Backprop.Onnx;

/// <summary>
/// Writes a network, or a whole <see cref="Model"/>, as an ONNX model that ONNX Runtime (or any ONNX runtime) runs:
/// for each layer a Gemm node (Y = X·Wᵀ + b, with W stored as Backprop stores it, outputs × inputs) followed by its
/// activation (Sigmoid, Tanh, Relu, leaky ReLU, Softmax over the last axis, or nothing for the identity). Everything
/// is in the network's precision: tensor(double) for a float64 network, tensor(float) initializers, input and output
/// for a float32 one (see <see cref="ToModel(Network)"/>), so outputs agree with Backprop's to rounding. A leaky ReLU
/// is written as Max(net, α·net), since ONNX Runtime has no double LeakyRelu.
/// </summary>
/// <remarks>
/// The graph's input is <c>input</c> with shape [N, inputs] and its output <c>output</c> with shape [N, outputs]:
/// one sample per row, as ONNX expects (Backprop's own batches hold one sample per column). Opset 13, IR version 8.
/// The loss is not exported: the model computes the network's outputs. A <see cref="Model"/> adds its input
/// scaling before the layers, a regressor's target unscaling after them, a classifier's <c>label</c> output and
/// the names in the metadata (see <see cref="ToModel(Model)"/>).
/// </remarks>
public static partial class OnnxExport
{
    /// <summary>The opset the model declares.</summary>
    public const int Opset = 13;

    /// <summary>The name of the graph input.</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph output.</summary>
    public const string OutputName = "output";

    /// <summary>The IR version the model declares (8: ONNX 1.10 and ONNX Runtime 1.10 or later read it).</summary>
    private const int IrVersion = 8;

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

    /// <summary>The ONNX ModelProto of a network: a float32 network's input, output and initializers are
    /// tensor(float), its floats written as they are (α of a leaky ReLU rounded to a float).</summary>
    /// <param name="network">The network.</param>
    public static ModelProto ToModel(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.EnsureFinite();
        var graph = new GraphProto { Name = "backprop" };
        var type = ElementType(network);
        graph.Input.Add(Matrix(InputName, network.InputSize, type));
        AddLayers(graph, network, InputName, OutputName);
        graph.Output.Add(Matrix(OutputName, network.OutputSize, type));
        return Wrap(graph, $"{Shape(network)}; trained with {network.Loss.Name}");
    }

    /// <summary>A ModelProto around <paramref name="graph"/>, declaring the producer, IR version and opset.</summary>
    private static ModelProto Wrap(GraphProto graph, string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Backprop",
            ProducerVersion = typeof(Network).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
            DocString = docString,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    /// <summary>"5-7 tanh-3 sigmoid": the inputs, then each layer's size and activation.</summary>
    private static string Shape(Network network) =>
        $"{network.InputSize}-{string.Join("-", network.Layers.Select(l => $"{l.OutputSize} {l.Activation.Name}"))}";

    /// <summary>The tensor element type of a network's precision.</summary>
    private static TensorProto.Types.DataType ElementType(Network network) =>
        network.Precision == Precision.Float32 ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Double;

    /// <summary>Adds the network's layers, reading <paramref name="input"/> ([N, inputs]) and writing
    /// <paramref name="output"/> ([N, outputs]), both of the network's element type; layer l's tensors are W{l},
    /// b{l}, net{l} and out{l}.</summary>
    private static void AddLayers(GraphProto graph, Network network, string input, string output)
    {
        bool single = network.Precision == Precision.Float32;
        string x = input;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            string w = $"W{l}", b = $"b{l}", net = $"net{l}";
            string y = l == network.Layers.Count - 1 ? output : $"out{l}";
            graph.Initializer.Add(single
                ? Floats(w, [layer.OutputSize, layer.InputSize], layer.WeightsSingle.ToRowMajorArray())
                : Doubles(w, [layer.OutputSize, layer.InputSize], layer.Weights.ToRowMajorArray()));
            graph.Initializer.Add(single ? Floats(b, [layer.OutputSize], layer.BiasSingle.ToArray()) : Doubles(b, [layer.OutputSize], layer.Bias.ToArray()));
            bool identity = layer.Activation is Identity;
            var gemm = Node("Gemm", $"gemm{l}", [x, w, b], identity ? y : net);
            graph.Node.Add(WithInt(gemm, "transB", 1));
            if (layer.Activation is LeakyReLU leaky)
            {
                // ONNX Runtime has no double LeakyRelu kernel; for 0 ≤ α < 1, max(net, α·net) is the same function.
                graph.Initializer.Add(single ? Floats($"alpha{l}", [], [(float)leaky.Alpha]) : Doubles($"alpha{l}", [], [leaky.Alpha]));
                graph.Node.Add(Node("Mul", $"scale{l}", [net, $"alpha{l}"], $"scaled{l}"));
                graph.Node.Add(Node("Max", $"act{l}", [net, $"scaled{l}"], y));
            }
            else if (!identity) graph.Node.Add(ActivationNode(layer.Activation, l, net, y));
            x = y;
        }
    }

    private static NodeProto ActivationNode(Activation activation, int l, string input, string output) => activation switch
    {
        Sigmoid => Node("Sigmoid", $"act{l}", [input], output),
        Tanh => Node("Tanh", $"act{l}", [input], output),
        ReLU => Node("Relu", $"act{l}", [input], output),
        Softmax => WithInt(Node("Softmax", $"act{l}", [input], output), "axis", -1),
        _ => throw new NotSupportedException($"Layer {l}: the activation {activation.Name} has no ONNX export."),
    };
}
