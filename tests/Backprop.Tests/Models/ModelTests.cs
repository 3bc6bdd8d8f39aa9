using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Models;

/// <summary>The model an app ships: scaling, network and labels together, raw rows in, labels and values out.</summary>
public sealed class ModelTests
{
    internal static Dataset Iris() => CsvDataset.Load(Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv"));

    internal static FitResult FitIris(int epochs = 30) =>
        Model.Fit(Iris(), new FitOptions { Hidden = [8], Optimizer = new Adam(0.01), Training = new TrainingOptions { Epochs = epochs, BatchSize = 8, Shuffle = true } }, seed: 1);

    internal static double[] Row(Dataset data, int s) => data.Inputs.Column(s).ToArray();

    [Fact]
    public void Fit_scales_on_the_training_data_and_predict_takes_the_raw_row_through_the_same_pipeline()
    {
        var data = Iris();
        var model = FitIris().Model;

        model.Task.Should().Be(ModelTask.Classification);
        model.ClassNames.Should().Equal("0", "1", "2");
        model.FeatureNames.Should().Equal("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");
        var scaler = model.InputScaler.Should().BeOfType<StandardScaler>().Subject;
        scaler.Mean[2].Should().Be(data.Inputs.Row(2).Sum() / 150, "the scaling was fitted on the training data");

        var row = Row(data, 120);
        var byHand = model.Network.Predict(scaler.Transform(Matrix<double>.Build.DenseOfColumnArrays(row))).Column(0).ToArray();
        model.Predict(row).Should().Equal(byHand, "the model scales the raw row exactly as the training data were scaled");
    }

    [Fact]
    public void Classify_returns_the_label_and_its_probability_and_fits_the_training_data()
    {
        var data = Iris();
        var model = FitIris().Model;
        var labels = data.Labels();

        var predicted = Enumerable.Range(0, data.Count).Select(s => model.Classify(Row(data, s))).ToArray();

        predicted.Count(p => p.Index == labels[Array.IndexOf(predicted, p)]).Should().BeGreaterThan(140);
        var first = predicted[0];
        first.Label.Should().Be("0");
        first.Probability.Should().Be(model.Predict(Row(data, 0)).Max()).And.BeInRange(0.5, 1);
        model.Predict(Row(data, 0)).Sum().Should().BeApproximately(1, 1e-12, "a softmax's outputs are probabilities");
    }

    [Fact]
    public void The_batch_forms_give_each_row_exactly_what_the_single_row_form_gives()
    {
        var data = Iris();
        var model = FitIris(5).Model;
        var rows = Enumerable.Range(0, data.Count).Select(s => Row(data, s)).ToArray();

        var batch = model.Predict(rows);
        var matrix = model.Predict(data.Inputs);
        var classes = model.Classify(rows);
        var into = Matrix<double>.Build.Dense(3, data.Count);
        model.Predict(data.Inputs, into);

        for (int s = 0; s < rows.Length; s++)
        {
            var single = model.Predict(rows[s]);
            batch[s].Should().Equal(single);
            matrix.Column(s).ToArray().Should().Equal(single);
            into.Column(s).ToArray().Should().Equal(single);
            classes[s].Should().Be(model.Classify(rows[s]));
        }
        model.Classify(data.Inputs).Should().Equal(classes);
    }

    [Fact]
    public void Eight_threads_predicting_from_one_loaded_model_match_serial_calls_bit_for_bit()
    {
        var data = Iris();
        using var file = new MemoryStream();
        FitIris(5).Model.Save(file);
        file.Position = 0;
        var model = Model.Load(file);
        var rows = Enumerable.Range(0, data.Count).Select(s => Row(data, s)).ToArray();
        var serial = rows.Select(r => model.Predict(r)).ToArray();

        var parallel = new double[8][][];
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var mine = new double[rows.Length][];
            for (int repeat = 0; repeat < 20; repeat++)
                for (int s = 0; s < rows.Length; s++)
                {
                    int i = (s * 7 + t * 13) % rows.Length;
                    var result = new double[3];
                    model.Predict(rows[i], result);
                    mine[i] = result;
                }
            parallel[t] = mine;
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();

        foreach (var mine in parallel)
            for (int s = 0; s < rows.Length; s++) mine[s].Should().Equal(serial[s]);
    }

    [Fact]
    public void A_regressor_learns_in_scaled_units_and_predicts_in_the_targets_own()
    {
        var random = new Random(3);
        var x = Matrix<double>.Build.Dense(2, 200, (_, _) => random.NextDouble() * 10);
        var y = Matrix<double>.Build.Dense(1, 200, (_, j) => 300 + 40 * x[0, j] - 25 * x[1, j]);
        var data = new Dataset(x, y, featureNames: ["a", "b"]);

        var fit = Model.Fit(data, new FitOptions { Hidden = [], Optimizer = new Adam(0.05), Training = new TrainingOptions { Epochs = 200, BatchSize = 16, Shuffle = true } }, seed: 2);

        var model = fit.Model;
        model.Task.Should().Be(ModelTask.Regression);
        model.TargetNames.Should().Equal("y0");
        model.TargetScaler.Should().NotBeNull();
        model.Predict([5.0, 2.0])[0].Should().BeApproximately(300 + 200 - 50, 0.5, "a linear target is learnt by a linear model");
        var raw = model.Network.Predict(model.InputScaler!.Transform(Matrix<double>.Build.DenseOfColumnArrays([5.0, 2.0])))[0, 0];
        model.Predict([5.0, 2.0])[0].Should().Be(raw * model.TargetScaler!.Scale[0] + model.TargetScaler.Offset[0]);
        var act = () => model.Classify([5.0, 2.0]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*regressor*Predict*");
    }

    [Fact]
    public void Training_data_of_one_class_only_is_refused_before_anything_is_trained()
    {
        var x = Matrix<double>.Build.Dense(2, 6, (i, j) => i + j);
        var t = Matrix<double>.Build.Dense(2, 6, (i, _) => i == 0 ? 1 : 0);
        var data = new Dataset(x, t, ["cat", "dog"]);

        var act = () => Model.Fit(data, new FitOptions(), seed: 1);

        act.Should().Throw<ArgumentException>().WithMessage("*one class only ('cat')*at least two classes*");
    }

    [Fact]
    public void A_raw_row_of_the_wrong_length_or_with_a_NaN_is_refused_naming_what_is_wrong()
    {
        var model = FitIris(1).Model;

        var tooShort = () => model.Predict([1.0, 2.0, 3.0]);
        tooShort.Should().Throw<ArgumentException>().WithMessage("row has 3 values but the model takes 4 features (sepal_length_cm, *petal_width_cm)*");
        var nan = () => model.Classify([1.0, double.NaN, 3.0, 4.0]);
        nan.Should().Throw<ArgumentException>().WithMessage("*row[1]*NaN*");
        var rows = () => model.Predict([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, double.PositiveInfinity]]);
        rows.Should().Throw<ArgumentException>().WithMessage("*rows[1][3]*");
    }

    [Fact]
    public void A_classifier_with_one_sigmoid_output_gives_class_one_its_probability_and_class_zero_the_rest()
    {
        var network = new Network([new DenseLayer(new[,] { { 1.0 } }, [0.0], Activation.Sigmoid)], Loss.BinaryCrossEntropy);
        var model = Model.Classifier(network, ["no", "yes"]);

        model.Classify([2.0]).Should().Be(new Classification(1, "yes", 1 / (1 + Math.Exp(-2))));
        model.Classify([-2.0]).Should().Be(new Classification(0, "no", 1 - 1 / (1 + Math.Exp(2))));
        var act = () => Model.Classifier(network, ["a", "b", "c"]);
        act.Should().Throw<ArgumentException>().WithMessage("*one output tells two classes apart*");
    }

    [Fact]
    public void The_factories_copy_the_network_so_later_training_does_not_change_the_model()
    {
        var network = new Network([new DenseLayer(new[,] { { 1.0, 2.0 } }, [0.5], Activation.Identity)], Loss.MeanSquaredError);
        var model = Model.Regressor(network, ["y"]);
        double before = model.Predict([1.0, 1.0])[0];

        network.Layers[0].SetWeight(0, 0, 100);

        model.Predict([1.0, 1.0])[0].Should().Be(before).And.Be(3.5);
    }

    [Fact]
    public void A_cancelled_fit_hands_back_the_partly_trained_model_with_its_scaling()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new Progress(r => { if (r.Epoch == 1) cancel.Cancel(); });

        var act = () => Model.Fit(Iris(), new FitOptions { Hidden = [8], Training = new TrainingOptions { Epochs = 50, BatchSize = 8 } }, seed: 1, progress: progress, cancellationToken: cancel.Token);

        var e = act.Should().Throw<TrainingCanceledException>().Which;
        e.Epoch.Should().Be(2);
        e.Batch.Should().Be(0);
        e.History.Epochs.Should().HaveCount(2);
        var partial = e.Model!;
        partial.InputScaler.Should().BeOfType<StandardScaler>();
        var full = Model.Fit(Iris(), new FitOptions { Hidden = [8], Training = new TrainingOptions { Epochs = 2, BatchSize = 8 } }, seed: 1).Model;
        partial.Predict(Row(Iris(), 7)).Should().Equal(full.Predict(Row(Iris(), 7)), "two epochs were trained, exactly as a fit of two epochs");
    }

    private sealed class Progress(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }
}
