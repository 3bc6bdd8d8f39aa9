using Onnx;

namespace Backprop.Onnx;

// The graph's constants: initializers and Constant nodes, each checked once when registered, then looked up by name.
internal sealed partial class OnnxChainReader
{
    /// <summary>A constant tensor (an initializer or a Constant node's value) and where it was declared.</summary>
    private readonly record struct Constant(TensorProto Tensor, string Location);

    private void AddConstant(string name, TensorProto tensor, string location)
    {
        if (name.Length == 0) throw new OnnxFormatException(location, "has no name.");
        OnnxTensors.Check(tensor, location, _limits);
        if (!_constants.TryAdd(name, new Constant(tensor, location)))
            throw new OnnxFormatException(location, $"repeats the name of {_constants[name].Location}.");
    }

    private void ReadConstantNode(NodeProto node)
    {
        var value = node.Attribute.SingleOrDefault(a => a.Name == "value");
        if (node.Attribute.Count != 1 || value is null || value.Type != AttributeProto.Types.AttributeType.Tensor || value.T is null)
            throw At(node, "holds no tensor 'value'; only Constant nodes with a tensor value are read.");
        _used.Add(node);
        AddConstant(Output(node), value.T, Location(node));
    }

    /// <summary>The constant tensor at input <paramref name="i"/>, or null when that input is not a constant.</summary>
    private TensorProto? ConstantAt(NodeProto node, int i) =>
        i < node.Input.Count && _constants.TryGetValue(node.Input[i], out var c) ? c.Tensor : null;

    /// <summary>The constant at input <paramref name="i"/>, of the graph's float type; <paramref name="role"/> names it in messages.</summary>
    private TensorProto Weights(NodeProto node, int i, string role)
    {
        if (ConstantAt(node, i) is not { } tensor)
            throw At(node, string.Create(C, $"input {i} ('{(i < node.Input.Count ? node.Input[i] : "")}', {role}) is not a constant (an initializer or a Constant node); only weights fixed in the file are read."));
        if (tensor.DataType != _type)
            throw At(node, $"{role} '{node.Input[i]}' is {OnnxTensors.TypeName(tensor.DataType)} but the input is {OnnxTensors.TypeName(_type)}; one precision throughout is read.");
        return tensor;
    }
}
