using Backprop.Onnx;
using Backprop.Tests.Models;

namespace Backprop.Tests.Serialization;

/// <summary>Backprop's own ONNX export read back: the same weights, scalings, names, loss and metadata, bit for bit.</summary>
public sealed class OnnxImportBackpropTests
{
    private static Model RoundTrip(Model model) => OnnxImport.Load(new MemoryStream(OnnxExport.ToBytes(model)));

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Every weight, bias and activation of <paramref name="b"/> is <paramref name="a"/>'s, bit for bit.</summary>
    internal static void SameNetwork(Network a, Network b)
    {
        b.Layers.Should().HaveCount(a.Layers.Count);
        for (int l = 0; l < a.Layers.Count; l++)
        {
            Bits(b.Layers[l].Weights.ToRowMajorArray()).Should().Equal(Bits(a.Layers[l].Weights.ToRowMajorArray()), $"layer {l}'s weights");
            Bits(b.Layers[l].Bias).Should().Equal(Bits(a.Layers[l].Bias), $"layer {l}'s bias");
            b.Layers[l].Activation.Name.Should().Be(a.Layers[l].Activation.Name);
        }
        b.Loss.Should().Be(a.Loss);
    }

    private static void SameScaler(Scaler? a, Scaler? b)
    {
        if (a is null)
        {
            b.Should().BeNull();
            return;
        }
        b.Should().NotBeNull().And.BeOfType(a.GetType());
        Bits(b!.Offset).Should().Equal(Bits(a.Offset));
        Bits(b.Scale).Should().Equal(Bits(a.Scale));
    }

    [Fact]
    public void A_classifier_comes_back_with_its_zscore_scaling_names_and_metadata_bit_for_bit()
    {
        var fitted = ModelTests.FitIris().Model;
        var model = Model.Classifier(fitted.Network, ["setosa", "versi, color", "virginica"], fitted.InputScaler, fitted.FeatureNames,
            new ModelMetadata
            {
                Description = "iris", Seed = 1, Epochs = 30, FinalLoss = 0.1 + 0.2, Created = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)),
                Training = new Dictionary<string, string> { ["optimizer"] = "adam", ["learning_rate"] = "0.01" },
            });

        var result = OnnxImport.Read(new MemoryStream(OnnxExport.ToBytes(model)));

        var back = result.Model;
        result.FromBackprop.Should().BeTrue();
        (result.Precision, result.ProducerName, result.Opset).Should().Be((OnnxPrecision.DoublePrecision, "Backprop", 13L));
        SameNetwork(model.Network, back.Network);
        SameScaler(model.InputScaler, back.InputScaler);
        back.Task.Should().Be(ModelTask.Classification);
        back.ClassNames.Should().Equal(model.ClassNames);
        back.FeatureNames.Should().Equal(model.FeatureNames);
        back.Metadata.Should().BeEquivalentTo(model.Metadata);
        back.Metadata!.FinalLoss.Should().Be(0.1 + 0.2);
        var data = ModelTests.Iris();
        for (int s = 0; s < data.Count; s++)
            Bits(back.Predict(ModelTests.Row(data, s))).Should().Equal(Bits(model.Predict(ModelTests.Row(data, s))));
    }

    [Fact]
    public void A_regressor_comes_back_with_its_minmax_scaling_a_zero_spread_feature_and_its_target_scaling()
    {
        var model = OnnxModelExportTests.FitRegressor();
        model.InputScaler!.Scale[2].Should().Be(0, "the graph masks feature c with Where");

        var back = RoundTrip(model);

        SameNetwork(model.Network, back.Network);
        SameScaler(model.InputScaler, back.InputScaler);
        SameScaler(model.TargetScaler, back.TargetScaler);
        back.Task.Should().Be(ModelTask.Regression);
        back.TargetNames.Should().Equal(model.TargetNames);
        back.FeatureNames.Should().Equal("a", "b", "c");
        var random = new Random(3);
        for (int s = 0; s < 50; s++)
        {
            double[] row = [random.NextDouble() * 8 - 4, random.NextDouble() * 8 - 4, random.NextDouble() * 20 - 3];
            Bits(back.Predict(row)).Should().Equal(Bits(model.Predict(row)));
        }
    }

    [Fact]
    public void A_single_sigmoid_classifier_comes_back_through_its_threshold_label()
    {
        var network = new Network([new DenseLayer(new[,] { { 2.0, -0.5 } }, [-1.0], Activation.Sigmoid)], Loss.BinaryCrossEntropy);
        var model = Model.Classifier(network, ["no", "yes"]);

        var back = RoundTrip(model);

        SameNetwork(model.Network, back.Network);
        back.ClassNames.Should().Equal("no", "yes");
        back.Classify([0.5, 0.0]).Label.Should().Be("yes", "p = 0.5 is class 1");
    }

    [Fact]
    public void A_network_export_comes_back_with_its_leaky_relu_slope_and_its_loss_from_the_doc_string()
    {
        var network = Network.Create(3, [new LayerDefinition(5, new LeakyReLU(0.25)), new LayerDefinition(4, Activation.LeakyReLU),
            new LayerDefinition(2, Activation.Sigmoid)], new UniformInitializer(-1, 1), seed: 4, Loss.BinaryCrossEntropy);

        var back = RoundTrip(Model.Regressor(network)).Network;
        var bare = OnnxImport.Read(new MemoryStream(OnnxExport.ToBytes(network)));

        SameNetwork(network, back);
        SameNetwork(network, bare.Model.Network);
        ((LeakyReLU)bare.Model.Network.Layers[0].Activation).Alpha.Should().Be(0.25);
        bare.FromBackprop.Should().BeFalse("a network alone carries no model metadata");
        bare.Model.Task.Should().Be(ModelTask.Classification, "a cross-entropy loss makes a classifier, as Model.Load decides for a network file");
        bare.Model.ClassNames.Should().Equal("0", "1");
    }

    [Fact]
    public void A_network_with_a_half_squared_error_and_no_bias_comes_back_as_a_regressor_with_zero_biases()
    {
        var network = Network.Create(2, [new LayerDefinition(3, Activation.Tanh, BiasMode.None), new LayerDefinition(2, Activation.Identity, BiasMode.Frozen)],
            new UniformInitializer(-1, 1), seed: 2);

        var back = OnnxImport.Load(new MemoryStream(OnnxExport.ToBytes(network)));

        SameNetwork(network, back.Network);
        back.Task.Should().Be(ModelTask.Regression);
        back.Network.Loss.Should().Be(Loss.HalfSquaredError);
        back.Network.Layers.Should().OnlyContain(l => l.BiasMode == BiasMode.Trainable, "the graph adds a bias of zeros; its bias mode is not in the file");
    }

    [Fact]
    public void Metadata_that_contradicts_the_graph_is_refused_naming_the_key()
    {
        var proto = OnnxExport.ToModel(ModelTests.FitIris(1).Model);
        proto.MetadataProps.Single(p => p.Key == OnnxMetadataKeys.Classes).Value = """["a","b"]""";
        var noScaling = OnnxExport.ToModel(Model.Regressor(Network.Create(2, [new LayerDefinition(1, Activation.Identity)], new UniformInitializer(), 1)));
        noScaling.MetadataProps.Single(p => p.Key == OnnxMetadataKeys.InputScaling).Value = "minmax";
        var task = OnnxExport.ToModel(ModelTests.FitIris(1).Model);
        task.MetadataProps.Single(p => p.Key == OnnxMetadataKeys.Task).Value = "forecast";

        Refusal(proto).Should().Be("ONNX file, metadata: 2 class names were given but the network has 3 outputs (one per class).");
        Refusal(noScaling).Should().Be("ONNX file, metadata 'backprop.input_scaling': is 'minmax' but the graph has no such scaling.");
        Refusal(task).Should().StartWith("ONNX file, metadata 'backprop.task': is 'forecast'");
    }

    internal static string Refusal(global::Onnx.ModelProto proto)
    {
        var act = () => OnnxImport.Load(new MemoryStream(Google.Protobuf.MessageExtensions.ToByteArray(proto)));
        return act.Should().Throw<OnnxFormatException>().Which.Message;
    }
}
