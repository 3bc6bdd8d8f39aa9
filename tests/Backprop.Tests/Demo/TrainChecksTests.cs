using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

/// <summary>train's checks that need the data, in process: each runs before anything is printed or trained.</summary>
public class TrainChecksTests
{
    private static readonly Dataset Iris = TrainData.Load(new TrainSettings { Data = "iris" }).Data;

    [Fact]
    public void The_data_and_a_network_that_fits_give_the_networks_description()
    {
        TrainChecks.CheckWithData(new TrainSettings { Data = "iris" }, Iris).Should().Be("4-16(relu)-3(softmax), categorical-cross-entropy, 131 parameters");
    }

    [Theory]
    [InlineData(9)]
    [InlineData(5)]
    [InlineData(-6)]
    public void A_label_column_outside_the_file_names_the_option_and_the_columns_there_are(int column)
    {
        var act = () => TrainData.Load(new TrainSettings { Data = "iris", LabelColumns = [column] });

        act.Should().Throw<ArgumentException>().WithMessage($"--label-column {column}: iris.csv has 5 columns; use 0 to 4, or -1 to -5 to count from the end.");
    }

    [Fact]
    public void A_label_name_not_in_the_header_names_the_option()
    {
        var act = () => TrainData.Load(new TrainSettings { Data = "iris", LabelNames = ["species"] });

        act.Should().Throw<ArgumentException>().WithMessage("--label-name species: iris.csv, line 1: no column is named 'species'*");
    }

    [Fact]
    public void More_folds_than_samples_are_refused()
    {
        var act = () => TrainChecks.CheckWithData(new TrainSettings { Data = "iris", Folds = 151 }, Iris);

        act.Should().Throw<ArgumentException>().WithMessage("--folds 151: iris.csv has only 150 samples; use at most 150 folds.");
        FluentActions.Invoking(() => TrainChecks.CheckWithData(new TrainSettings { Data = "iris", Folds = 150 }, Iris)).Should().NotThrow();
    }

    [Fact]
    public void Hidden_sizes_too_large_for_memory_are_refused_before_anything_is_built()
    {
        var act = () => TrainChecks.CheckWithData(new TrainSettings { Data = "iris", Hidden = [99_999_999] }, Iris);

        act.Should().Throw<ArgumentException>().Which.Message.Should().StartWith("--hidden 99999999: ");
    }

    [Theory]
    [InlineData("optimizer", "adadelta", "--optimizer adadelta: unknown optimizer; use sgd, momentum, nesterov, adam, rmsprop, adagrad, adamw, nadam, rprop or lbfgs.")]
    [InlineData("activation", "swish", "--activation swish: Unknown activation 'swish'; use one of: sigmoid, tanh, relu, leaky-relu, identity, softmax.")]
    [InlineData("scale", "robust", "--scale robust: unknown scaling; use none, minmax or zscore.")]
    [InlineData("init", "zeros", "--init zeros: unknown initializer; use uniform, glorot-uniform, glorot-normal, he-uniform or he-normal.")]
    [InlineData("schedule", "cosine:0", "--schedule cosine:0: epochs must be at least 1; got 0.")]
    public void Unknown_names_are_refused_before_the_data_is_read(string setting, string value, string message)
    {
        var s = setting switch
        {
            "optimizer" => new TrainSettings { Data = "nowhere.csv", Optimizer = value },
            "activation" => new TrainSettings { Data = "nowhere.csv", Activation = value },
            "scale" => new TrainSettings { Data = "nowhere.csv", Scale = value },
            "init" => new TrainSettings { Data = "nowhere.csv", Init = value },
            _ => new TrainSettings { Data = "nowhere.csv", Schedule = value },
        };

        FluentActions.Invoking(() => TrainChecks.CheckSettings(s)).Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Save_with_folds_is_refused()
    {
        var act = () => TrainChecks.CheckSettings(new TrainSettings { Data = "iris", Folds = 5, Save = "m.json" });

        act.Should().Throw<ArgumentException>().WithMessage("--save m.json: saves one model; use it with a train/test split, not --folds 5.");
    }
}
