using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Demo;

/// <summary>The README's example, compiled here so that it cannot go stale.</summary>
public static class QuickStart
{
    /// <summary>Builds the blog's 2-2-2 network, takes one step, and prints E_total and the new w5.</summary>
    public static void Run(TextWriter output)
    {
        // #region quickstart
        // Weights are outputs × inputs: row j holds the weights into neuron j.
        var network = new Network(
            new DenseLayer(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, [0.35, 0.35], Activation.Sigmoid, BiasMode.Frozen),
            new DenseLayer(new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, [0.60, 0.60], Activation.Sigmoid, BiasMode.Frozen));
        var input = Vector<double>.Build.DenseOfArray([0.05, 0.10]);
        var target = Vector<double>.Build.DenseOfArray([0.01, 0.99]);

        double eTotal = network.TrainStep(input, target, new Sgd(learningRate: 0.5));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"E_total = {eTotal:F9}"));                    // 0.298371109
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"w5     = {network.Layers[1].Weights[0, 0]:F8}")); // 0.35891648
        // #endregion quickstart
    }

    /// <summary>Trains a classifier on the bundled iris data and prints its test accuracy.</summary>
    public static double TrainIris(string csvPath, TextWriter output)
    {
        // #region training
        var data = CsvDataset.Load(csvPath);                       // label = last column, classes one-hot
        var (train, test) = DataSplit.TrainTest(data, testFraction: 0.2, new Random(1));   // stratified
        var scaler = StandardScaler.Fit(train.Inputs);             // fitted on the training part only
        (train, test) = (scaler.Transform(train), scaler.Transform(test));

        var network = Network.Create(data.FeatureCount,
            [new LayerDefinition(8, Activation.ReLU), new LayerDefinition(data.OutputCount, Activation.Softmax)],
            ScaledInitializer.HeUniform, seed: 1, Loss.CategoricalCrossEntropy);
        var options = new TrainingOptions { Epochs = 100, BatchSize = 8, Shuffle = true, Seed = 1 };
        var history = new Trainer(new Adam(learningRate: 0.01), options).Train(network, train);

        var predicted = Classes.Of(network.Predict(test.Inputs).ToColumnMajorArray(), test.OutputCount, test.Count);
        var confusion = new ConfusionMatrix(test.Labels(), predicted, test.OutputCount);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"final loss {history.Epochs[^1].MeanLoss:F4}, test accuracy {confusion.Accuracy:P1}"));
        // #endregion training
        return confusion.Accuracy;
    }
}
