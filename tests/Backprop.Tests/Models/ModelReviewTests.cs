using System.Text;

namespace Backprop.Tests.Models;

/// <summary>What an app developer met trying the model API: each is refused clearly, before any work.</summary>
public sealed class ModelReviewTests
{
    [Fact]
    public void A_csv_of_one_class_is_refused_by_fit_naming_the_class()
    {
        var data = CsvDataset.Load(new StringReader("a,b,y\n1,2,1\n3,4,1\n"));

        var act = () => Model.Fit(data, new FitOptions(), seed: 1);

        act.Should().Throw<ArgumentException>().WithMessage("The training data holds one class only ('1')*");
    }

    [Fact]
    public void A_numeric_target_with_one_stray_word_is_not_read_as_hundreds_of_classes()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "diabetes.csv"));
        lines[5] = lines[5][..lines[5].LastIndexOf(',')] + ",NA";

        var act = () => CsvDataset.Load(new StringReader(string.Join('\n', lines)), sourceName: "diabetes.csv");

        act.Should().Throw<CsvFormatException>().WithMessage(
            "*label column 11 ('progression') holds 215 distinct labels, more than the 50 classes a classifier is allowed (CsvOptions.MaxClasses); all but 1 are numbers (line 6: 'NA')*");
    }

    [Fact]
    public void An_empty_class_label_is_refused_naming_its_line_and_column()
    {
        var act = () => CsvDataset.Load(new StringReader("a,y\n1,0\n2,\n3,1\n"), sourceName: "t.csv");

        act.Should().Throw<CsvFormatException>().WithMessage("t.csv, line 3, column 2: the label (column 2 ('y')) is empty.");
    }

    [Theory]
    [InlineData("\"task\": \"classification\", \"task\": \"regression\",", "$.task", "appears twice")]
    [InlineData("\"task\": \"classification\", \"features\": [\"a\", \"a\"],", "$.features[1]", "repeats 'a'")]
    [InlineData("\"task\": \"classification\", \"classes\": [\"c\", \"c\"],", "$.classes[1]", "repeats 'c'")]
    public void A_model_file_that_says_a_thing_twice_is_refused_at_the_repeat(string parts, string path, string problem)
    {
        string json = $$"""
            { "format": "backprop-model", "version": 2, {{parts}} {{(parts.Contains("\"classes\"", StringComparison.Ordinal) ? "" : "\"classes\": [\"c\", \"d\"],")}}
              "inputSize": 2, "loss": "categorical-cross-entropy",
              "layers": [ { "activation": "softmax", "biasMode": "none", "weights": [[1, 0], [0, 1]] } ] }
            """;

        var act = () => Model.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        act.Should().Throw<ModelFormatException>().Which.Message.Should().Contain(path).And.Contain(problem).And.NotContain("(Parameter");
    }

    [Fact]
    public void A_finite_row_that_the_scaling_overflows_is_refused_naming_the_raw_value()
    {
        var network = new Network([new DenseLayer(new[,] { { 1.0, 1.0 } }, [0.0], Activation.Identity)], Loss.MeanSquaredError);
        var model = Model.Regressor(network, ["y"], new StandardScaler([0.0, 0.0], [1.0, 1e-300]), featureNames: ["a", "b"]);

        var act = () => model.Predict([1.0, 1e10]);
        act.Should().Throw<ArgumentException>().WithMessage("row[1] (b) is 10000000000, which the input scaling takes to +∞*far outside the training data.*");
        var batch = () => model.Predict([[1.0, 2.0], [1.0, 1e10]]);
        batch.Should().Throw<ArgumentException>().WithMessage("sample 1, feature[1] (b) is 10000000000*");
        var empty = () => model.Evaluate(new Dataset(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(2, 0), MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(1, 0)));
        empty.Should().Throw<ArgumentException>().WithMessage("data has no samples to evaluate.*");
    }
}
