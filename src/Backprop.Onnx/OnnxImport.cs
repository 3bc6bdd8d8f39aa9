using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace Backprop.Onnx;

/// <summary>
/// Reads an ONNX file into a Backprop <see cref="Model"/> that predicts what ONNX Runtime predicts from the file,
/// and can be explained (<see cref="StepTrace"/>), trained further (<see cref="Trainer"/>) and saved
/// (<see cref="Model.Save(string)"/>). Two kinds of file are read:
/// <list type="bullet">
/// <item>a feed-forward network exported by PyTorch (<c>torch.onnx.export</c> of an <c>nn.Sequential</c> of
/// <c>Linear</c> layers and activations, opset 13 or later): Gemm (alpha = beta = 1, transB 0 or 1) or MatMul then
/// Add of a bias (or MatMul alone: no bias), each followed by at most one of Relu, Sigmoid, Tanh, LeakyRelu
/// (0 ≤ α &lt; 1), Softmax over the last axis, or none; Identity, and a Flatten or Reshape that changes nothing, are
/// stepped over. It becomes a classifier of classes "0", "1", … when the last activation is a softmax of two or
/// more outputs, and a regressor otherwise; the loss is categorical cross-entropy for the classifier and mean
/// squared error for the regressor;</item>
/// <item>Backprop's own export (<see cref="OnnxExport"/>) of a network or a whole model: its input scaling (Sub, Div,
/// Where), its leaky ReLU (Mul, Max), its target unscaling (Mul, Add) and label output are read back, and its
/// metadata (<see cref="OnnxMetadataKeys"/>) gives the task, the names, the kinds of scaling and the
/// <see cref="ModelMetadata"/>; the loss comes from its doc_string. The weights and scalings come back bit for bit.</item>
/// </list>
/// Weights of float32 files convert exactly to double; the model computes in double from them.
/// </summary>
/// <remarks>
/// Every file is treated as untrusted. The bytes are read up to <see cref="OnnxImportLimits.MaxBytes"/>, and a longer
/// file is refused before it is read; a truncated or malformed protobuf, a tensor whose dims do not match the data
/// it holds (compared before a value is copied), negative or absurd dimensions, external data, and more nodes,
/// layers or parameters than the limits allow are each an <see cref="OnnxFormatException"/>, as is any operator,
/// branch or shape outside the forms above; the message names the node, its operator and what is wrong.
/// </remarks>
public static partial class OnnxImport
{
    /// <summary>The first opset read: Softmax over one axis and Squeeze's axes as an input arrived with 13.</summary>
    public const int MinOpset = 13;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Reads an ONNX file into a model (see <see cref="OnnxImport"/>).</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="limits">The sizes accepted; <see cref="OnnxImportLimits.Default"/> when null.</param>
    /// <exception cref="OnnxFormatException">The file is not a network this reads; the message says where and why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Model Load(string path, OnnxImportLimits? limits = null) => Read(path, limits).Model;

    /// <summary>Reads an ONNX model from a stream (from its position to its end) into a model.</summary>
    /// <param name="stream">The stream (left open).</param>
    /// <param name="limits">The sizes accepted; <see cref="OnnxImportLimits.Default"/> when null.</param>
    /// <exception cref="OnnxFormatException">The content is not a network this reads.</exception>
    public static Model Load(Stream stream, OnnxImportLimits? limits = null) => Read(stream, limits).Model;

    /// <summary>Reads an ONNX file: the model, and what the file said about itself (precision, producer, opset).</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="limits">The sizes accepted; <see cref="OnnxImportLimits.Default"/> when null.</param>
    /// <exception cref="OnnxFormatException">The file is not a network this reads.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static OnnxImportResult Read(string path, OnnxImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, limits);
    }

    /// <summary>Reads an ONNX model from a stream (from its position to its end): the model and facts about the file.</summary>
    /// <param name="stream">The stream (left open).</param>
    /// <param name="limits">The sizes accepted; <see cref="OnnxImportLimits.Default"/> when null.</param>
    /// <exception cref="OnnxFormatException">The content is not a network this reads.</exception>
    public static OnnxImportResult Read(Stream stream, OnnxImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= OnnxImportLimits.Default;
        byte[] bytes = ReadBytes(stream, limits.MaxBytes);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException("protobuf", $"not a valid ONNX model (truncated or malformed): {e.Message}", e);
        }
        if (proto.Graph is null)
            throw new OnnxFormatException("file", bytes.Length == 0 ? "is empty." : "holds no graph; it is not an ONNX model.");
        long opset = Opset(proto);
        var chain = OnnxChainReader.Read(proto.Graph, limits);
        return Build(proto, chain, opset);
    }

    /// <summary>The version of the standard operator set, checked to be at least <see cref="MinOpset"/>.</summary>
    private static long Opset(ModelProto proto)
    {
        var standard = proto.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").ToList();
        if (standard.Count == 0) throw new OnnxFormatException("model", "declares no version of the standard ONNX operator set (opset_import).");
        long opset = standard.Max(o => o.Version);
        if (opset < MinOpset)
            throw new OnnxFormatException("model", string.Create(C,
                $"declares opset {opset}; ONNX import reads opset {MinOpset} and later (export again with opset_version={MinOpset} or later)."));
        return opset;
    }

    /// <summary>The rest of the stream, at most <paramref name="maxBytes"/>: a seekable stream's length is checked
    /// before anything is read, any other stream is read in chunks and refused as soon as it passes the limit.</summary>
    private static byte[] ReadBytes(Stream stream, long maxBytes)
    {
        if (stream.CanSeek)
        {
            long remaining = Math.Max(0, stream.Length - stream.Position);
            if (remaining > maxBytes) throw TooLong(string.Create(C, $"is {remaining} bytes"), maxBytes);
            var buffer = new byte[remaining];
            stream.ReadExactly(buffer);
            return buffer;
        }
        using var memory = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (memory.Length + read > maxBytes) throw TooLong("is longer", maxBytes);
            memory.Write(chunk, 0, read);
        }
        return memory.ToArray();
    }

    private static OnnxFormatException TooLong(string size, long maxBytes) =>
        new("file", string.Create(C, $"{size}; at most {maxBytes} bytes are read (OnnxImportLimits.MaxBytes)."));
}
