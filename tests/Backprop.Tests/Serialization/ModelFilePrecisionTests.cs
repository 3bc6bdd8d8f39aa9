using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Serialization;

public class ModelFilePrecisionTests
{
    private static readonly LayerDefinition[] Layers =
        [new LayerDefinition(6, Activation.Tanh), new LayerDefinition(3, new LeakyReLU(0.2)), new LayerDefinition(2, Activation.Softmax)];

    private static string Text(Network network)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(network, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Network Load(string json) => ModelFile.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))).Network;

    [Fact]
    public void A_float_network_saves_its_precision_and_shortest_float_texts_and_loads_bit_for_bit()
    {
        var narrow = Network.Create(4, Layers, ScaledInitializer.GlorotUniform, seed: 8, Loss.CategoricalCrossEntropy, Backprop.Precision.Float32);

        string json = Text(narrow);
        var loaded = Load(json);

        json.Should().Contain("\"precision\": \"float32\"");
        float w = narrow.Layers[0].WeightsSingle[0, 0];
        json.Should().Contain(w.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ",", "each float in its shortest round-trip text");
        json.Should().NotContain(((double)w).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        loaded.Precision.Should().Be(Backprop.Precision.Float32);
        for (int l = 0; l < Layers.Length; l++)
        {
            loaded.Layers[l].WeightsSingle.ToColumnMajorArray().Should().Equal(narrow.Layers[l].WeightsSingle.ToColumnMajorArray());
            loaded.Layers[l].BiasSingle.ToArray().Should().Equal(narrow.Layers[l].BiasSingle.ToArray());
        }
        var x = Matrix<float>.Build.Dense(4, 5, (i, j) => (i - j) / 3f);
        loaded.Predict(x).ToColumnMajorArray().Should().Equal(narrow.Predict(x).ToColumnMajorArray());
        Text(loaded).Should().Be(json, "a loaded float file saves the same text again");
    }

    [Fact]
    public void A_double_network_writes_no_precision_and_a_file_without_one_is_float64()
    {
        var wide = Network.Create(4, Layers, ScaledInitializer.GlorotUniform, seed: 8, Loss.CategoricalCrossEntropy);

        string json = Text(wide);

        json.Should().NotContain("precision");
        Load(json).Precision.Should().Be(Backprop.Precision.Float64);
        Load(json.Replace("\"version\": 2,", "\"version\": 2, \"precision\": \"float64\",", StringComparison.Ordinal))
            .Layers[0].Weights.Should().Be(wide.Layers[0].Weights);
    }

    [Fact]
    public void A_float_file_takes_the_exact_double_of_a_float_too()
    {
        string json = File(weight: "0.10000000149011612");

        Load(json).Layers[0].WeightsSingle[0, 0].Should().Be(0.1f);
        Load(File(weight: "0.1")).Layers[0].WeightsSingle[0, 0].Should().Be(0.1f);
    }

    [Theory]
    [InlineData("0.100000003", "$.layers[0].weights[0][1]", "*not a float32 value*more digits than a float holds; the nearest float is 0.1.")]
    [InlineData("0.123456789", "$.layers[0].weights[0][1]", "*not a float32 value*nearest float is 0.12345679*")]
    [InlineData("1e39", "$.layers[0].weights[0][1]", "*beyond the float32 range*")]
    public void A_float_file_refuses_a_value_that_is_not_a_float_naming_its_path(string weight, string path, string message)
    {
        var act = () => Load(File(weight, first: "0.5"));

        act.Should().Throw<ModelFormatException>().Where(e => e.Message.Contains(path, StringComparison.Ordinal)).WithMessage(message);
    }

    [Fact]
    public void An_unknown_precision_is_refused_naming_the_field()
    {
        var act = () => Load(File("0.5").Replace("float32", "float16", StringComparison.Ordinal));

        act.Should().Throw<ModelFormatException>().WithMessage("*$.precision*unknown precision \"float16\"; expected float32 or float64*");
    }

    /// <summary>A float32 file of one 1 × 2 layer.</summary>
    private static string File(string weight, string first = "0.25") => $$"""
        { "format": "backprop-model", "version": 2, "precision": "float32", "inputSize": 2, "loss": "half-squared-error",
          "layers": [ { "activation": "sigmoid", "biasMode": "trainable", "weights": [[{{(first == "0.25" ? weight : first)}}, {{(first == "0.25" ? "0.5" : weight)}}]], "bias": [0.5] } ] }
        """;
}
