using Backprop.Visualization;

namespace Backprop.Demo.Tour;

/// <summary>The tour's pictures: the blog network's diagram and the ten-point loss curve.</summary>
public static class Pictures
{
    /// <summary>The y axis label of the ten-point curve: the figure the tour prints as "error=" each epoch.</summary>
    public const string TenPointAxisLabel = "error = Σ (target − out)² over the epoch";

    /// <summary>Writes both pictures into <paramref name="folder"/> and returns their paths.</summary>
    public static (string Diagram, string LossCurve) Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var trace = StepTrace.Record(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target, new Sgd(MazurTour.LearningRate));
        string diagram = Path.Combine(folder, "mazur-network.png");
        NetworkDiagram.Save(trace, diagram, EdgeDetail.Gradient | EdgeDetail.Updated);
        string curve = Path.Combine(folder, "tenpoint-loss.png");
        TrainingPlots.LossCurve(TenPointCurve(TenPointTour.Run()), curve, TenPointAxisLabel, "Ten-point data set: error per epoch (η = 0.5, online)");
        return (diagram, curve);
    }

    /// <summary>The values the ten-point curve plots: the console's "error=" of each epoch, at full precision.</summary>
    /// <param name="run">The ten-point run.</param>
    public static double[] TenPointCurve(TenPointTour.Result run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.EpochErrors;
    }
}
