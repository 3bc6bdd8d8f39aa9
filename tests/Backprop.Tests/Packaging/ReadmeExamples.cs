using System.Globalization;
using Backprop;
using Backprop.Onnx;
using Backprop.Visualization;
using MathNet.Numerics.LinearAlgebra;
using Spectre.Console;

// Outside the Backprop namespace on purpose: here, as in an app, every using of the package READMEs is needed.
namespace ReadmeExamples;

/// <summary>
/// The C# examples of the package READMEs (src/*/README.md), compiled here so that they cannot go stale:
/// PackageReadmeTests holds each README's code, after its usings, to the region of the same name.
/// </summary>
public static class Examples
{
    public static void BackpropExample()
    {
        // #region Backprop
        // Weights are outputs × inputs: row j holds the weights into neuron j.
        var network = new Network(
            new DenseLayer(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, [0.35, 0.35], Activation.Sigmoid, BiasMode.Frozen),
            new DenseLayer(new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, [0.60, 0.60], Activation.Sigmoid, BiasMode.Frozen));
        var input = Vector<double>.Build.DenseOfArray([0.05, 0.10]);
        var target = Vector<double>.Build.DenseOfArray([0.01, 0.99]);

        double loss = network.TrainStep(input, target, new Sgd(learningRate: 0.5));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"E_total = {loss:F9}"));   // E_total = 0.298371109
        // #endregion
    }

    public static void VisualizationExample(Network network, Vector<double> input, Vector<double> target, Dataset data)
    {
        // #region Backprop.Visualization
        var trace = StepTrace.Record(network, input, target, new Sgd(learningRate: 0.5));
        NetworkDiagram.Save(trace, "network.svg", EdgeDetail.Gradient | EdgeDetail.Updated);
        AnsiConsole.Write(TraceTables.Render(trace));

        var history = new Trainer(new Adam(learningRate: 0.01), new TrainingOptions { Epochs = 50 }).Train(network, data);
        TrainingPlots.LossCurve(history, "loss.png");                       // mean loss per sample
        TrainingPlots.LossCurve(history.Losses, "sum.png", "summed loss per epoch"); // any numbers, with their own axis label

        TraceHtml.Write(trace, "step.html");   // the explainer page: open it in a browser
        // #endregion
    }

    public static void OnnxExample(Network network)
    {
        // #region Backprop.Onnx
        OnnxExport.Save(network, "model.onnx");
        OnnxExport.Save(ModelFile.Load("model.json").Network, "model.onnx");

        Model imported = OnnxImport.Load("pytorch.onnx");
        imported.Save("imported.json");
        // #endregion
    }
}
