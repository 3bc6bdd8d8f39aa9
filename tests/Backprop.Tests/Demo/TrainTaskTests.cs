using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

/// <summary>How train decides between classification and regression, and what it refuses, in process: each check
/// runs before anything is printed or trained.</summary>
public sealed class TrainTaskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-task-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("diabetes", LabelKind.Regression, "the labels are 214 distinct whole numbers, more than the 50 classes a classifier is allowed")]
    [InlineData("iris", LabelKind.Classification, "the labels are 3 distinct whole numbers")]
    [InlineData("wine", LabelKind.Classification, "the labels are not all numbers, e.g. 'class_0'")]
    [InlineData("breast_cancer", LabelKind.Classification, "the labels are not all numbers, e.g. 'malignant'")]
    public void Auto_takes_what_the_label_column_looks_like_and_says_why(string data, LabelKind kind, string reason)
    {
        var input = TrainData.Load(new TrainSettings { Data = data });

        input.Task.Should().Be(kind);
        input.Reason.Should().Be(reason);
        input.Data.IsClassification.Should().Be(kind == LabelKind.Classification);
    }

    [Fact]
    public void A_task_given_is_the_reason_and_regression_reads_whole_number_classes_as_values()
    {
        var input = TrainData.Load(new TrainSettings { Data = "iris", Task = "regression" });

        input.Reason.Should().Be("--task");
        input.Data.IsClassification.Should().BeFalse();
        input.Data.TargetNames.Should().Equal("label");
    }

    [Fact]
    public void Classification_of_continuous_labels_names_the_file_and_the_column_and_hints_at_regression()
    {
        var act = () => TrainData.Load(new TrainSettings { Data = "diabetes", Task = "classification" });

        act.Should().Throw<BadInputException>()
            .WithMessage("--task classification: diabetes.csv's label column 11 ('progression') looks continuous, not like classes: " +
                         "the labels are 214 distinct whole numbers, more than the 50 classes a classifier is allowed.")
            .Which.Hint.Should().Be("use --task regression to predict its values.");
    }

    [Fact]
    public void A_fold_whose_training_part_holds_one_class_is_refused_before_training()
    {
        string csv = Path.Combine(_dir, "rare.csv");
        File.WriteAllLines(csv, ["x,label", "1,a", "2,b", "3,b", "4,b", "5,b"]);
        var s = new TrainSettings { Data = csv, Folds = 5 };
        var input = TrainData.Load(s);

        var act = () => TrainChecks.CheckWithData(s, input.Data);

        act.Should().Throw<BadInputException>().WithMessage("--folds 5: fold *'s training part of rare.csv holds one class only ('b'); a classifier needs two or more.");
        FluentActions.Invoking(() => TrainChecks.CheckWithData(s with { Folds = 0 }, input.Data)).Should().NotThrow();
    }

    [Fact]
    public void Several_label_columns_are_several_targets_named_from_the_header()
    {
        var input = TrainData.Load(new TrainSettings { Data = "diabetes", LabelColumns = [8, -2] });

        input.Task.Should().Be(LabelKind.Regression);
        input.Labels.Should().Be("column 9 ('s5'), column 10 ('s6')");
        input.Data.TargetNames.Should().Equal("s5", "s6");
    }
}
