using Backprop.Visualization;

namespace Backprop.Demo.Tour;

/// <summary>The tour's pictures: the blog network's diagram and the ten-point loss curve.</summary>
public static class Pictures
{
    /// <summary>Writes both pictures into <paramref name="folder"/> and returns their paths.</summary>
    public static (string Diagram, string LossCurve) Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var trace = StepTrace.Record(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target, new Sgd(MazurTour.LearningRate));
        string diagram = Path.Combine(folder, "mazur-network.png");
        NetworkDiagram.Save(trace, diagram, EdgeDetail.Gradient | EdgeDetail.Updated);
        string curve = Path.Combine(folder, "tenpoint-loss.png");
        TrainingPlots.LossCurve(TenPointTour.Run().History, curve, "Ten-point data set: loss per epoch (η = 0.5, online)");
        return (diagram, curve);
    }
}
