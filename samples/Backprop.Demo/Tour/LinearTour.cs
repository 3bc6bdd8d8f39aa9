using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Demo.Tour;

/// <summary>
/// The seed notebook's linear example: h1 = x·input, h2 = y·h1, out = z·h2 (no activation, no bias),
/// E = Σ ½(target − out)², one step with η = 0.5.
/// </summary>
public static class LinearTour
{
    /// <summary>The input.</summary>
    public static readonly Vector<double> Input = Vector<double>.Build.DenseOfArray([0.5, 0.1]);

    /// <summary>The target.</summary>
    public static readonly Vector<double> Target = Vector<double>.Build.DenseOfArray([0.1, 0.99]);

    /// <summary>The network with the notebook's x, y and z.</summary>
    public static Network CreateNetwork() => new(
        new DenseLayer(new[,] { { 0.01, 0.2 }, { 0.15, 0.08 } }, null, Activation.Identity, BiasMode.None),
        new DenseLayer(new[,] { { 0.01, 0.5 }, { 0.7, 0.1 } }, null, Activation.Identity, BiasMode.None),
        new DenseLayer(new[,] { { 0.24, 0.55 }, { 0.35, 0.6 } }, null, Activation.Identity, BiasMode.None));

    /// <summary>The figures of one step.</summary>
    /// <param name="Outputs">out.</param>
    /// <param name="H2">The second hidden layer's output.</param>
    /// <param name="Gradients">∂E/∂x, ∂E/∂y, ∂E/∂z.</param>
    /// <param name="Updated">x, y, z after the update.</param>
    /// <param name="LossBefore">E before the update.</param>
    /// <param name="LossAfter">E after the update.</param>
    public sealed record Result(Vector<double> Outputs, Vector<double> H2, Matrix<double>[] Gradients,
        Matrix<double>[] Updated, double LossBefore, double LossAfter);

    /// <summary>Runs the step.</summary>
    public static Result Run()
    {
        var network = CreateNetwork();
        var trace = StepTrace.Record(network, Input, Target, new Sgd(0.5));
        var outputs = Vector<double>.Build.DenseOfEnumerable(trace.Layers[2].Out);
        var h2 = Vector<double>.Build.DenseOfEnumerable(trace.Layers[1].Out);
        var gradients = trace.Layers.Select(l => l.WeightGradient).ToArray();
        var updated = trace.Layers.Select(l => l.WeightsAfter).ToArray();
        return new Result(outputs, h2, gradients, updated, trace.Loss, network.ComputeLoss(Input, Target));
    }

    private static readonly string[] Names = ["x", "y", "z"];

    /// <summary>The figures as JSON, at full precision.</summary>
    public static JsonObject ToJson(Result r)
    {
        var o = new JsonObject { ["out"] = Json.Array(r.Outputs), ["h2"] = Json.Array(r.H2) };
        for (int l = 0; l < 3; l++) o["grad_" + Names[l]] = Json.Rows(r.Gradients[l]);
        for (int l = 0; l < 3; l++) o[Names[l] + "_new"] = Json.Rows(r.Updated[l]);
        o["loss_before"] = r.LossBefore;
        o["loss_after"] = r.LossAfter;
        return o;
    }

    /// <summary>Writes the step as the notebook prints it (8 decimals).</summary>
    public static void WriteText(Result r, TextWriter w)
    {
        w.WriteLine("2. The seed notebook's linear example: out = z·(y·(x·input)), no activation, no bias, η = 0.5");
        w.WriteLine("   input (0.5, 0.1), target (0.1, 0.99); x = [[0.01, 0.2], [0.15, 0.08]], y = [[0.01, 0.5], [0.7, 0.1]],");
        w.WriteLine("   z = [[0.24, 0.55], [0.35, 0.6]] (rows are neurons)");
        w.WriteLine($"   out    = [{Fmt.Join(r.Outputs, 8)}]");
        w.WriteLine($"   h2     = [{Fmt.Join(r.H2, 8)}]");
        for (int l = 2; l >= 0; l--) Matrix(w, "∂E/∂" + Names[l], r.Gradients[l]);
        for (int l = 0; l < 3; l++) Matrix(w, Names[l] + "⁺", r.Updated[l]);
        w.WriteLine($"   E      = {Fmt.F(r.LossBefore, 12)} before, {Fmt.F(r.LossAfter, 12)} after the update");
    }

    private static void Matrix(TextWriter w, string label, Matrix<double> m) =>
        w.WriteLine($"   {label,-6} = [[{Fmt.Join(m.Row(0), 8)}], [{Fmt.Join(m.Row(1), 8)}]]");
}
