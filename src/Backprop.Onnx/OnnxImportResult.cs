namespace Backprop.Onnx;

/// <summary>The element type of an imported graph's input and weights.</summary>
public enum OnnxPrecision
{
    /// <summary>tensor(float): single precision. The imported model computes in double from the same values,
    /// so it agrees with ONNX Runtime to float32 rounding (about 1e-7 relative).</summary>
    SinglePrecision,

    /// <summary>tensor(double): the imported model holds the very weights and agrees with ONNX Runtime to the
    /// rounding of a sum's order (about 1e-15 relative).</summary>
    DoublePrecision,
}

/// <summary>What <see cref="OnnxImport.Read(string, OnnxImportLimits?)"/> read: the model and facts about the file.</summary>
public sealed class OnnxImportResult
{
    internal OnnxImportResult(Model model, OnnxPrecision precision, string producerName, string producerVersion, long opset, bool fromBackprop)
    {
        Model = model;
        Precision = precision;
        ProducerName = producerName;
        ProducerVersion = producerVersion;
        Opset = opset;
        FromBackprop = fromBackprop;
    }

    /// <summary>The model: its network, task, names and scalings.</summary>
    public Model Model { get; }

    /// <summary>The file's element type.</summary>
    public OnnxPrecision Precision { get; }

    /// <summary>The file's producer_name ("pytorch", "Backprop", …; empty when it names none).</summary>
    public string ProducerName { get; }

    /// <summary>The file's producer_version (empty when it names none).</summary>
    public string ProducerVersion { get; }

    /// <summary>The version of the standard ONNX operator set the file declares (13 or later).</summary>
    public long Opset { get; }

    /// <summary>Whether the file carries Backprop's model metadata (<see cref="OnnxMetadataKeys"/>), which gave
    /// the task, the names and the kinds of scaling; otherwise they were inferred.</summary>
    public bool FromBackprop { get; }

    /// <summary>"float32" or "float64".</summary>
    public string PrecisionName => Precision == OnnxPrecision.SinglePrecision ? "float32" : "float64";
}
