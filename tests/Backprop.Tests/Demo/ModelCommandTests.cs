using System.Text.Json;

namespace Backprop.Tests.Demo;

// Every test runs the demo in a process of its own.
[Trait("Category", "Integration")]
public sealed class ModelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-models-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_save_predict_and_export_work_together()
    {
        string model = Path.Combine(_dir, "iris.json");
        string onnx = Path.Combine(_dir, "iris.onnx");

        var train = DemoRunner.Run("train", "--data", "iris", "--hidden", "8", "--epochs", "60", "--batch-size", "8", "--learning-rate", "0.01", "--save", model);
        train.ExitCode.Should().Be(0, train.Error);
        train.Output.Should().Contain($"model saved to {model}");

        var predict = DemoRunner.Run("predict", "--model", model, "--data", "iris", "--json");
        predict.ExitCode.Should().Be(0, predict.Error);
        var root = JsonDocument.Parse(predict.Output).RootElement;
        root.GetProperty("predictions").GetArrayLength().Should().Be(150);
        root.GetProperty("accuracy").GetDouble().Should().BeGreaterThan(0.9, "the saved scaling is applied to the raw file");

        var export = DemoRunner.Run("export-onnx", "--model", model, "--out", onnx);
        export.ExitCode.Should().Be(0, export.Error);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx);
        session.InputMetadata["input"].Dimensions.Should().Equal(-1, 4);
    }

    [Fact]
    public void A_corrupt_model_file_is_reported_with_its_json_path()
    {
        string model = Path.Combine(_dir, "bad.json");
        File.WriteAllText(model, """{ "format": "backprop-model", "version": 9, "inputSize": 1, "loss": "mse", "layers": [] }""");

        var (exit, _, error) = DemoRunner.Run("predict", "--model", model, "--data", "iris");

        exit.Should().Be(2);
        error.Should().Contain("$.version").And.Contain("unknown version 9");
    }
}
