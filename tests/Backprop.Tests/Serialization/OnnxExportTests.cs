using Backprop.Onnx;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Tests.Serialization;

public class OnnxExportTests
{
    public static TheoryData<string, string> Activations() => new()
    {
        { "sigmoid", "sigmoid" }, { "tanh", "sigmoid" }, { "relu", "identity" }, { "leaky-relu", "tanh" },
        { "identity", "identity" }, { "sigmoid", "softmax" },
    };

    private static Network Make(string hidden, string output, BiasMode mode = BiasMode.Trainable) =>
        Network.Create(5, [new LayerDefinition(7, Activation.Parse(hidden), mode), new LayerDefinition(4, Activation.Parse(hidden), mode),
            new LayerDefinition(3, Activation.Parse(output), mode)], new UniformInitializer(-1, 1), seed: 8,
            output == "softmax" ? Loss.CategoricalCrossEntropy : Loss.HalfSquaredError);

    private static double[,] Run(byte[] model, Matrix<double> samplesByRow)
    {
        using var session = new InferenceSession(model);
        var input = new DenseTensor<double>(samplesByRow.ToRowMajorArray(), [samplesByRow.RowCount, samplesByRow.ColumnCount]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, input)]);
        var output = results.Single(r => r.Name == OnnxExport.OutputName).AsTensor<double>();
        var m = new double[output.Dimensions[0], output.Dimensions[1]];
        for (int i = 0; i < m.GetLength(0); i++)
        for (int j = 0; j < m.GetLength(1); j++) m[i, j] = output[i, j];
        return m;
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Onnx_runtime_reproduces_the_outputs_on_200_random_inputs(string hidden, string output)
    {
        var network = Make(hidden, output);
        var r = new Random(17);
        var samples = Matrix<double>.Build.Dense(200, 5, (_, _) => r.NextDouble() * 4 - 2);

        var onnx = Run(OnnxExport.ToBytes(network), samples);
        var ours = network.Predict(samples.Transpose());

        for (int s = 0; s < 200; s++)
        for (int k = 0; k < 3; k++)
            onnx[s, k].Should().BeApproximately(ours[k, s], 1e-12 * Math.Max(1e-3, Math.Abs(ours[k, s])), $"sample {s}, output {k}");
    }

    [Fact]
    public void A_network_without_bias_and_a_frozen_one_export_too()
    {
        var r = new Random(3);
        var samples = Matrix<double>.Build.Dense(100, 5, (_, _) => r.NextDouble());
        foreach (var mode in new[] { BiasMode.None, BiasMode.Frozen })
        {
            var network = Make("tanh", "sigmoid", mode);
            var onnx = Run(OnnxExport.ToBytes(network), samples);
            var ours = network.Predict(samples.Transpose());
            for (int s = 0; s < 100; s++) onnx[s, 0].Should().BeApproximately(ours[0, s], 1e-12 * Math.Abs(ours[0, s]));
        }
    }

    [Fact]
    public void The_model_file_declares_double_tensors_and_a_batch_dimension()
    {
        var model = OnnxExport.ToModel(Make("relu", "softmax"));

        model.Graph.Input.Single().Name.Should().Be("input");
        model.Graph.Input[0].Type.TensorType.ElemType.Should().Be((int)global::Onnx.TensorProto.Types.DataType.Double);
        model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam.Should().Be("N");
        model.Graph.Node.Select(n => n.OpType).Should().Equal("Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax");
        model.OpsetImport.Single().Version.Should().Be(OnnxExport.Opset);
    }

    [Fact]
    public void Saving_to_a_file_writes_a_model_that_loads()
    {
        string path = Path.Combine(Path.GetTempPath(), $"backprop-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(Make("sigmoid", "sigmoid"), path);
            using var session = new InferenceSession(path);
            session.InputMetadata.Keys.Should().Equal("input");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
