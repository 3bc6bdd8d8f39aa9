using Backprop.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.Tests.MLNet;

/// <summary>Settings out of range and columns the trainers do not take fail at once, naming what is wrong.</summary>
public sealed class MLNetBadInputTests
{
    [Fact]
    public void Each_option_out_of_range_throws_naming_it()
    {
        var options = new BackpropTrainerOptions();

        FluentActions.Invoking(() => options with { Epochs = 0 }).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("Epochs");
        FluentActions.Invoking(() => options with { BatchSize = -1 }).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("BatchSize is -1; it must be at least 1.*");
        FluentActions.Invoking(() => options with { HiddenLayers = [8, 0] }).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("HiddenLayers[1] is 0; a layer needs at least 1 neuron.*");
        FluentActions.Invoking(() => options with { Dropout = 1 }).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Dropout is 1; it must be in [0, 1).*");
        FluentActions.Invoking(() => options with { ValidationSplit = double.NaN }).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("ValidationSplit");
        FluentActions.Invoking(() => options with { InputScaling = (Scaling)7 }).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("InputScaling");
        FluentActions.Invoking(() => options with { Optimizer = null! }).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("Optimizer");
    }

    [Fact]
    public void Dropout_without_a_hidden_layer_is_refused_when_the_trainer_is_made()
    {
        var ml = new MLContext(1);

        FluentActions.Invoking(() => ml.Regression.Trainers.Backprop(new BackpropTrainerOptions { HiddenLayers = [], Dropout = 0.2 }))
            .Should().Throw<ArgumentException>().WithMessage("Dropout is set but HiddenLayers is empty*");
    }

    [Fact]
    public void A_label_of_the_wrong_type_is_refused_naming_the_column_its_type_and_what_is_taken()
    {
        var ml = new MLContext(1);
        var iris = MLNetData.Load(ml, "iris", 4, DataKind.Single);

        FluentActions.Invoking(() => ml.MulticlassClassification.Trainers.Backprop().Fit(iris)).Should().Throw<ArgumentException>()
            .WithMessage("The label column 'Label' is Single; a multiclass trainer takes a key, as mlContext.Transforms.Conversion.MapValueToKey(\"Label\") makes it.*");
        FluentActions.Invoking(() => ml.BinaryClassification.Trainers.Backprop().Fit(iris)).Should().Throw<ArgumentException>()
            .WithMessage("The label column 'Label' is Single; a binary trainer takes a Boolean.*");
        FluentActions.Invoking(() => ml.Regression.Trainers.Backprop().Fit(MLNetData.Iris(ml))).Should().Throw<ArgumentException>()
            .WithMessage("The label column 'Label' is Key<UInt32, 0-2>; a regression trainer takes a Single.*");
        FluentActions.Invoking(() => ml.Regression.Trainers.Backprop(labelColumnName: "Target").Fit(iris)).Should().Throw<ArgumentException>()
            .WithMessage("The input has no label column 'Target' (its columns: Features, Label).*");
    }

    [Fact]
    public void Features_that_are_not_a_vector_of_Single_are_refused_at_fit_and_in_the_output_schema()
    {
        var ml = new MLContext(1);
        var iris = MLNetData.Iris(ml);
        var doubles = ml.Transforms.Conversion.ConvertType("Features", outputKind: DataKind.Double).Fit(iris).Transform(iris);
        var trainer = ml.MulticlassClassification.Trainers.Backprop();

        FluentActions.Invoking(() => trainer.Fit(doubles)).Should().Throw<ArgumentException>()
            .WithMessage("The feature column 'Features' is Vector<Double, 4>; a Backprop trainer takes a vector of Single of known size*");
        FluentActions.Invoking(() => ml.Transforms.Conversion.ConvertType("Features", outputKind: DataKind.Double).Append(trainer).GetOutputSchema(Shape(iris.Schema)))
            .Should().Throw<ArgumentException>().WithMessage("The feature column 'Features' is Vector<Double>; a Backprop trainer takes*");
        FluentActions.Invoking(() => ml.MulticlassClassification.Trainers.Backprop(featureColumnName: "Pixels").Fit(iris)).Should().Throw<ArgumentException>()
            .WithMessage("The input has no feature column 'Pixels'*");
    }

    [Fact]
    public void A_missing_feature_value_is_refused_naming_its_row_and_slot()
    {
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 10).Select(i => new Row { Features = [i, 2 * i], Label = i % 2 == 0 }).ToArray();
        rows[7].Features[1] = float.NaN;

        FluentActions.Invoking(() => ml.BinaryClassification.Trainers.Backprop().Fit(ml.Data.LoadFromEnumerable(rows)))
            .Should().Throw<ArgumentException>()
            .WithMessage("Row 7 of the training data: slot 1 of the feature column 'Features' is NaN. Replace missing values first*");
    }

    [Fact]
    public void Labels_of_one_class_only_are_refused_before_training()
    {
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 10).Select(i => new Row { Features = [i, 2 * i], Label = true }).ToArray();

        FluentActions.Invoking(() => ml.BinaryClassification.Trainers.Backprop().Fit(ml.Data.LoadFromEnumerable(rows)))
            .Should().Throw<ArgumentException>().WithMessage("The training data holds one class only ('true')*");
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private static SchemaShape Shape(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, [schema])!;
}
