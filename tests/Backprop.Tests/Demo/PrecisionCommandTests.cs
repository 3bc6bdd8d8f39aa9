using System.Text.Json;

namespace Backprop.Tests.Demo;

// Every test runs the demo in a process of its own.
[Trait("Category", "Integration")]
public sealed class PrecisionCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-precision-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_in_float32_saves_a_float_model_that_predict_and_export_use_or_convert()
    {
        string model = Path.Combine(_dir, "iris32.json");
        string onnx = Path.Combine(_dir, "iris32.onnx");

        var train = DemoRunner.Run("train", "--data", "iris", "--hidden", "8", "--epochs", "60", "--batch-size", "8", "--learning-rate", "0.01",
            "--precision", "float32", "--summary", "--save", model);
        train.ExitCode.Should().Be(0, train.Error);
        train.Output.Should().Contain("; float32");
        File.ReadAllText(model).Should().Contain("\"precision\": \"float32\"");

        var predict = DemoRunner.Run("predict", "--model", model, "--data", "iris", "--json");
        var wide = DemoRunner.Run("predict", "--model", model, "--data", "iris", "--json", "--precision", "float64");
        predict.ExitCode.Should().Be(0, predict.Error);
        wide.ExitCode.Should().Be(0, wide.Error);
        double accuracy = JsonDocument.Parse(predict.Output).RootElement.GetProperty("accuracy").GetDouble();
        accuracy.Should().BeGreaterThan(0.9);
        JsonDocument.Parse(wide.Output).RootElement.GetProperty("accuracy").GetDouble().Should().BeApproximately(accuracy, 1.0 / 150,
            "the float weights widened exactly predict within a sample of the float network");

        var export = DemoRunner.Run("export-onnx", "--model", model, "--out", onnx);
        export.ExitCode.Should().Be(0, export.Error);
        export.Output.Should().Contain("(its layers in float32)");
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx);
        session.InputMetadata["input"].ElementType.Should().Be<double>("a model keeps its double interface");
    }

    [Fact]
    public void Explain_traces_a_float_step_lbfgs_trains_in_float_and_an_unknown_precision_is_refused()
    {
        var explain = DemoRunner.Run("explain", "--sizes", "2,2,2", "--precision", "float32", "--json");
        var lbfgs = DemoRunner.Run("train", "--data", "iris", "--optimizer", "lbfgs", "--precision", "float32");
        var unknown = DemoRunner.Run("train", "--data", "iris", "--precision", "float16");

        explain.ExitCode.Should().Be(0, explain.Error);
        var net = JsonDocument.Parse(explain.Output).RootElement.GetProperty("layers")[0].GetProperty("neurons")[0].GetProperty("net").GetDouble();
        ((double)(float)net).Should().Be(net, "a float network's net, read as a double");
        lbfgs.ExitCode.Should().Be(0, lbfgs.Error);
        lbfgs.Output.Should().Contain("131 parameters, float32").And.Contain("test accuracy: 96.67%");
        unknown.ExitCode.Should().NotBe(0);
        unknown.Error.Should().Contain("float16").And.Contain("float32");
    }
}
