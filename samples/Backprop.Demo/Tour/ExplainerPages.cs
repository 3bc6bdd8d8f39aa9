using System.Globalization;
using Backprop.Visualization;

namespace Backprop.Demo.Tour;

/// <summary>The tour's explainer pages (<c>mazur --html</c>, <c>tenpoint --html</c>): self-contained HTML files
/// that walk through the traced steps in a browser.</summary>
public static class ExplainerPages
{
    /// <summary>The blog's step, traced with every gradient's finite-difference estimate.</summary>
    public static StepTrace MazurStep() =>
        StepTrace.Record(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target, new Sgd(MazurTour.LearningRate), finiteDifferences: true);

    /// <summary>Writes the page of the blog's step to <paramref name="path"/>.</summary>
    public static void WriteMazur(string path) => TraceHtml.Write(MazurStep(), path, new TraceHtmlOptions
    {
        Title = "Mazur's \"A Step by Step Backpropagation Example\": the 2-2-2 network's training step",
    });

    /// <summary>
    /// Every step of the ten-point training (<see cref="TenPointTour"/>: 20 epochs of the 10 rows in order, one SGD
    /// step per row, η = 0.5), each recorded by <see cref="StepTrace.Record"/>: 200 steps, which take the network
    /// exactly where <see cref="TenPointTour.Run"/>'s training takes it.
    /// </summary>
    public static IReadOnlyList<StepTrace> TenPointSteps()
    {
        var network = TenPointTour.CreateNetwork();
        var (inputs, targets) = (TenPointTour.Inputs(), TenPointTour.Targets());
        var sgd = new Sgd(TenPointTour.LearningRate);
        var steps = new List<StepTrace>(TenPointTour.Epochs * inputs.ColumnCount);
        for (int epoch = 0; epoch < TenPointTour.Epochs; epoch++)
        for (int row = 0; row < inputs.ColumnCount; row++)
            steps.Add(StepTrace.Record(network, inputs.Column(row), targets.Column(row), sgd, finiteDifferences: true, epoch));
        return steps;
    }

    /// <summary>Writes the page of the ten-point training's 200 steps to <paramref name="path"/>.</summary>
    public static void WriteTenPoint(string path)
    {
        var steps = TenPointSteps();
        int rows = TenPointTour.Inputs().ColumnCount;
        TraceHtml.Write(steps, path, new TraceHtmlOptions
        {
            Title = "Brownlee's ten-point data: every step of 20 epochs of online training",
            InputNames = ["x1", "x2"],
            OutputNames = ["class 0", "class 1"],
            StepNames = [.. steps.Select((_, k) => string.Create(CultureInfo.InvariantCulture, $"epoch {k / rows + 1}, row {k % rows + 1}"))],
        });
    }
}
