using System.Buffers.Binary;
using System.Globalization;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Backprop.Onnx;

/// <summary>
/// Checks and reads the constant tensors of an untrusted ONNX graph. <see cref="Check"/> compares what a tensor
/// declares (its dims and type) with the data it holds before a single value is copied, so a tensor that claims
/// 10⁹ × 10⁹ values in sixteen bytes is refused without allocating anything.
/// </summary>
internal static class OnnxTensors
{
    /// <summary>The highest rank of a constant read: a dense network needs scalars, vectors and matrices; ONNX
    /// Runtime's own kernels stop near here too.</summary>
    public const int MaxRank = 8;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The element types a dense chain uses: weights (float, double), shapes and axes (int64), masks (bool).</summary>
    public static bool Readable(int type) => type is (int)DataType.Float or (int)DataType.Double or (int)DataType.Int64 or (int)DataType.Bool;

    /// <summary>"float32", "float64", "int64", "bool", or the ONNX name of another type.</summary>
    public static string TypeName(int type) => type switch
    {
        (int)DataType.Float => "float32",
        (int)DataType.Double => "float64",
        (int)DataType.Int64 => "int64",
        (int)DataType.Bool => "bool",
        _ => Enum.IsDefined(typeof(DataType), type) ? ((DataType)type).ToString().ToUpperInvariant() : string.Create(C, $"type {type}"),
    };

    /// <summary>
    /// Checks <paramref name="tensor"/> at <paramref name="location"/>: data inside the file (no external data or
    /// segments), a readable type, at most <see cref="MaxRank"/> dims each ≥ 0, at most
    /// <see cref="OnnxImportLimits.MaxParameters"/> values, and exactly that many values held — raw_data of
    /// values × element size bytes, or as many entries of its typed field. Returns the number of values.
    /// </summary>
    public static long Check(TensorProto tensor, string location, OnnxImportLimits limits)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            string file = tensor.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value ?? "?";
            throw new OnnxFormatException(location, $"keeps its data in an external file ('{file}'); only tensors held inside the .onnx file are read.");
        }
        if (tensor.Segment is not null) throw new OnnxFormatException(location, "is split into segments; only whole tensors are read.");
        if (!Readable(tensor.DataType))
            throw new OnnxFormatException(location, $"is of type {TypeName(tensor.DataType)}; a dense network's constants are float32 or float64 (with int64 shapes and bool masks).");
        if (tensor.Dims.Count > MaxRank)
            throw new OnnxFormatException(location, string.Create(C, $"has {tensor.Dims.Count} dimensions; at most {MaxRank} are read."));
        long count = 1;
        for (int d = 0; d < tensor.Dims.Count; d++)
        {
            long dim = tensor.Dims[d];
            if (dim < 0) throw new OnnxFormatException(location, string.Create(C, $"dimension {d} is {dim}; a size is at least 0."));
            if (dim != 0 && count > limits.MaxParameters / dim) // count·dim > MaxParameters, tested without overflow
                throw new OnnxFormatException(location, string.Create(C,
                    $"declares {Shape(tensor)} values, more than the {limits.MaxParameters} one tensor may hold (OnnxImportLimits.MaxParameters)."));
            count *= dim;
        }
        long typed = Typed(tensor);
        bool raw = tensor.RawData.Length > 0;
        if (raw && typed > 0) throw new OnnxFormatException(location, "holds its values twice, in raw_data and in a typed field; a tensor holds them in one.");
        long held = raw ? tensor.RawData.Length : typed;
        long expected = raw ? count * ElementSize(tensor.DataType) : count;
        if (held != expected)
            throw new OnnxFormatException(location, raw
                ? string.Create(C, $"declares {Shape(tensor)} = {count} {TypeName(tensor.DataType)} values ({expected} bytes) but holds {held} bytes of raw_data.")
                : string.Create(C, $"declares {Shape(tensor)} = {count} values but holds {held}."));
        return count;
    }

    /// <summary>"[3, 5]" (or "[]" for a scalar).</summary>
    public static string Shape(TensorProto tensor) => "[" + string.Join(", ", tensor.Dims.Select(d => d.ToString(C))) + "]";

    /// <summary>The values of a checked float32 or float64 tensor, as doubles (a float32 converts exactly).</summary>
    public static double[] Doubles(TensorProto tensor)
    {
        int count = checked((int)Count(tensor));
        var values = new double[count];
        var raw = tensor.RawData.Span;
        if (tensor.DataType == (int)DataType.Float)
        {
            for (int i = 0; i < count; i++)
                values[i] = raw.Length > 0 ? BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]) : tensor.FloatData[i];
        }
        else
        {
            for (int i = 0; i < count; i++)
                values[i] = raw.Length > 0 ? BinaryPrimitives.ReadDoubleLittleEndian(raw[(8 * i)..]) : tensor.DoubleData[i];
        }
        return values;
    }

    /// <summary>The values of a checked int64 tensor.</summary>
    public static long[] Int64s(TensorProto tensor)
    {
        int count = checked((int)Count(tensor));
        var raw = tensor.RawData.Span;
        var values = new long[count];
        for (int i = 0; i < count; i++) values[i] = raw.Length > 0 ? BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]) : tensor.Int64Data[i];
        return values;
    }

    /// <summary>The values of a checked bool tensor (one byte each in raw_data, int32_data otherwise).</summary>
    public static bool[] Bools(TensorProto tensor)
    {
        int count = checked((int)Count(tensor));
        var raw = tensor.RawData.Span;
        var values = new bool[count];
        for (int i = 0; i < count; i++) values[i] = raw.Length > 0 ? raw[i] != 0 : tensor.Int32Data[i] != 0;
        return values;
    }

    /// <summary>The number of values of a checked tensor: the product of its dims.</summary>
    public static long Count(TensorProto tensor) => tensor.Dims.Aggregate(1L, (n, d) => n * d);

    private static int ElementSize(int type) => type switch
    {
        (int)DataType.Float => 4,
        (int)DataType.Double or (int)DataType.Int64 => 8,
        _ => 1,
    };

    /// <summary>The number of entries of the typed field of the tensor's type (float_data, double_data, int64_data or int32_data).</summary>
    private static long Typed(TensorProto tensor) => tensor.DataType switch
    {
        (int)DataType.Float => tensor.FloatData.Count,
        (int)DataType.Double => tensor.DoubleData.Count,
        (int)DataType.Int64 => tensor.Int64Data.Count,
        _ => tensor.Int32Data.Count,
    };
}
