using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Demo.Tour;

/// <summary>
/// Jason Brownlee's ten-point two-class data set ("How to Code a Neural Network with Backpropagation In Python
/// (from scratch)"): a 2-2-2 sigmoid network, η = 0.5, 20 epochs of online training, one-hot targets.
/// </summary>
public static class TenPointTour
{
    /// <summary>The ten rows (x1, x2, class). Row 3 is 3.396561688 and row 9 is −0.242068655, as in the tutorial.</summary>
    public static readonly double[,] Rows =
    {
        { 2.7810836, 2.550537003, 0 },
        { 1.465489372, 2.362125076, 0 },
        { 3.396561688, 4.400293529, 0 },
        { 1.38807019, 1.850220317, 0 },
        { 3.06407232, 3.005305973, 0 },
        { 7.627531214, 2.759262235, 1 },
        { 5.332441248, 2.088626775, 1 },
        { 6.922596716, 1.77106367, 1 },
        { 8.675418651, -0.242068655, 1 },
        { 7.673756466, 3.508563011, 1 },
    };

    /// <summary>The number of epochs.</summary>
    public const int Epochs = 20;

    /// <summary>η.</summary>
    public const double LearningRate = 0.5;

    /// <summary>The inputs, 2 × 10, one sample per column.</summary>
    public static Matrix<double> Inputs() => Matrix<double>.Build.Dense(2, 10, (i, j) => Rows[j, i]);

    /// <summary>The one-hot targets, 2 × 10: class c sets output c to 1.</summary>
    public static Matrix<double> Targets() => Matrix<double>.Build.Dense(2, 10, (i, j) => (int)Rows[j, 2] == i ? 1 : 0);

    /// <summary>
    /// The tutorial's starting network: Python's <c>random.seed(1)</c> then <c>random()</c> neuron by neuron,
    /// each neuron's weights and then its bias.
    /// </summary>
    public static Network CreateNetwork() => new(
        new DenseLayer(new[,] { { 0.13436424411240122, 0.8474337369372327 }, { 0.2550690257394217, 0.49543508709194095 } },
            [0.763774618976614, 0.4494910647887381], Activation.Sigmoid),
        new DenseLayer(new[,] { { 0.651592972722763, 0.7887233511355132 }, { 0.02834747652200631, 0.8357651039198697 } },
            [0.0938595867742349, 0.43276706790505337], Activation.Sigmoid));

    /// <summary>The run's figures.</summary>
    /// <param name="History">One report per epoch.</param>
    /// <param name="Network">The trained network.</param>
    /// <param name="Outputs">The trained network's outputs, 2 × 10.</param>
    /// <param name="Predictions">The predicted class of each row (the larger output).</param>
    public sealed record Result(TrainingHistory History, Network Network, Matrix<double> Outputs, int[] Predictions)
    {
        /// <summary>The tutorial's per-epoch "error": Σ (target − out)², twice the ½-sum-of-squares loss.</summary>
        public double[] EpochErrors => History.Epochs.Select(e => 2 * e.Loss).ToArray();

        /// <summary>How many rows are predicted right.</summary>
        public int Correct => Predictions.Where((p, j) => p == (int)Rows[j, 2]).Count();
    }

    /// <summary>Trains and predicts.</summary>
    public static Result Run()
    {
        var network = CreateNetwork();
        var inputs = Inputs();
        var history = new Trainer(new Sgd(LearningRate), new TrainingOptions { Epochs = Epochs })
            .Train(network, inputs, Targets());
        var outputs = network.Predict(inputs);
        var predictions = Enumerable.Range(0, 10).Select(j => outputs.Column(j).MaximumIndex()).ToArray();
        return new Result(history, network, outputs, predictions);
    }

    /// <summary>The figures as JSON, at full precision.</summary>
    public static JsonObject ToJson(Result r) => new()
    {
        ["epoch_errors"] = Json.Array(r.EpochErrors),
        ["epoch_losses"] = Json.Array(r.History.Losses),
        ["hidden_weights"] = Json.Rows(r.Network.Layers[0].Weights),
        ["hidden_bias"] = Json.Array(r.Network.Layers[0].Bias),
        ["output_weights"] = Json.Rows(r.Network.Layers[1].Weights),
        ["output_bias"] = Json.Array(r.Network.Layers[1].Bias),
        ["outputs"] = Json.Rows(r.Outputs.Transpose()),
        ["predictions"] = Json.Array(r.Predictions),
        ["expected"] = Json.Array(Enumerable.Range(0, 10).Select(j => (int)Rows[j, 2])),
        ["correct"] = r.Correct,
    };

    /// <summary>Writes the epoch lines as the tutorial prints them, then the predictions.</summary>
    public static void WriteText(Result r, TextWriter w)
    {
        w.WriteLine("3. The ten-point data set (Brownlee), 2-2-2 sigmoid, η = 0.5, 20 epochs, one sample per update");
        w.WriteLine("   error = Σ (target − out)² over the epoch, each row measured before its update (the tutorial's figure)");
        foreach (var e in r.History.Epochs)
            w.WriteLine($"   >epoch={e.Epoch}, lrate={Fmt.F(LearningRate, 3)}, error={Fmt.F(2 * e.Loss, 3)}");
        w.WriteLine("   row   x1            x2             expected  predicted   out_0     out_1");
        for (int j = 0; j < 10; j++)
            w.WriteLine($"   {j,3}   {Fmt.F(Rows[j, 0], 9),-12}  {Fmt.F(Rows[j, 1], 9),-13}  {(int)Rows[j, 2],8}  {r.Predictions[j],9}   " +
                        $"{Fmt.F(r.Outputs[0, j], 6)}  {Fmt.F(r.Outputs[1, j], 6)}");
        w.WriteLine($"   {r.Correct} of 10 predicted right.");
    }
}
