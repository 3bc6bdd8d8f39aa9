using System.Text;
using System.Text.Json;

namespace Backprop.Tests.Serialization;

public class ModelFileSizeTests
{
    private static ModelFormatException Fails(string json)
    {
        var act = () => ModelFile.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        return act.Should().Throw<ModelFormatException>().Which;
    }

    [Fact]
    public void A_file_claiming_a_billion_inputs_fails_at_its_first_row_without_allocating_them()
    {
        const string json = """
            { "format": "backprop-model", "version": 1, "inputSize": 1000000000, "loss": "half-squared-error",
              "layers": [ { "activation": "sigmoid", "biasMode": "none", "weights": [[0.1, 0.2], [0.3, 0.4]] } ] }
            """;
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Fails(json);

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
        e.JsonPath.Should().Be("$.layers[0].weights[0]");
        e.Message.Should().Contain("has 2 weights but inputSize is 1000000000");
    }

    [Fact]
    public void A_row_that_is_not_an_array_is_found_before_the_weights_are_read()
    {
        var e = Fails("""
            { "format": "backprop-model", "version": 1, "inputSize": 2, "loss": "half-squared-error",
              "layers": [ { "activation": "sigmoid", "biasMode": "none", "weights": [[0.1, "x"], 7] } ] }
            """);

        e.JsonPath.Should().Be("$.layers[0].weights[1]");
        e.Message.Should().Contain("expected an array of numbers");
    }

    [Fact]
    public void A_layer_read_under_another_prefix_names_its_paths_by_it()
    {
        using var doc = JsonDocument.Parse("""{ "activation": "identity", "biasMode": "none", "weights": [[1, 2, 3]] }""");

        var act = () => ModelFileReader.ReadLayer(doc.RootElement, "$.network.layers[2]", 2, fanIn: 2);
        var layer = ModelFileReader.ReadLayer(doc.RootElement, "$.network.layers[2]", 2, fanIn: 3);

        act.Should().Throw<ModelFormatException>().Where(e => e.JsonPath == "$.network.layers[2].weights[0]"
            && e.Message.Contains("has 3 weights but $.network.layers[1] has 2 neurons"));
        layer.Weights.ToRowMajorArray().Should().Equal(1, 2, 3);
    }
}
