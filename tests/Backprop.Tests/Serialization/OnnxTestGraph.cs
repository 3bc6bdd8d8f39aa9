using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Backprop.Tests.Serialization;

/// <summary>Builds small ONNX graphs node by node, for the shapes and mistakes the exporters never write.</summary>
internal sealed class OnnxTestGraph
{
    private readonly DataType _type;
    private int _count;

    /// <summary>A graph with input <c>input</c> of shape [N, <paramref name="features"/>] (or <paramref name="shape"/>).</summary>
    public OnnxTestGraph(int features, DataType type = DataType.Double, long opset = 13, long[]? shape = null)
    {
        _type = type;
        Width = features;
        Model = new ModelProto { IrVersion = 8, ProducerName = "test", Graph = new GraphProto { Name = "test" } };
        Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        var dims = new TensorShapeProto();
        foreach (long d in shape ?? [-1, features])
            dims.Dim.Add(d == -1 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        Graph.Input.Add(new ValueInfoProto
        {
            Name = "input",
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = dims } },
        });
    }

    public ModelProto Model { get; }

    public GraphProto Graph => Model.Graph;

    /// <summary>The running tensor: the last node's output.</summary>
    public string X { get; private set; } = "input";

    /// <summary>The running tensor's width.</summary>
    public int Width { get; private set; }

    /// <summary>An initializer of the graph's float type (or <paramref name="type"/>): <paramref name="values"/>, or ±0.1 to ±0.7 in a pattern set by <paramref name="seed"/>.</summary>
    public string Constant(long[] dims, double[]? values = null, int seed = 1, DataType? type = null)
    {
        string name = $"c{_count++}";
        long count = dims.Aggregate(1L, (n, d) => n * d);
        values ??= Enumerable.Range(0, (int)count).Select(i => (i % 2 == 0 ? 1 : -1) * 0.1 * ((i * seed) % 7 + 1)).ToArray();
        var t = new TensorProto { Name = name, DataType = (int)(type ?? _type) };
        t.Dims.AddRange(dims);
        if ((type ?? _type) == DataType.Float) t.FloatData.AddRange(values.Select(v => (float)v));
        else if ((type ?? _type) == DataType.Int64) t.Int64Data.AddRange(values.Select(v => (long)v));
        else if ((type ?? _type) == DataType.Bool) t.Int32Data.AddRange(values.Select(v => v != 0 ? 1 : 0));
        else t.DoubleData.AddRange(values);
        Graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds a node reading the running tensor first, then <paramref name="constants"/>; it becomes the running tensor.</summary>
    public NodeProto Node(string op, params string[] constants) => Node(op, [X, .. constants], Width);

    /// <summary>Adds a node reading <paramref name="inputs"/>; its output becomes the running tensor of width <paramref name="width"/>.</summary>
    public NodeProto Node(string op, string[] inputs, int width)
    {
        var node = new NodeProto { OpType = op, Name = $"n{_count}_{op}" };
        node.Input.AddRange(inputs);
        node.Output.Add($"t{_count++}");
        Graph.Node.Add(node);
        X = node.Output[0];
        Width = width;
        return node;
    }

    /// <summary>A Gemm of <paramref name="outputs"/> neurons (weights outputs × inputs when transB = 1).</summary>
    public NodeProto Gemm(int outputs, bool transB = true, bool bias = true, int seed = 1)
    {
        string w = Constant(transB ? [outputs, Width] : [Width, outputs], seed: seed);
        string[] inputs = bias ? [X, w, Constant([outputs], seed: seed + 1)] : [X, w];
        var node = Node("Gemm", inputs, outputs);
        if (transB) Int(node, "transB", 1);
        return node;
    }

    /// <summary>A MatMul by inputs × outputs weights, and an Add of a bias (first, as torch writes it) when asked.</summary>
    public NodeProto MatMul(int outputs, bool bias = true, int seed = 1)
    {
        var node = Node("MatMul", [X, Constant([Width, outputs], seed: seed)], outputs);
        if (bias) Node("Add", [Constant([outputs], seed: seed + 1), X], outputs);
        return node;
    }

    public static NodeProto Int(NodeProto node, string name, long value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return node;
    }

    public static NodeProto Float(NodeProto node, string name, float value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });
        return node;
    }

    /// <summary>Declares the running tensor as the graph output and returns the file's bytes.</summary>
    public byte[] Bytes()
    {
        if (Graph.Output.Count == 0) Graph.Output.Add(new ValueInfoProto { Name = X, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)_type } } });
        return Model.ToByteArray();
    }

    /// <summary>Imports the bytes.</summary>
    public Model Import(Backprop.Onnx.OnnxImportLimits? limits = null) => Backprop.Onnx.OnnxImport.Load(new MemoryStream(Bytes()), limits);

    /// <summary>The message of the import's refusal.</summary>
    public string Refusal(Backprop.Onnx.OnnxImportLimits? limits = null)
    {
        var act = () => Import(limits);
        return act.Should().Throw<Backprop.Onnx.OnnxFormatException>().Which.Message;
    }
}
