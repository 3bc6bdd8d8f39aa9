using System.Diagnostics;
using System.Globalization;
using Backprop;
using Backprop.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

// The Backprop trainers beside ML.NET's own, each in the same pipeline (the label made a key or a Boolean, the
// features z-scored by NormalizeMeanVariance, then the trainer) on the same seeded 80/20 split of each data set.
// Prints a Markdown table: the test accuracy (micro accuracy for multiclass) or R², and the training time, the best
// of Runs fits of the whole pipeline (the first run, with the JIT's warm-up, is not counted).
const int Runs = 3;
var ml = new MLContext(seed: 1);
string data = Path.Combine(AppContext.BaseDirectory, "Data");

// One setting for every data set: two hidden layers of 64 and 32 ReLU neurons, Adam at 0.003, 100 epochs of 32;
// and the same with early stopping on 15 % of the training rows held out (patience 10, the best weights restored).
var backprop = new BackpropTrainerOptions { HiddenLayers = [64, 32], Optimizer = new Adam(learningRate: 0.003), Epochs = 100, BatchSize = 32, Seed = 1 };
var stopping = backprop with { ValidationSplit = 0.15, EarlyStopping = new EarlyStopping { Patience = 10 } };

Console.WriteLine("| data set | training rows × features | trainer | test accuracy / R² | training time |");
Console.WriteLine("|---|---|---|---|---|");
Multiclass("digits", 64, 10);
Multiclass("iris", 4, 3);
Multiclass("wine", 13, 3);
Binary("breast_cancer", 30, "malignant");
Regression("diabetes", 10);

void Multiclass(string name, int features, int classes)
{
    var (train, test) = Split(name, features, DataKind.String);
    var t = ml.MulticlassClassification.Trainers;
    Row(name, features, train, test, "Backprop", t.Backprop(backprop), Accuracy);
    Row(name, features, train, test, "Backprop, early stopping", t.Backprop(stopping), Accuracy);
    Row(name, features, train, test, "SdcaMaximumEntropy", t.SdcaMaximumEntropy(), Accuracy);
    Row(name, features, train, test, "LbfgsMaximumEntropy", t.LbfgsMaximumEntropy(), Accuracy);
    Row(name, features, train, test, "LightGbm", t.LightGbm(), Accuracy);
    Row(name, features, train, test, "FastTree (one versus all)", t.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()), Accuracy);

    double Accuracy(IDataView scored) => ml.MulticlassClassification.Evaluate(scored).MicroAccuracy;
    void Row(string set, int width, IDataView train, IDataView test, string trainer, IEstimator<ITransformer> estimator, Func<IDataView, double> metric) =>
        Report(set, width, train, test, trainer,
            ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(estimator), metric);
}

void Binary(string name, int features, string positive)
{
    var (train, test) = Split(name, features, DataKind.String);
    var t = ml.BinaryClassification.Trainers;
    Row("Backprop", t.Backprop(backprop));
    Row("Backprop, early stopping", t.Backprop(stopping));
    Row("SdcaLogisticRegression", t.SdcaLogisticRegression());
    Row("LbfgsLogisticRegression", t.LbfgsLogisticRegression());
    Row("LightGbm", t.LightGbm());
    Row("FastTree", t.FastTree());

    void Row(string trainer, IEstimator<ITransformer> estimator) =>
        Report(name, features, train, test, trainer,
            ml.Transforms.CustomMapping((TextLabel from, BooleanLabel to) => to.Label = from.Label == positive, contractName: null)
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(estimator),
            scored => ml.BinaryClassification.EvaluateNonCalibrated(scored).Accuracy);
}

void Regression(string name, int features)
{
    var (train, test) = Split(name, features, DataKind.Single);
    var t = ml.Regression.Trainers;
    Row("Backprop", t.Backprop(backprop));
    Row("Backprop, early stopping", t.Backprop(stopping));
    Row("Sdca", t.Sdca());
    Row("LightGbm", t.LightGbm());
    Row("FastTree", t.FastTree());

    void Row(string trainer, IEstimator<ITransformer> estimator) =>
        Report(name, features, train, test, trainer, ml.Transforms.NormalizeMeanVariance("Features").Append(estimator),
            scored => ml.Regression.Evaluate(scored).RSquared);
}

(IDataView Train, IDataView Test) Split(string name, int features, DataKind label)
{
    var all = ml.Data.LoadFromTextFile(Path.Combine(data, name + ".csv"),
        [new TextLoader.Column("Features", DataKind.Single, 0, features - 1), new TextLoader.Column("Label", label, features)],
        separatorChar: ',', hasHeader: true);
    var split = ml.Data.TrainTestSplit(ml.Data.Cache(all), testFraction: 0.2, seed: 1);
    return (ml.Data.Cache(split.TrainSet), ml.Data.Cache(split.TestSet));
}

void Report(string set, int width, IDataView train, IDataView test, string trainer, IEstimator<ITransformer> pipeline, Func<IDataView, double> metric)
{
    ITransformer model = pipeline.Fit(train);
    var best = TimeSpan.MaxValue;
    for (int run = 0; run < Runs; run++)
    {
        var watch = Stopwatch.StartNew();
        model = pipeline.Fit(train);
        best = watch.Elapsed < best ? watch.Elapsed : best;
    }
    double value = metric(model.Transform(test));
    long rows = train.GetRowCount() ?? 0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {set} | {rows} × {width} | {trainer} | {value:F3} | {best.TotalMilliseconds:F0} ms |"));
}

internal sealed class TextLabel
{
    public string Label { get; set; } = "";
}

internal sealed class BooleanLabel
{
    public bool Label { get; set; }
}
