using Onnx;
using static Backprop.Onnx.OnnxGraph;

namespace Backprop.Onnx;

public static partial class OnnxExport
{
    /// <summary>
    /// A copy of an exported model (<see cref="ToModel(Model)"/> or <see cref="ToModel(Network)"/>) whose graph
    /// inputs and outputs of tensor(double) are tensor(float), for runtimes and pipelines that feed and read float32
    /// (ML.NET's <c>ApplyOnnxModel</c> among them). The computation stays in double: each such input is cast to
    /// double as it enters (a Cast node), and each such output is cast to float as it leaves, so the model computes
    /// on the float inputs, widened exactly, what it computes in double precision, and each output is that double
    /// result rounded to the nearest float. Names, shapes, the other inputs and outputs (a classifier's int64
    /// <see cref="LabelName"/>), the metadata and the doc string are kept.
    /// </summary>
    /// <param name="model">An ONNX model; it is not changed.</param>
    /// <returns>A new model.</returns>
    public static ModelProto WithFloat32Interface(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = model.Clone();
        var graph = result.Graph ?? throw new ArgumentException("The model has no graph.", nameof(model));
        var names = TensorNames(graph);
        const int Double = (int)TensorProto.Types.DataType.Double, Float = (int)TensorProto.Types.DataType.Float;

        foreach (var input in graph.Input.Where(v => v.Type?.TensorType?.ElemType == Double))
        {
            string inner = Unused(names, input.Name + "_double");
            Rename(graph, input.Name, inner);
            graph.Node.Insert(0, WithInt(Node("Cast", inner + "_cast", [input.Name], inner), "to", Double));
            input.Type.TensorType.ElemType = Float;
        }
        foreach (var output in graph.Output.Where(v => v.Type?.TensorType?.ElemType == Double))
        {
            string inner = Unused(names, output.Name + "_double");
            Rename(graph, output.Name, inner);
            graph.Node.Add(WithInt(Node("Cast", inner + "_cast", [inner], output.Name), "to", Float));
            output.Type.TensorType.ElemType = Float;
        }
        return result;
    }

    /// <summary>Every tensor name the graph uses: inputs, outputs, initializers and the nodes' inputs and outputs.</summary>
    private static HashSet<string> TensorNames(GraphProto graph)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        names.UnionWith(graph.Input.Select(v => v.Name));
        names.UnionWith(graph.Output.Select(v => v.Name));
        names.UnionWith(graph.Initializer.Select(t => t.Name));
        foreach (var node in graph.Node)
        {
            names.UnionWith(node.Input);
            names.UnionWith(node.Output);
        }
        return names;
    }

    /// <summary><paramref name="name"/>, or it with a number appended, whichever no tensor of the graph uses yet; then taken.</summary>
    private static string Unused(HashSet<string> names, string name)
    {
        string candidate = name;
        for (int i = 2; names.Contains(candidate); i++) candidate = $"{name}{i}";
        names.Add(candidate);
        return candidate;
    }

    /// <summary>Renames the tensor <paramref name="from"/> to <paramref name="to"/> wherever a node reads or writes it.</summary>
    private static void Rename(GraphProto graph, string from, string to)
    {
        foreach (var node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == from) node.Input[i] = to;
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i] == from) node.Output[i] = to;
        }
    }
}
