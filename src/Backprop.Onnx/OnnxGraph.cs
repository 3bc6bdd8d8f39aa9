using Onnx;

namespace Backprop.Onnx;

/// <summary>Builders for the protobuf pieces of an ONNX graph: nodes, constant tensors and typed graph values.</summary>
internal static class OnnxGraph
{
    /// <summary>A node <paramref name="op"/> named <paramref name="name"/>, reading <paramref name="inputs"/>.</summary>
    public static NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    /// <summary>Adds an integer attribute to <paramref name="node"/> and returns it.</summary>
    public static NodeProto WithInt(NodeProto node, string name, long value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return node;
    }

    /// <summary>A constant tensor(double) of shape <paramref name="dims"/> ([] for a scalar).</summary>
    public static TensorProto Doubles(string name, long[] dims, IEnumerable<double> values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Double };
        t.Dims.AddRange(dims);
        t.DoubleData.AddRange(values);
        return t;
    }

    /// <summary>A constant tensor(float) of shape <paramref name="dims"/> ([] for a scalar).</summary>
    public static TensorProto Floats(string name, long[] dims, IEnumerable<float> values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
    }

    /// <summary>A constant tensor(int64) of shape <paramref name="dims"/>.</summary>
    public static TensorProto Int64s(string name, long[] dims, IEnumerable<long> values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(values);
        return t;
    }

    /// <summary>A constant tensor(bool) of shape <paramref name="dims"/> (ONNX keeps bools in int32_data).</summary>
    public static TensorProto Bools(string name, long[] dims, IEnumerable<bool> values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Bool };
        t.Dims.AddRange(dims);
        t.Int32Data.AddRange(values.Select(v => v ? 1 : 0));
        return t;
    }

    /// <summary>A graph input or output of shape [N, <paramref name="width"/>], N being the batch size.</summary>
    public static ValueInfoProto Matrix(string name, int width, TensorProto.Types.DataType type = TensorProto.Types.DataType.Double)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return Value(name, type, shape);
    }

    /// <summary>A graph output of shape [N], N being the batch size.</summary>
    public static ValueInfoProto Vector(string name, TensorProto.Types.DataType type)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        return Value(name, type, shape);
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, TensorShapeProto shape) => new()
    {
        Name = name,
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
    };
}
