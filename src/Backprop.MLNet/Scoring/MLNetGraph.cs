using Backprop.Onnx;
using Google.Protobuf;
using Onnx;

namespace Backprop.MLNet.Scoring;

/// <summary>
/// Backprop's ONNX export of a model (<see cref="OnnxExport.ToModel(Model)"/>: raw rows in, the model's outputs and a
/// classifier's label out, all in double) tailored to ML.NET's ONNX transformer, which names each graph input after
/// the column it reads and each output after the column it writes, and whose feature vectors are float32:
/// <list type="bullet">
/// <item>the outputs ML.NET reads (see <see cref="ScoreColumns"/>) are added in double: multiclass, the outputs as
/// <c>Score</c> and the label as uint32; binary, the logit net₁ − net₀ (the input of the two-output softmax, Gather
/// and Sub), the probability of class 1 (Gather) and the label as bool; regression, the output (in the label's
/// units) as <see cref="ScoreColumns.GraphScore"/>;</item>
/// <item>then <see cref="OnnxExport.WithFloat32Interface"/> makes the input and the double outputs float32, the
/// computation staying in double;</item>
/// <item>then every tensor inside the graph gets a prefix, so that no name of Backprop's graph can meet the feature
/// column's, and the input is renamed after the feature column.</item>
/// </list>
/// </summary>
internal static class MLNetGraph
{
    private const string InnerPrefix = "backprop/";

    public static byte[] ToBytes(Model model, PredictionKind kind, string featureColumn)
    {
        var proto = OnnxExport.ToModel(model);
        var graph = proto.Graph;
        switch (kind)
        {
            case PredictionKind.Multiclass:
                Rename(graph, OnnxExport.OutputName, ScoreColumns.Score);
                ClassOutput(graph, TensorProto.Types.DataType.Uint32);
                break;
            case PredictionKind.Binary:
                BinaryOutputs(graph);
                ClassOutput(graph, TensorProto.Types.DataType.Bool);
                break;
            default:
                Rename(graph, OnnxExport.OutputName, ScoreColumns.GraphScore);
                break;
        }
        proto = OnnxExport.WithFloat32Interface(proto);
        graph = proto.Graph;
        PrefixInnerTensors(graph);
        Rename(graph, OnnxExport.InputName, featureColumn);
        return proto.ToByteArray();
    }

    /// <summary>Replaces the int64 label output by <see cref="ScoreColumns.GraphClass"/>, cast to <paramref name="type"/>.</summary>
    private static void ClassOutput(GraphProto graph, TensorProto.Types.DataType type)
    {
        var label = graph.Output.Single(v => v.Name == OnnxExport.LabelName);
        graph.Node.Add(Cast(OnnxExport.LabelName, ScoreColumns.GraphClass, type));
        graph.Output.Remove(label);
        graph.Output.Add(Vector(ScoreColumns.GraphClass, type));
    }

    /// <summary>Replaces the two probabilities by the logit and the probability of class 1, [N] each.</summary>
    private static void BinaryOutputs(GraphProto graph)
    {
        var softmax = graph.Node.Single(n => n.Output.Contains(OnnxExport.OutputName));
        if (softmax.OpType != "Softmax")
            throw new InvalidOperationException($"A binary classifier's output node is {softmax.OpType}; a two-output Softmax was expected.");
        string net = softmax.Input[0];
        graph.Initializer.Add(Index("binary_class0", 0));
        graph.Initializer.Add(Index("binary_class1", 1));
        graph.Node.Add(Gather(net, "binary_class0", "binary_net0"));
        graph.Node.Add(Gather(net, "binary_class1", "binary_net1"));
        graph.Node.Add(Node("Sub", ["binary_net1", "binary_net0"], ScoreColumns.GraphLogit));
        graph.Node.Add(Gather(OnnxExport.OutputName, "binary_class1", ScoreColumns.GraphProbability));
        graph.Output.Remove(graph.Output.Single(v => v.Name == OnnxExport.OutputName));
        graph.Output.Add(Vector(ScoreColumns.GraphLogit, TensorProto.Types.DataType.Double));
        graph.Output.Add(Vector(ScoreColumns.GraphProbability, TensorProto.Types.DataType.Double));
    }

    /// <summary>Prefixes the name of every tensor that is neither a graph input nor a graph output.</summary>
    private static void PrefixInnerTensors(GraphProto graph)
    {
        var outer = graph.Input.Select(v => v.Name).Concat(graph.Output.Select(v => v.Name)).ToHashSet(StringComparer.Ordinal);
        string Inner(string name) => name.Length == 0 || outer.Contains(name) ? name : InnerPrefix + name;
        foreach (var tensor in graph.Initializer) tensor.Name = Inner(tensor.Name);
        foreach (var node in graph.Node)
        {
            node.Name = InnerPrefix + node.Name;
            for (int i = 0; i < node.Input.Count; i++) node.Input[i] = Inner(node.Input[i]);
            for (int i = 0; i < node.Output.Count; i++) node.Output[i] = Inner(node.Output[i]);
        }
    }

    /// <summary>Renames a tensor in the nodes that read or write it and in the graph's inputs and outputs.</summary>
    private static void Rename(GraphProto graph, string from, string to)
    {
        foreach (var node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == from) node.Input[i] = to;
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i] == from) node.Output[i] = to;
        }
        foreach (var value in graph.Input.Concat(graph.Output).Where(v => v.Name == from)) value.Name = to;
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output + "_" + op.ToLowerInvariant() };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static NodeProto Cast(string input, string output, TensorProto.Types.DataType type)
    {
        var node = Node("Cast", [input], output);
        node.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)type });
        return node;
    }

    /// <summary>Column <paramref name="index"/> of an [N, 2] tensor, as an [N] tensor.</summary>
    private static NodeProto Gather(string input, string index, string output)
    {
        var node = Node("Gather", [input, index], output);
        node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        return node;
    }

    /// <summary>A scalar int64 constant.</summary>
    private static TensorProto Index(string name, long value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Int64Data.Add(value);
        return tensor;
    }

    /// <summary>A graph output of shape [N].</summary>
    private static ValueInfoProto Vector(string name, TensorProto.Types.DataType type)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
