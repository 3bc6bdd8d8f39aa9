using Backprop.Onnx;
using Backprop.Tests.Models;
using Backprop.Tests.Serialization;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Backprop.Tests.MLNet;

/// <summary>ML.NET serves Backprop's ONNX export: the float32 interface of the export, fed to ML.NET's own
/// ApplyOnnxModel, returns Backprop's predictions to float precision.</summary>
public sealed class OnnxFloat32ServingTests
{
    private sealed class Row
    {
        [VectorType(3)]
        [ColumnName(OnnxExport.InputName)]
        public float[] Features { get; set; } = [];
    }

    [Fact]
    public void ApplyOnnxModel_on_the_float32_export_of_a_model_returns_what_the_model_predicts()
    {
        var model = OnnxModelExportTests.FitRegressor();
        var random = new Random(11);
        var rows = Enumerable.Range(0, 25).Select(_ => new Row { Features = [(float)random.NextDouble() * 2, (float)random.NextDouble() * 2, 7] }).ToArray();
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(rows);
        // A file, not a stream: from a stream ML.NET writes a temporary copy it never deletes.
        var folder = Directory.CreateTempSubdirectory("backprop-float32-");
        string file = Path.Combine(folder.FullName, "model.onnx");
        File.WriteAllBytes(file, OnnxExport.WithFloat32Interface(OnnxExport.ToModel(model)).ToByteArray());
        float[][] outputs;
        try
        {
            using var transformer = ml.Transforms.ApplyOnnxModel([OnnxExport.OutputName], [OnnxExport.InputName], file).Fit(data);
            outputs = MLNetData.Vectors(transformer.Transform(data), OnnxExport.OutputName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        for (int i = 0; i < rows.Length; i++)
        {
            double[] expected = model.Predict([.. rows[i].Features.Select(v => (double)v)]);
            outputs[i].Should().HaveCount(expected.Length);
            for (int k = 0; k < expected.Length; k++) FloatPrecision.ShouldMatch(outputs[i][k], expected[k], $"row {i}, target {k}");
        }
    }

    [Fact]
    public void The_float32_interface_changes_only_the_double_inputs_and_outputs_and_keeps_the_names()
    {
        var classifier = OnnxExport.ToModel(ModelTests.FitIris(1).Model);
        var float32 = OnnxExport.WithFloat32Interface(classifier);

        float32.Graph.Input.Select(v => (v.Name, v.Type.TensorType.ElemType)).Should().Equal((OnnxExport.InputName, (int)DataType.Float));
        float32.Graph.Output.Select(v => (v.Name, v.Type.TensorType.ElemType)).Should().Equal(
            (OnnxExport.OutputName, (int)DataType.Float), (OnnxExport.LabelName, (int)DataType.Int64));
        float32.Graph.Node.Count(n => n.OpType == "Cast").Should().Be(2);
        float32.MetadataProps.Should().BeEquivalentTo(classifier.MetadataProps);
        classifier.Graph.Input[0].Type.TensorType.ElemType.Should().Be((int)DataType.Double, "the export given is not changed");
    }
}
