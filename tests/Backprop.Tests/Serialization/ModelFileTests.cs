using System.Text;
using System.Text.Json.Nodes;
using Backprop.Demo.Tour;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Serialization;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, BiasMode, int> Networks() => new()
    {
        { "sigmoid", "sigmoid", BiasMode.Trainable, 1 },
        { "tanh", "softmax", BiasMode.Frozen, 2 },
        { "relu", "identity", BiasMode.None, 3 },
        { "leaky-relu", "sigmoid", BiasMode.Trainable, 2 },
        { "identity", "softmax", BiasMode.Trainable, 0 },
    };

    private static Network Make(string hidden, string output, BiasMode mode, int hiddenLayers)
    {
        var layers = Enumerable.Range(0, hiddenLayers).Select(i => new LayerDefinition(4 + i, Activation.Parse(hidden), mode))
            .Append(new LayerDefinition(3, Activation.Parse(output), mode));
        return Network.Create(3, layers, ScaledInitializer.GlorotNormal, seed: 4,
            output == "softmax" ? Loss.CategoricalCrossEntropy : output == "identity" ? Loss.MeanSquaredError : Loss.BinaryCrossEntropy);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Save_then_load_gives_bit_identical_predictions(string hidden, string output, BiasMode mode, int depth)
    {
        var network = Make(hidden, output, mode, depth);
        string path = Path.Combine(_dir, "model.json");

        ModelFile.Save(network, path);
        var loaded = ModelFile.Load(path).Network;

        var r = new Random(2);
        var x = Matrix<double>.Build.Dense(3, 50, (_, _) => r.NextDouble() * 6 - 3);
        loaded.Predict(x).ToColumnMajorArray().Should().Equal(network.Predict(x).ToColumnMajorArray());
        loaded.Loss.Name.Should().Be(network.Loss.Name);
        loaded.Layers.Select(l => (l.Activation.Name, l.BiasMode)).Should().Equal(network.Layers.Select(l => (l.Activation.Name, l.BiasMode)));
        for (int l = 0; l < network.Layers.Count; l++)
            loaded.Layers[l].Weights.ToColumnMajorArray().Should().Equal(network.Layers[l].Weights.ToColumnMajorArray());
    }

    [Fact]
    public void Metadata_round_trips_and_a_leaky_slope_is_kept()
    {
        var network = new Network([new DenseLayer(new[,] { { 0.1, -0.2 } }, [0.3], new LeakyReLU(0.2))]);
        var metadata = new ModelMetadata
        {
            Description = "test", Seed = 7, Epochs = 20, FinalLoss = 0.1234567890123,
            Created = new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero),
            Training = new Dictionary<string, string> { ["optimizer"] = "adam", ["batch"] = "32" },
        };
        var stream = new MemoryStream();

        ModelFile.Save(network, stream, metadata);
        stream.Position = 0;
        var loaded = ModelFile.Load(stream);

        loaded.Metadata.Should().BeEquivalentTo(metadata);
        ((LeakyReLU)loaded.Network.Layers[0].Activation).Alpha.Should().Be(0.2);
    }

    [Fact]
    public void The_file_is_readable_json_in_the_documented_shape()
    {
        var stream = new MemoryStream();
        ModelFile.Save(MazurTour.CreateNetwork(), stream);

        var doc = JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!;
        doc["format"]!.GetValue<string>().Should().Be("backprop-model");
        doc["version"]!.GetValue<int>().Should().Be(ModelFile.Version).And.Be(2);
        doc["layers"]![1]!["weights"]!.ToJsonString().Should().Be("[[0.4,0.45],[0.5,0.55]]");
        doc["layers"]![0]!["biasMode"]!.GetValue<string>().Should().Be("frozen");
    }

    private static string Valid() =>
        """
        { "format": "backprop-model", "version": 1, "inputSize": 2, "loss": "half-squared-error",
          "layers": [ { "activation": "sigmoid", "biasMode": "frozen", "weights": [[0.15, 0.2], [0.25, 0.3]], "bias": [0.35, 0.35] },
                      { "activation": "sigmoid", "biasMode": "frozen", "weights": [[0.4, 0.45], [0.5, 0.55]], "bias": [0.6, 0.6] } ] }
        """;

    private static ModelFormatException Fails(string json)
    {
        var act = () => ModelFile.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        return act.Should().Throw<ModelFormatException>().Which;
    }

    [Fact]
    public void The_valid_example_loads_as_the_blogs_network()
    {
        var model = ModelFile.Load(new MemoryStream(Encoding.UTF8.GetBytes(Valid())));

        model.Network.ComputeLoss(MazurTour.Input, MazurTour.Target).Should().BeApproximately(0.29837110876000272, 1e-15);
        model.Metadata.Should().BeNull();
    }

    [Theory]
    [InlineData("\"version\": 1", "\"version\": 3", "$.version", "unknown version 3; this library reads versions 1 and 2")]
    [InlineData("\"loss\": \"half-squared-error\",", "", "$.loss", "missing")]
    [InlineData("\"inputSize\": 2,", "\"inputSize\": 2, \"extra\": true,", "$.extra", "unexpected field")]
    [InlineData("[[0.4, 0.45], [0.5, 0.55]]", "[[0.4, 0.45, 1], [0.5, 0.55, 1]]", "$.layers[1].weights[0]", "has 3 weights but $.layers[0] has 2 neurons")]
    [InlineData("\"bias\": [0.6, 0.6]", "\"bias\": [0.6]", "$.layers[1].bias", "has 1 values but the layer has 2 neurons")]
    [InlineData("[[0.15, 0.2]", "[[0.15, \"NaN\"]", "$.layers[0].weights[0][1]", "expected a number")]
    [InlineData("[[0.15, 0.2]", "[[0.15, 1e999]", "$.layers[0].weights[0][1]", "not a finite number")]
    [InlineData("\"activation\": \"sigmoid\", \"biasMode\": \"frozen\", \"weights\": [[0.4", "\"activation\": \"swish\", \"biasMode\": \"frozen\", \"weights\": [[0.4", "$.layers[1].activation", "swish")]
    [InlineData("\"biasMode\": \"frozen\", \"weights\": [[0.4", "\"biasMode\": \"sometimes\", \"weights\": [[0.4", "$.layers[1].biasMode", "sometimes")]
    [InlineData("\"half-squared-error\"", "\"categorical-cross-entropy\"", "$.loss", "softmax")]
    [InlineData("\"format\": \"backprop-model\"", "\"format\": \"keras\"", "$.format", "backprop-model")]
    public void Each_corruption_names_its_problem_and_json_path(string from, string to, string path, string problem)
    {
        var e = Fails(Valid().Replace(from, to));

        e.JsonPath.Should().Be(path);
        e.Message.Should().Contain(problem).And.Contain(path);
    }

    [Fact]
    public void A_truncated_file_is_reported_as_incomplete_json()
    {
        string json = Valid();

        var e = Fails(json[..(json.Length / 2)]);

        e.Message.Should().Contain("not valid JSON");
    }

    [Fact]
    public void A_failed_save_leaves_the_existing_file_as_it_was()
    {
        string path = Path.Combine(_dir, "model.json");
        ModelFile.Save(MazurTour.CreateNetwork(), path);
        byte[] before = File.ReadAllBytes(path);
        var broken = Backprop.Tests.Networks.ParameterSafetyTests.Overflowed();

        var act = () => ModelFile.Save(broken, path);

        act.Should().Throw<InvalidOperationException>().WithMessage("*layers[0].Weights[0, 0] is +∞*");
        File.ReadAllBytes(path).Should().Equal(before);
        Directory.GetFiles(_dir).Should().Equal(path);
    }

    [Fact]
    public void A_save_into_a_missing_folder_fails_without_leaving_files()
    {
        string path = Path.Combine(_dir, "no-such-folder", "model.json");

        var act = () => ModelFile.Save(MazurTour.CreateNetwork(), path);

        act.Should().Throw<DirectoryNotFoundException>();
        Directory.GetFileSystemEntries(_dir).Should().BeEmpty();
    }
}
