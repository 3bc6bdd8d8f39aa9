using System.Text;

namespace Backprop.Tests.Models;

/// <summary>Model files, version 2: everything a model is in one file, checked when read; version 1 still loads.</summary>
public sealed class ModelFileV2Tests
{
    private static Model Reload(Model model, out string json)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        json = Encoding.UTF8.GetString(stream.ToArray());
        stream.Position = 0;
        return Model.Load(stream);
    }

    private static Model Read(string json) => Model.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_saved_classifier_loads_with_its_scaling_names_and_weights_and_predicts_bit_for_bit()
    {
        var data = ModelTests.Iris();
        var model = ModelTests.FitIris(3).Model;

        var loaded = Reload(model, out string json);

        json.Should().Contain("\"version\": 2").And.Contain("\"task\": \"classification\"").And.Contain("\"kind\": \"zscore\"");
        loaded.ClassNames.Should().Equal(model.ClassNames);
        loaded.FeatureNames.Should().Equal(model.FeatureNames);
        loaded.InputScaler!.Offset.Should().Equal(model.InputScaler!.Offset);
        loaded.InputScaler.Scale.Should().Equal(model.InputScaler.Scale);
        for (int s = 0; s < data.Count; s++)
            loaded.Predict(ModelTests.Row(data, s)).Should().Equal(model.Predict(ModelTests.Row(data, s)));
    }

    [Fact]
    public void A_saved_regressor_keeps_its_target_names_and_target_scaling()
    {
        var network = new Network([new DenseLayer(new[,] { { 0.5, -1.0 }, { 2.0, 0.25 } }, [0.1, 0.2], Activation.Identity)], Loss.MeanSquaredError);
        var model = Model.Regressor(network, ["price", "rent"], new MinMaxScaler([1.0, 2.0], [3.0, 0.0]), new StandardScaler([100.0, 10.0], [20.0, 2.0]), ["rooms", "floor"]);

        var loaded = Reload(model, out string json);

        json.Should().Contain("\"targetScaling\"").And.Contain("\"targets\"");
        loaded.Task.Should().Be(ModelTask.Regression);
        loaded.TargetNames.Should().Equal("price", "rent");
        loaded.InputScaler.Should().BeOfType<MinMaxScaler>();
        loaded.Predict([4.0, 7.0]).Should().Equal(model.Predict([4.0, 7.0]));
        // rooms: (4 − 1)/3 = 1; floor has no spread: 0. out = (0.6, 2.2); y = out·σ + μ.
        model.Predict([4.0, 7.0]).Should().Equal(0.6 * 20 + 100, 2.2 * 2 + 10);
    }

    [Fact]
    public void A_version_1_file_of_the_demo_loads_with_the_classes_and_scaling_it_kept_in_its_metadata()
    {
        const string V1 = """
            { "format": "backprop-model", "version": 1, "inputSize": 2, "loss": "categorical-cross-entropy",
              "layers": [ { "activation": "softmax", "biasMode": "trainable", "weights": [[1, 0], [0, 1]], "bias": [0, 0] } ],
              "metadata": { "training": { "classes": "setosa,virginica", "scale": "zscore", "scale.offset": "1,2", "scale.scale": "2,0" } } }
            """;

        var model = Read(V1);

        model.ClassNames.Should().Equal("setosa", "virginica");
        model.InputScaler.Should().BeOfType<StandardScaler>().Which.Mean.Should().Equal(1, 2);
        model.Classify([5.0, 9.0]).Label.Should().Be("setosa", "(5 − 1)/2 = 2 beats the spread-less feature's 0");
    }

    [Fact]
    public void A_version_1_file_with_short_packed_scaling_fails_naming_the_field()
    {
        const string V1 = """
            { "format": "backprop-model", "version": 1, "inputSize": 2, "loss": "mse",
              "layers": [ { "activation": "identity", "biasMode": "none", "weights": [[1, 0]] } ],
              "metadata": { "training": { "scale.offset": "1", "scale.scale": "2,3" } } }
            """;

        var act = () => Read(V1);

        act.Should().Throw<ModelFormatException>().WithMessage("*$.metadata.training['scale.offset']*holds 1 values but the network takes 2 inputs*");
    }

    [Theory]
    [InlineData("\"inputScaling\": { \"kind\": \"zscore\", \"offset\": [1], \"scale\": [1, 1] },", "$.inputScaling.offset", "has 1 values but inputSize count 2")]
    [InlineData("\"inputScaling\": { \"kind\": \"robust\", \"offset\": [1, 1], \"scale\": [1, 1] },", "$.inputScaling.kind", "unknown scaling \"robust\"")]
    [InlineData("\"inputScaling\": { \"kind\": \"zscore\", \"offset\": [1, 1], \"scale\": [1, -1] },", "$.inputScaling.scale", "value 1 (-1) is negative")]
    [InlineData("\"classes\": [\"a\", \"b\", \"c\"],", "$.classes", "has 3 names but the output layer's neurons count 2")]
    [InlineData("\"classes\": [\"a\", \"a\"],", "$.classes[1]", "repeats 'a'")]
    [InlineData("\"features\": [\"f\"], \"classes\": [\"a\", \"b\"],", "$.features", "has 1 names but inputSize count 2")]
    [InlineData("\"targets\": [\"y\", \"z\"], \"classes\": [\"a\", \"b\"],", "$.targets", "unexpected field")]
    public void A_version_2_file_with_a_bad_model_part_fails_naming_its_JSON_path(string parts, string path, string message)
    {
        string json = $$"""
            { "format": "backprop-model", "version": 2, "task": "classification", {{parts}}
              "inputSize": 2, "loss": "categorical-cross-entropy",
              "layers": [ { "activation": "softmax", "biasMode": "none", "weights": [[1, 0], [0, 1]] } ] }
            """;
        if (!parts.Contains("classes", StringComparison.Ordinal)) json = json.Replace("\"task\": \"classification\",", "\"task\": \"classification\", \"classes\": [\"a\", \"b\"],", StringComparison.Ordinal);

        var act = () => Read(json);

        act.Should().Throw<ModelFormatException>().Which.Message.Should().Contain(path).And.Contain(message);
    }

    [Fact]
    public void A_network_saved_alone_loads_as_a_model_whose_task_follows_its_loss()
    {
        var network = new Network([new DenseLayer(new[,] { { 1.0, 2.0 } }, [0.0], Activation.Identity)], Loss.MeanSquaredError);
        using var stream = new MemoryStream();
        ModelFile.Save(network, stream);
        stream.Position = 0;

        var model = Model.Load(stream);

        model.Task.Should().Be(ModelTask.Regression);
        model.TargetNames.Should().Equal("y0");
        model.InputScaler.Should().BeNull();
        model.Predict([1.0, 1.0]).Should().Equal(3.0);
    }

    [Fact]
    public void Scalers_rebuilt_from_their_parameters_refuse_bad_ones_and_invert_their_scaling()
    {
        var scaler = new StandardScaler([10.0, -2.0], [4.0, 0.5]);
        Span<double> row = [18.0, -1.0];

        scaler.Transform(row, row);
        row.ToArray().Should().Equal(2.0, 2.0);
        scaler.InverseTransform(row, row);
        row.ToArray().Should().Equal(18.0, -1.0);

        var negative = () => new MinMaxScaler([0.0], [-1.0]);
        negative.Should().Throw<ArgumentOutOfRangeException>().WithMessage("range[0] is negative*");
        var lengths = () => new StandardScaler([0.0, 1.0], [1.0]);
        lengths.Should().Throw<ArgumentException>().WithMessage("standardDeviation has 1 values but mean has 2*");
        var nan = () => new StandardScaler([double.NaN], [1.0]);
        nan.Should().Throw<ArgumentException>().WithMessage("*mean[0]*NaN*");
    }
}
