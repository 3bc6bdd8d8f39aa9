using Backprop.Onnx;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Backprop.Tests.Serialization;

public class OnnxFloat32ExportTests
{
    /// <summary>ONNX Runtime's float kernels sum in their own order, Backprop's in its own: each output within a
    /// few float roundings (2⁻²⁴ ≈ 6e-8) of the sums' terms, which are of order 1 here, so relative to the larger of
    /// the value and 1 (an output near zero is a difference of such terms).</summary>
    private const double FloatAgreement = 2e-6;

    public static TheoryData<string, string> Activations() => new()
    {
        { "sigmoid", "sigmoid" }, { "tanh", "softmax" }, { "relu", "identity" }, { "leaky-relu", "tanh" },
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void A_float_network_exports_float_tensors_that_onnx_runtime_runs_as_backprop_does(string hidden, string output)
    {
        var network = Network.Create(5, [new LayerDefinition(7, Activation.Parse(hidden)), new LayerDefinition(3, Activation.Parse(output))],
            new UniformInitializer(-1, 1), seed: 8, output == "softmax" ? Loss.CategoricalCrossEntropy : Loss.HalfSquaredError, Backprop.Precision.Float32);
        var r = new Random(17);
        var samples = Matrix<float>.Build.Dense(100, 5, (_, _) => (float)(r.NextDouble() * 4 - 2));

        var proto = OnnxExport.ToModel(network);
        using var session = new InferenceSession(OnnxExport.ToBytes(network));
        var input = new DenseTensor<float>(samples.ToRowMajorArray(), [100, 5]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, input)]);
        var onnx = results.Single(v => v.Name == OnnxExport.OutputName).AsTensor<float>();
        var ours = network.Predict(samples.Transpose());

        proto.Graph.Input[0].Type.TensorType.ElemType.Should().Be((int)DataType.Float);
        proto.Graph.Output[0].Type.TensorType.ElemType.Should().Be((int)DataType.Float);
        proto.Graph.Initializer.Should().OnlyContain(t => t.DataType == (int)DataType.Float);
        proto.Graph.Initializer.Single(t => t.Name == "W0").FloatData.Should().Equal(network.Layers[0].WeightsSingle.ToRowMajorArray());
        for (int s = 0; s < 100; s++)
        for (int k = 0; k < 3; k++)
            ((double)onnx[s, k]).Should().BeApproximately(ours[k, s], FloatAgreement * Math.Max(1, Math.Abs(ours[k, s])), $"sample {s}, output {k}");
    }

    [Fact]
    public void A_float_model_keeps_its_double_interface_with_the_layers_in_float_between_casts()
    {
        var data = Backprop.Tests.Models.ModelTests.Iris();
        var model = Model.Fit(data, new FitOptions { Hidden = [6], Precision = Backprop.Precision.Float32,
            Training = new TrainingOptions { Epochs = 5, BatchSize = 16 } }, seed: 3).Model;

        var proto = OnnxExport.ToModel(model);
        using var session = new InferenceSession(OnnxExport.ToBytes(model));
        var rows = Matrix<double>.Build.DenseOfColumns(Enumerable.Range(0, 150).Select(s => data.Inputs.Column(s))).Transpose();
        var input = new DenseTensor<double>(data.Inputs.Transpose().ToRowMajorArray(), [150, 4]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, input)]);
        var onnx = results.Single(v => v.Name == OnnxExport.OutputName).AsTensor<double>();
        var labels = results.Single(v => v.Name == OnnxExport.LabelName).AsTensor<long>();

        proto.Graph.Input[0].Type.TensorType.ElemType.Should().Be((int)DataType.Double);
        proto.Graph.Node.Select(n => n.OpType).Should().Contain("Cast");
        for (int s = 0; s < 150; s++)
        {
            var ours = model.Predict(rows.Row(s).ToArray());
            for (int k = 0; k < 3; k++)
            {
                onnx[s, k].Should().BeApproximately(ours[k], FloatAgreement * Math.Max(1, ours[k]), $"sample {s}, output {k}");
                onnx[s, k].Should().Be((float)onnx[s, k], "the layers computed in float");
            }
            if (ours.Max() - ours.OrderDescending().ElementAt(1) > 1e-4) labels[s].Should().Be(model.Classify(rows.Row(s).ToArray()).Index);
        }
    }

    [Fact]
    public void Backprops_float_exports_import_back_as_the_float_network_and_model_they_were()
    {
        var data = Backprop.Tests.Models.ModelTests.Iris();
        var model = Model.Fit(data, new FitOptions { Hidden = [6], Precision = Backprop.Precision.Float32,
            Training = new TrainingOptions { Epochs = 5, BatchSize = 16 } }, seed: 3).Model;

        var fromModel = OnnxImport.Read(new MemoryStream(OnnxExport.ToBytes(model))).Model;
        var fromNetwork = OnnxImport.Read(new MemoryStream(OnnxExport.ToBytes(model.Network))).Model;

        foreach (var imported in new[] { fromModel, fromNetwork })
        {
            imported.Network.Precision.Should().Be(Backprop.Precision.Float32);
            for (int l = 0; l < 2; l++)
                imported.Network.Layers[l].WeightsSingle.ToColumnMajorArray().Should().Equal(model.Network.Layers[l].WeightsSingle.ToColumnMajorArray());
        }
        var row = data.Inputs.Column(42).ToArray();
        fromModel.Predict(row).Should().Equal(model.Predict(row), "the float model comes back bit for bit, scaling included");
    }
}
