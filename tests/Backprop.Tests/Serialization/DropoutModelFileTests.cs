using System.Text;
using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Serialization;

public class DropoutModelFileTests
{
    private static Network Make() => Network.Create(3,
        [new LayerDefinition(5, Activation.ReLU) { Dropout = 0.3 }, new LayerDefinition(4, Activation.Tanh),
         new LayerDefinition(2, Activation.Softmax)],
        ScaledInitializer.HeUniform, seed: 8, Loss.CategoricalCrossEntropy);

    private static string Saved(Network network)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(network, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Network Load(string json) => ModelFile.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))).Network;

    [Fact]
    public void Save_then_load_keeps_each_layers_rate_and_the_loaded_network_trains_as_the_saved_one()
    {
        var network = Make();
        var loaded = Load(Saved(network));
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.4, -0.2 }, { -0.9, 0.5 }, { 0.7, 0.8 } });
        var t = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0 }, { 1.0, 0.0 } });

        loaded.Layers.Select(l => l.Dropout).Should().Equal(0.3, 0.0, 0.0);
        network.TrainStep(x, t, new Sgd(0.2));
        loaded.TrainStep(x, t, new Sgd(0.2));
        loaded.Layers[0].Weights.Should().Be(network.Layers[0].Weights);
    }

    [Fact]
    public void A_model_saved_and_loaded_keeps_the_rate()
    {
        var model = Model.Classifier(Make(), ["no", "yes"]);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;

        Model.Load(stream).Network.Layers[0].Dropout.Should().Be(0.3);
    }

    [Fact]
    public void The_rate_is_written_on_its_layer_only_and_a_network_without_dropout_writes_no_dropout_field()
    {
        var layers = JsonNode.Parse(Saved(Make()))!["layers"]!.AsArray();
        var plain = Network.Create(3, [new LayerDefinition(5, Activation.ReLU), new LayerDefinition(2, Activation.Softmax)],
            ScaledInitializer.HeUniform, seed: 8, Loss.CategoricalCrossEntropy);

        layers[0]!["dropout"]!.GetValue<double>().Should().Be(0.3);
        ((JsonObject)layers[0]!).Select(p => p.Key).Should().Equal("activation", "biasMode", "dropout", "weights", "bias");
        ((JsonObject)layers[1]!).ContainsKey("dropout").Should().BeFalse();
        Saved(plain).Should().NotContain("dropout");
    }

    [Theory]
    [InlineData("1", "$.layers[0].dropout", "must be in [0, 1)*got 1.")]
    [InlineData("-0.5", "$.layers[0].dropout", "must be in [0, 1)*got -0.5.")]
    [InlineData("\"half\"", "$.layers[0].dropout", "expected a number, found the string \"half\".")]
    public void A_bad_rate_in_a_file_is_refused_naming_its_path(string value, string path, string message)
    {
        var json = JsonNode.Parse(Saved(Make()))!;
        json["layers"]![0]!["dropout"] = JsonNode.Parse(value);

        var act = () => Load(json.ToJsonString());

        act.Should().Throw<ModelFormatException>().Where(e => e.JsonPath == path).WithMessage($"Model file, {path}: {message}");
    }

    [Fact]
    public void A_file_with_dropout_on_its_output_layer_is_refused_naming_that_layer()
    {
        var json = JsonNode.Parse(Saved(Make()))!;
        json["layers"]![2]!["dropout"] = 0.5;

        var act = () => Load(json.ToJsonString());

        act.Should().Throw<ModelFormatException>().Where(e => e.JsonPath == "$.layers[2].dropout")
            .WithMessage("*is 0.5 on the output layer; dropout applies to the outputs of hidden layers only.");
    }
}
