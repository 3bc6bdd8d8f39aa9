using System.Text.Json;
using Backprop.Onnx;
using Backprop.Tests.Models;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Tests.Serialization;

/// <summary>A whole model exported to ONNX: ONNX Runtime takes raw rows and returns what Model.Predict returns.</summary>
public sealed class OnnxModelExportTests
{
    /// <summary>ONNX Runtime's Gemm and Softmax may sum and round in another order than Backprop: a few ulps apart.</summary>
    private const double Relative = 1e-12;

    private static (double[][] Outputs, long[]? Labels) Run(byte[] model, double[][] rows)
    {
        using var session = new InferenceSession(model);
        int features = rows[0].Length;
        var input = new DenseTensor<double>(rows.SelectMany(r => r).ToArray(), [rows.Length, features]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, input)]);
        var output = results.Single(r => r.Name == OnnxExport.OutputName).AsTensor<double>();
        var outputs = Enumerable.Range(0, rows.Length)
            .Select(s => Enumerable.Range(0, output.Dimensions[1]).Select(k => output[s, k]).ToArray()).ToArray();
        var label = results.SingleOrDefault(r => r.Name == OnnxExport.LabelName)?.AsTensor<long>();
        return (outputs, label?.ToArray());
    }

    private static void ShouldMatch(double[][] onnx, double[][] ours)
    {
        onnx.Length.Should().Be(ours.Length);
        for (int s = 0; s < ours.Length; s++)
        for (int k = 0; k < ours[s].Length; k++)
            onnx[s][k].Should().BeApproximately(ours[s][k], Relative * Math.Max(1e-3, Math.Abs(ours[s][k])), $"row {s}, output {k}");
    }

    /// <summary>y = (3 sin a − b², a·b) from features a, b and c, c being 7 in every training row.</summary>
    internal static Model FitRegressor()
    {
        var random = new Random(5);
        var x = Matrix<double>.Build.Dense(3, 120, (i, _) => i == 2 ? 7 : random.NextDouble() * 4 - 2);
        var y = Matrix<double>.Build.Dense(2, 120, (k, j) => k == 0 ? 300 + 30 * Math.Sin(x[0, j]) - 10 * x[1, j] * x[1, j] : 5 * x[0, j] * x[1, j]);
        var data = new Dataset(x, y, featureNames: ["a", "b", "c"]);
        var options = new FitOptions
        {
            Hidden = [6], Activation = Activation.Tanh, InputScaling = Scaling.MinMax, TargetScaling = Scaling.ZScore,
            Optimizer = new Adam(0.02), Training = new TrainingOptions { Epochs = 40, BatchSize = 16, Shuffle = true },
        };
        return Model.Fit(data, options, seed: 4).Model;
    }

    [Fact]
    public void Onnx_runtime_classifies_raw_iris_rows_as_the_model_does_with_the_zscore_scaling_in_the_graph()
    {
        var data = ModelTests.Iris();
        var model = ModelTests.FitIris().Model;
        var rows = Enumerable.Range(0, data.Count).Select(s => ModelTests.Row(data, s)).ToArray();

        var (outputs, labels) = Run(OnnxExport.ToBytes(model), rows);

        ShouldMatch(outputs, rows.Select(r => model.Predict(r)).ToArray());
        labels.Should().Equal(rows.Select(r => (long)model.Classify(r).Index));
        labels.Distinct().Should().HaveCount(3, "the rows cover all three classes");
    }

    [Fact]
    public void Onnx_runtime_turns_raw_rows_into_the_regressors_targets_with_minmax_and_target_scaling_in_the_graph()
    {
        var model = FitRegressor();
        model.InputScaler!.Scale[2].Should().Be(0, "feature c had no spread in training");
        var random = new Random(11);
        // Beyond the training range too, and c on both sides of its training value 7 (it maps to 0 all the same).
        var rows = Enumerable.Range(0, 200).Select(_ => new[] { random.NextDouble() * 8 - 4, random.NextDouble() * 8 - 4, random.NextDouble() * 20 - 3 }).ToArray();

        var (outputs, labels) = Run(OnnxExport.ToBytes(model), rows);

        ShouldMatch(outputs, rows.Select(r => model.Predict(r)).ToArray());
        labels.Should().BeNull("a regressor has no label output");
        outputs.Select(o => o[0]).Average().Should().BeInRange(150, 400, "the outputs are in the targets' own units");
    }

    [Fact]
    public void The_scaling_in_the_graph_computes_the_same_doubles_as_Backprops_scalers()
    {
        // Identity weights make the Gemm exact (x·1 + 0·others + 0), so any difference would be the scaling's.
        var identity = new Network([new DenseLayer(new[,] { { 1.0, 0, 0 }, { 0, 1.0, 0 }, { 0, 0, 1.0 } }, [0.0, 0, 0], Activation.Identity)], Loss.MeanSquaredError);
        // The third feature has no spread; its offset is so far away that x − offset overflows for the last row.
        var minMax = Model.Regressor(identity, null, new MinMaxScaler([-1.7, 0.3, -1e308], [3.9, 1.1, 0]), new StandardScaler([100.0, -3, 0.1], [20.0, 0.3, 7]));
        var zScore = Model.Regressor(identity, null, new StandardScaler([0.3, -1.1, 7], [0.7, 3.3, 0]));
        var random = new Random(11);
        var rows = Enumerable.Range(0, 200).Select(_ => new[] { random.NextDouble() * 8 - 4, random.NextDouble() * 8 - 4, random.NextDouble() * 20 - 3 }).Append([0.5, 0.5, 1e308]).ToArray();

        foreach (var model in new[] { minMax, zScore })
        {
            var (outputs, _) = Run(OnnxExport.ToBytes(model), rows);
            for (int s = 0; s < rows.Length; s++)
                outputs[s].Select(BitConverter.DoubleToInt64Bits).Should().Equal(model.Predict(rows[s]).Select(BitConverter.DoubleToInt64Bits), $"row {s}, bit for bit");
        }
    }

    [Fact]
    public void The_graph_scales_with_sub_div_and_where_only_for_zero_spread_and_unscales_a_regressors_targets()
    {
        var regressor = OnnxExport.ToModel(FitRegressor());
        var classifier = OnnxExport.ToModel(ModelTests.FitIris(1).Model);
        var network = new Network([new DenseLayer(new[,] { { 2.0 } }, [-1.0], Activation.Sigmoid)], Loss.BinaryCrossEntropy);
        var unscaled = OnnxExport.ToModel(Model.Classifier(network, ["no", "yes"]));

        regressor.Graph.Node.Select(n => n.OpType).Should().Equal("Sub", "Div", "Where", "Gemm", "Tanh", "Gemm", "Mul", "Add");
        regressor.Graph.Output.Select(o => o.Name).Should().Equal("output");
        regressor.Graph.Initializer.Single(t => t.Name == "input_divisor").DoubleData[2].Should().Be(1, "a zero scale divides by 1");
        classifier.Graph.Node.Select(n => n.OpType).Should().Equal("Sub", "Div", "Gemm", "Relu", "Gemm", "Softmax", "ArgMax");
        classifier.Graph.Output.Select(o => o.Name).Should().Equal("output", "label");
        unscaled.Graph.Node.Select(n => n.OpType).Should().Equal("Gemm", "Sigmoid", "GreaterOrEqual", "Cast", "Squeeze");
    }

    [Fact]
    public void A_single_sigmoid_output_labels_class_one_from_p_of_one_half_as_Classify_does()
    {
        // p = sigmoid(2x − 1): exactly 0.5 at x = 0.5, where Classify says class 1.
        var network = new Network([new DenseLayer(new[,] { { 2.0 } }, [-1.0], Activation.Sigmoid)], Loss.BinaryCrossEntropy);
        var model = Model.Classifier(network, ["no", "yes"]);
        double[][] rows = [[-3.0], [0.25], [0.5], [0.75], [4.0]];

        var (outputs, labels) = Run(OnnxExport.ToBytes(model), rows);

        outputs[2][0].Should().Be(0.5);
        labels.Should().Equal(0, 0, 1, 1, 1);
        labels.Should().Equal(rows.Select(r => (long)model.Classify(r).Index));
        ShouldMatch(outputs, rows.Select(r => model.Predict(r)).ToArray());
    }

    [Fact]
    public void The_metadata_carries_the_task_the_names_as_JSON_arrays_and_the_scaling()
    {
        var fitted = ModelTests.FitIris(1).Model;
        var model = Model.Classifier(fitted.Network, ["setosa", "versi, color", "virginica"], fitted.InputScaler, fitted.FeatureNames,
            new ModelMetadata { Description = "iris", Seed = 1, Epochs = 1 });

        using var session = new InferenceSession(OnnxExport.ToBytes(model));
        var map = session.ModelMetadata.CustomMetadataMap;

        map[OnnxMetadataKeys.Task].Should().Be("classification");
        map[OnnxMetadataKeys.Classes].Should().Be("""["setosa","versi, color","virginica"]""");
        JsonSerializer.Deserialize<string[]>(map[OnnxMetadataKeys.Classes]).Should().Equal(model.ClassNames);
        JsonSerializer.Deserialize<string[]>(map[OnnxMetadataKeys.Features]).Should().Equal("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");
        map[OnnxMetadataKeys.InputScaling].Should().Be("zscore");
        map.Should().NotContainKey(OnnxMetadataKeys.Targets).And.NotContainKey(OnnxMetadataKeys.TargetScaling);
        map[OnnxMetadataKeys.Seed].Should().Be("1");
        map[OnnxMetadataKeys.Description].Should().Be("iris");
        session.ModelMetadata.Description.Should().StartWith("iris. Backprop classification of 3 classes (setosa, versi, color, virginica) from 4 features, zscore scaling");
        session.ModelMetadata.ProducerName.Should().Be("Backprop");
    }

    [Fact]
    public void A_regressors_metadata_names_its_targets_and_target_scaling()
    {
        using var session = new InferenceSession(OnnxExport.ToBytes(FitRegressor()));
        var map = session.ModelMetadata.CustomMetadataMap;

        map[OnnxMetadataKeys.Task].Should().Be("regression");
        map[OnnxMetadataKeys.Targets].Should().Be("""["y0","y1"]""");
        map[OnnxMetadataKeys.Features].Should().Be("""["a","b","c"]""");
        map[OnnxMetadataKeys.InputScaling].Should().Be("minmax");
        map[OnnxMetadataKeys.TargetScaling].Should().Be("zscore");
        map.Should().NotContainKey(OnnxMetadataKeys.Classes);
    }

    [Fact]
    public void Saving_and_writing_a_model_give_the_same_bytes_as_ToBytes()
    {
        var model = FitRegressor();
        string path = Path.Combine(Path.GetTempPath(), $"backprop-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(model, path);
            using var stream = new MemoryStream();
            OnnxExport.Write(model, stream);

            File.ReadAllBytes(path).Should().Equal(OnnxExport.ToBytes(model));
            stream.ToArray().Should().Equal(OnnxExport.ToBytes(model));
            using var session = new InferenceSession(path);
            session.InputMetadata.Keys.Should().Equal("input");
            session.InputMetadata["input"].Dimensions.Should().Equal(-1, 3);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
