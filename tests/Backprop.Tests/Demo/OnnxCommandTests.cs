using System.Globalization;
using System.Text.Json;
using Backprop.Onnx;
using Backprop.Tests.Serialization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Demo;

// Every test runs the demo in a process of its own.
[Trait("Category", "Integration")]
public sealed class OnnxCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-onnx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Import_onnx_writes_a_model_file_that_predict_runs_as_torch_did()
    {
        var fixture = OnnxFixture.Load("classifier_f32");
        string model = Path.Combine(_dir, "torch.json");
        string csv = Path.Combine(_dir, "rows.csv");
        File.WriteAllLines(csv, ["x0,x1,x2,x3", .. fixture.Inputs.Select(r => string.Join(",", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))]);

        var import = DemoRunner.Run("import-onnx", "--model", fixture.OnnxPath, "--out", model);
        var predict = DemoRunner.Run("predict", "--model", model, "--data", csv, "--json");

        import.ExitCode.Should().Be(0, import.Error);
        import.Output.Should().Contain("pytorch 1.13.0, opset 13, float32").And.Contain("layers: 4-8(relu)-8(leaky-relu(0.2))-3(softmax) (3 dense layers, 139 parameters)")
            .And.Contain("task: classification of 3 classes (0, 1, 2), loss categorical-cross-entropy").And.Contain($"model written to {model}");
        predict.ExitCode.Should().Be(0, predict.Error);
        var outputs = JsonDocument.Parse(predict.Output).RootElement.GetProperty("outputs").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        OnnxImportTorchTests.MaxError(outputs, fixture.Outputs).Should().BeLessThan(1e-6);
    }

    [Fact]
    public void Import_onnx_prints_what_it_read_as_json()
    {
        var (exit, output, error) = DemoRunner.Run("import-onnx", "--model", OnnxFixture.Load("matmul_f64").OnnxPath, "--out", Path.Combine(_dir, "m.json"), "--json");

        exit.Should().Be(0, error);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("precision").GetString().Should().Be("float64");
        root.GetProperty("opset").GetInt32().Should().Be(14);
        root.GetProperty("task").GetString().Should().Be("classification");
        root.GetProperty("layers").EnumerateArray().Select(l => (l.GetProperty("outputs").GetInt32(), l.GetProperty("activation").GetString(), l.GetProperty("bias").GetBoolean()))
            .Should().Equal((6, "tanh", false), (4, "softmax", true));
        File.Exists(Path.Combine(_dir, "m.json")).Should().BeTrue();
    }

    [Fact]
    public void Explain_traces_an_onnx_models_network_on_a_raw_row_scaled_as_the_model_scales_it()
    {
        var model = ModelsForTests.Iris();
        string onnx = Path.Combine(_dir, "iris.onnx");
        OnnxExport.Save(model, onnx);
        double[] row = [5.1, 3.5, 1.4, 0.2];

        var (exit, output, error) = DemoRunner.Run("explain", "--model", onnx, "--input", "5.1,3.5,1.4,0.2", "--target", "setosa", "--learning-rate", "0.1", "--json");

        exit.Should().Be(0, error);
        var root = JsonDocument.Parse(output).RootElement;
        var scaled = new double[4];
        model.InputScaler!.Transform(row, scaled);
        var expected = StepTrace.Record(model.Network.Clone(), Vector<double>.Build.DenseOfArray(scaled), Vector<double>.Build.DenseOfArray([1.0, 0, 0]), new Sgd(0.1));
        root.GetProperty("loss").GetDouble().Should().Be(expected.Loss, "the same step, from the ONNX file's weights and scaling");
    }

    [Fact]
    public void Explain_traces_a_model_file_and_says_what_it_traces()
    {
        string json = Path.Combine(_dir, "iris.json");
        ModelsForTests.Iris().Save(json);

        var (exit, output, error) = DemoRunner.Run("explain", "--model", json, "--input", "6.3,2.9,5.6,1.8", "--target", "virginica", "--markdown");

        exit.Should().Be(0, error);
        output.Should().StartWith($"tracing the network of {json} (4-8(relu)-3(softmax), categorical-cross-entropy) on the raw --input scaled by the model's zscore scaling")
            .And.Contain("## Forward pass");
    }
}

/// <summary>A small iris classifier with class names, fitted in process.</summary>
internal static class ModelsForTests
{
    public static Model Iris()
    {
        var fitted = Models.ModelTests.FitIris(5).Model;
        return Model.Classifier(fitted.Network, ["setosa", "versicolor", "virginica"], fitted.InputScaler, fitted.FeatureNames);
    }
}
