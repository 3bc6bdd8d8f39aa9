using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

/// <summary>train's --dropout, --class-weights, --schedule plateau:…, --checkpoint and --summary, in process.</summary>
public sealed class TrainingControlOptionsTests : IDisposable
{
    private static readonly Dataset Iris = TrainData.Load(new TrainSettings { Data = "iris" }).Data;
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-controls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_options_reach_the_fit_dropout_on_the_hidden_layers_and_balanced_weights_counted_on_the_training_part()
    {
        var s = new TrainSettings { Data = "iris", Hidden = [8, 4], Dropout = 0.25, ClassWeights = "balanced", Schedule = "plateau:0.5:3:0.0001" };
        var train = Iris.Subset([.. Enumerable.Range(0, 120)]);   // the file is in class order: 50, 50 and 20 of class 2
        var options = s.FitOptions(train);

        options.Dropout.Should().Be(0.25);
        options.Training.ClassWeights.Should().Equal(120.0 / (3 * 50), 120.0 / (3 * 50), 120.0 / (3 * 20));
        options.Optimizer.Schedule.Should().BeOfType<ReduceOnPlateau>().Which.Factor.Should().Be(0.5);
        s.Preview(Iris).Layers.Select(l => l.Dropout).Should().Equal(0.25, 0.25, 0);
    }

    [Theory]
    [InlineData("1,2", "--class-weights 1,2: 2 weights for 3 classes (0, 1, 2); give one per class in that order.")]
    [InlineData("1,-2,1", "--class-weights 1,-2,1: '-2' is not a weight (a finite number ≥ 0)*")]
    [InlineData("0,0,0", "--class-weights 0,0,0: every weight is 0; at least one class must count.")]
    public void Class_weights_that_do_not_fit_the_classes_are_refused_before_training(string typed, string message)
    {
        var act = () => TrainChecks.CheckWithData(new TrainSettings { Data = "iris", ClassWeights = typed }, Iris);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Dropout_without_a_hidden_layer_and_a_checkpoint_under_folds_are_refused()
    {
        var dropout = () => TrainChecks.CheckWithData(new TrainSettings { Data = "iris", Hidden = [], Dropout = 0.5 }, Iris);
        dropout.Should().Throw<ArgumentException>().WithMessage("--dropout 0.5: dropout applies to hidden layers and --hidden is none.");
        var checkpoint = () => TrainChecks.CheckSettings(new TrainSettings { Data = "iris", Checkpoint = "best.json", Folds = 3 });
        checkpoint.Should().Throw<ArgumentException>().WithMessage("--checkpoint best.json: keeps one model's best epoch*--folds 3.");
        var plateau = () => TrainSettings.ParseSchedule("plateau:0.5");
        plateau.Should().Throw<ArgumentException>().WithMessage("--schedule plateau:0.5: unknown schedule;*plateau:FACTOR:PATIENCE[:MIN]*");
    }

    [Fact]
    public void The_checkpoint_holds_the_best_epochs_whole_model()
    {
        string path = Path.Combine(_dir, "best.json");
        var s = new TrainSettings { Data = "iris", Hidden = [8], Epochs = 15, ValidationSplit = 0.25, Checkpoint = path };

        var result = TrainRun.Run(s, TrainData.Load(s));

        var history = result.Runs[0].History;
        int best = history.CheckpointEpoch!.Value;
        history.Epochs[best].ValidationLoss.Should().Be(history.Epochs.Min(e => e.ValidationLoss));
        var saved = Model.Load(path);
        saved.InputScaler.Should().NotBeNull("the checkpoint is the whole model, scaling included");
        saved.Metadata!.Training![Checkpoint.EpochKey].Should().Be(best.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Lbfgs_takes_epochs_as_its_iteration_limit_and_weight_decay_as_lambda_and_refuses_what_does_not_apply()
    {
        var options = new TrainSettings { Data = "iris", Optimizer = "lbfgs", Epochs = 77, WeightDecay = 0.01 }.FitOptions(Iris);

        options.Lbfgs!.MaxIterations.Should().Be(77);
        options.Lbfgs.WeightDecay.Should().Be(0.01);
        var act = () => TrainChecks.CheckSettings(new TrainSettings { Data = "iris", Optimizer = "lbfgs", Patience = 5 });
        act.Should().Throw<ArgumentException>().WithMessage("--patience 5: does not apply to --optimizer lbfgs*line search.");
    }

    [Fact]
    public void A_fold_that_diverges_is_named_with_its_option()
    {
        var s = new TrainSettings { Data = "diabetes", Optimizer = "sgd", LearningRate = 1000, Folds = 3 };

        var act = () => TrainRun.Run(s, TrainData.Load(s));

        act.Should().Throw<ArgumentException>().WithMessage("--folds 3: in fold 1, Training diverged at epoch 0, batch *")
            .WithInnerException<TrainingDivergedException>();
    }
}
