namespace Backprop.Onnx;

/// <summary>
/// An ONNX file that <see cref="OnnxImport"/> cannot read: not a valid protobuf, a tensor that does not hold what it
/// declares, a size beyond <see cref="OnnxImportLimits"/>, or a graph that is not a chain of dense layers. The message
/// names where the problem is (the node, its operator, the initializer or the metadata key) and what is wrong, as in
/// <c>ONNX file, node '/0/Conv' (Conv): …</c>.
/// </summary>
public sealed class OnnxFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="location">Where the problem is, e.g. <c>node '/0/Conv' (Conv)</c>, <c>initializer '0.weight'</c>, <c>protobuf</c>.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public OnnxFormatException(string location, string problem, Exception? inner = null)
        : base($"ONNX file, {location}: {problem}", inner)
    {
        Location = location;
    }

    /// <summary>Creates the exception for a node.</summary>
    /// <param name="nodeName">The node's name (or its index in the graph, "#3", when it has none).</param>
    /// <param name="opType">The node's operator, e.g. Conv.</param>
    /// <param name="problem">What is wrong.</param>
    internal OnnxFormatException(string nodeName, string opType, string problem)
        : this($"node '{nodeName}' ({opType})", problem)
    {
        NodeName = nodeName;
        OpType = opType;
    }

    /// <summary>Where the problem is: a node, an initializer, a graph input or output, a metadata key, the protobuf or the file.</summary>
    public string Location { get; }

    /// <summary>The name of the node at fault, or null when the problem is not a node's.</summary>
    public string? NodeName { get; }

    /// <summary>The operator of the node at fault (Gemm, Conv, …), or null when the problem is not a node's.</summary>
    public string? OpType { get; }
}
