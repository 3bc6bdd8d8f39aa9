using Backprop.Onnx;
using Google.Protobuf;
using Onnx;

namespace Backprop.Tests.Serialization;

/// <summary>Untrusted files: each malformed, lying or oversized file fails fast with an <see cref="OnnxFormatException"/>
/// and bounded memory, before anything of the size it claims is allocated.</summary>
public sealed class OnnxImportSafetyTests
{
    /// <summary>A refused import may allocate its bytes, their parse and small bookkeeping: a megabyte is plenty for these
    /// kilobyte files, and far below the 8·10¹⁸ bytes the absurd tensors claim.</summary>
    private const long SmallAllocation = 1 << 20;

    private static byte[] Torch(string name) => File.ReadAllBytes(OnnxFixture.Load(name).OnnxPath);

    private static byte[] Network() => OnnxExport.ToBytes(global::Backprop.Network.Create(4,
        [new LayerDefinition(5, Activation.Tanh), new LayerDefinition(3, Activation.Softmax)], new UniformInitializer(-1, 1), seed: 3, Loss.CategoricalCrossEntropy));

    /// <summary>The refusal's message and the bytes the failed import allocated.</summary>
    private static (string Message, long Allocated) Refuse(byte[] bytes, OnnxImportLimits? limits = null, bool seekable = true)
    {
        using Stream stream = seekable ? new MemoryStream(bytes) : new OneWayStream(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        string message;
        try
        {
            OnnxImport.Load(stream, limits);
            message = "(no error)";
        }
        catch (OnnxFormatException e)
        {
            message = e.Message;
        }
        return (message, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] Edit(byte[] bytes, Action<ModelProto> edit)
    {
        var proto = ModelProto.Parser.ParseFrom(bytes);
        edit(proto);
        return proto.ToByteArray();
    }

    [Fact]
    public void Every_truncation_of_a_file_fails_with_a_format_error_and_never_another_exception()
    {
        var bytes = Network();

        for (int length = 0; length < bytes.Length; length++)
        {
            var (message, _) = Refuse(bytes[..length]);
            message.Should().StartWith("ONNX file, ", $"a file cut to {length} of {bytes.Length} bytes");
        }
        Refuse([]).Message.Should().Be("ONNX file, file: is empty.");
        Refuse(bytes[..(bytes.Length / 2)]).Message.Should().StartWith("ONNX file, protobuf: not a valid ONNX model (truncated or malformed)");
    }

    [Fact]
    public void Random_damage_to_a_pytorch_file_gives_a_model_or_a_format_error_and_nothing_else()
    {
        var original = Torch("classifier_f32");
        var random = new Random(16);
        int refused = 0;

        for (int trial = 0; trial < 3000; trial++)
        {
            var bytes = (byte[])original.Clone();
            for (int k = random.Next(1, 4); k > 0; k--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                var model = OnnxImport.Load(new MemoryStream(bytes));
                model.Predict([1.0, -2, 0.5, 3]).Should().OnlyContain(v => double.IsFinite(v));
            }
            catch (OnnxFormatException)
            {
                refused++;
            }
        }
        refused.Should().BeGreaterThan(300, "much of the damage lands in the structure, not only in weights");
    }

    [Fact]
    public void A_length_prefix_beyond_the_file_is_a_truncated_protobuf_not_an_allocation()
    {
        // Field 7 (the graph), length-delimited, claiming 2³¹ − 1 bytes; then four bytes.
        byte[] bytes = [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 2, 3, 4];

        var (message, allocated) = Refuse(bytes);

        message.Should().StartWith("ONNX file, protobuf: not a valid ONNX model (truncated or malformed)");
        allocated.Should().BeLessThan(SmallAllocation);
    }

    [Fact]
    public void A_tensor_of_absurd_dimensions_is_refused_before_anything_of_its_size_is_allocated()
    {
        var bytes = Edit(Torch("classifier_f32"), m =>
        {
            var w = m.Graph.Initializer.Single(t => t.Name == "0.weight");
            w.Dims[0] = 1_000_000_000;
            w.Dims[1] = 1_000_000_000;
        });
        var threeDims = Edit(Torch("classifier_f32"), m => m.Graph.Initializer[0].Dims.AddRange([3_000_000_000L, 3_000_000_000L, 3_000_000_000L]));

        var (message, allocated) = Refuse(bytes);

        message.Should().Be("ONNX file, initializer '0.weight': declares [1000000000, 1000000000] values, more than the 33554432 one tensor may hold (OnnxImportLimits.MaxParameters).");
        allocated.Should().BeLessThan(SmallAllocation);
        Refuse(threeDims).Message.Should().Contain("declares [").And.Contain("more than the 33554432 one tensor may hold", "the product is checked before it can overflow");
    }

    [Fact]
    public void A_tensor_that_declares_more_than_its_data_holds_is_refused_naming_both_sizes()
    {
        var raw = Edit(Torch("classifier_f32"), m => m.Graph.Initializer.Single(t => t.Name == "0.weight").Dims[0] = 9);
        var typed = Edit(Network(), m => m.Graph.Initializer.Single(t => t.Name == "b0").Dims[0] = 6);
        var both = Edit(Network(), m => m.Graph.Initializer.Single(t => t.Name == "b0").RawData = ByteString.CopyFrom(new byte[40]));

        Refuse(raw).Message.Should().Be("ONNX file, initializer '0.weight': declares [9, 4] = 36 float32 values (144 bytes) but holds 128 bytes of raw_data.");
        Refuse(typed).Message.Should().Be("ONNX file, initializer 'b0': declares [6] = 6 values but holds 5.");
        Refuse(both).Message.Should().Contain("initializer 'b0': holds its values twice");
    }

    [Fact]
    public void Negative_dimensions_are_refused_in_a_tensor_and_in_the_graph_input()
    {
        var tensor = Edit(Network(), m => m.Graph.Initializer.Single(t => t.Name == "W0").Dims[0] = -5);
        var input = Edit(Network(), m => m.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = -4);
        var huge = Edit(Network(), m => m.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = 1_000_000_000);

        Refuse(tensor).Message.Should().Be("ONNX file, initializer 'W0': dimension 0 is -5; a size is at least 0.");
        Refuse(input).Message.Should().Be("ONNX file, graph input 'input': dimension 1 is -4; a size is at least 1.");
        Refuse(huge).Message.Should().Be("ONNX file, node 'gemm0' (Gemm): weights 'W0' take 4 inputs but the tensor they read has 1000000000 values per sample.");
    }

    [Fact]
    public void Weights_kept_in_an_external_file_are_refused()
    {
        var bytes = Edit(Network(), m =>
        {
            var w = m.Graph.Initializer.Single(t => t.Name == "W1");
            w.DoubleData.Clear();
            w.DataLocation = TensorProto.Types.DataLocation.External;
            w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "../../etc/weights.bin" });
        });

        Refuse(bytes).Message.Should().Be("ONNX file, initializer 'W1': keeps its data in an external file ('../../etc/weights.bin'); only tensors held inside the .onnx file are read.");
    }

    [Fact]
    public void A_file_longer_than_the_limit_is_refused_before_it_is_read_or_as_soon_as_a_stream_passes_it()
    {
        var bytes = OnnxExport.ToBytes(global::Backprop.Network.Create(100, [new LayerDefinition(100, Activation.Tanh)], new UniformInitializer(), seed: 1));
        var limits = new OnnxImportLimits { MaxBytes = 100 };

        var (seekable, allocated) = Refuse(bytes, limits);
        var (oneWay, _) = Refuse(bytes, limits, seekable: false);

        seekable.Should().Be($"ONNX file, file: is {bytes.Length} bytes; at most 100 bytes are read (OnnxImportLimits.MaxBytes).");
        allocated.Should().BeLessThan(bytes.Length / 10, "nothing of the file was read");
        oneWay.Should().Be("ONNX file, file: is longer; at most 100 bytes are read (OnnxImportLimits.MaxBytes).");
        OnnxImport.Load(new OneWayStream(bytes)).Network.ParameterCount.Should().Be(10_100, "a stream that cannot seek is read in chunks");
    }

    [Fact]
    public void More_layers_parameters_or_nodes_than_the_limits_allow_are_refused_naming_the_limit()
    {
        var bytes = Network(); // 4-5-3: 25 + 18 = 43 parameters, 4 nodes

        Refuse(bytes, new OnnxImportLimits { MaxLayers = 1 }).Message.Should().Be("ONNX file, node 'gemm1' (Gemm): is layer 2; at most 1 layers are read (OnnxImportLimits.MaxLayers).");
        Refuse(bytes, new OnnxImportLimits { MaxParameters = 42 }).Message.Should().Be("ONNX file, node 'gemm1' (Gemm): brings the layers to 43 weights and biases; at most 42 are read (OnnxImportLimits.MaxParameters).");
        Refuse(bytes, new OnnxImportLimits { MaxParameters = 19 }).Message.Should().Be("ONNX file, initializer 'W0': declares [5, 4] values, more than the 19 one tensor may hold (OnnxImportLimits.MaxParameters).");
        Refuse(bytes, new OnnxImportLimits { MaxNodes = 3 }).Message.Should().Be("ONNX file, graph: has 4 nodes; at most 3 are read (OnnxImportLimits.MaxNodes).");
        OnnxImport.Load(new MemoryStream(bytes), new OnnxImportLimits { MaxLayers = 2, MaxParameters = 43, MaxNodes = 4, MaxBytes = bytes.Length })
            .Network.ParameterCount.Should().Be(43, "the limits are inclusive");
    }

    [Fact]
    public void Text_or_a_model_without_a_graph_or_opset_is_refused()
    {
        var noOpset = Edit(Network(), m => m.OpsetImport.Clear());

        Refuse("not an onnx file"u8.ToArray()).Message.Should().StartWith("ONNX file, ");
        Refuse(new ModelProto { IrVersion = 8 }.ToByteArray()).Message.Should().Be("ONNX file, file: holds no graph; it is not an ONNX model.");
        Refuse(noOpset).Message.Should().Be("ONNX file, model: declares no version of the standard ONNX operator set (opset_import).");
    }

    [Fact]
    public void Limits_out_of_range_are_refused_naming_the_property()
    {
        FluentActions.Invoking(() => new OnnxImportLimits { MaxBytes = 0 }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxBytes");
        FluentActions.Invoking(() => new OnnxImportLimits { MaxBytes = Array.MaxLength + 1L }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxBytes");
        FluentActions.Invoking(() => new OnnxImportLimits { MaxLayers = 0 }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxLayers");
        FluentActions.Invoking(() => new OnnxImportLimits { MaxNodes = -1 }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxNodes");
        FluentActions.Invoking(() => new OnnxImportLimits { MaxParameters = 0 }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxParameters");
        OnnxImportLimits.Default.Should().Be(new OnnxImportLimits { MaxBytes = 256L << 20, MaxLayers = 1000, MaxNodes = 10_000, MaxParameters = 1L << 25 });
    }

    /// <summary>A stream that can only be read forward, as a pipe or a network stream.</summary>
    private sealed class OneWayStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
