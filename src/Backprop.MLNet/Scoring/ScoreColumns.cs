namespace Backprop.MLNet.Scoring;

/// <summary>
/// The columns a fitted Backprop trainer writes (the names ML.NET's own trainers and evaluators use) and the
/// columns of the ONNX graph it reads them from, which it drops once read.
/// </summary>
internal static class ScoreColumns
{
    /// <summary>Multiclass: the classes' probabilities (vector of Single); binary: the logit (Single); regression:
    /// the predicted value (Single).</summary>
    public const string Score = "Score";

    /// <summary>Multiclass: the class (a key of the label's type); binary: the class (Boolean).</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>Binary: the probability of <c>true</c> (Single).</summary>
    public const string Probability = "Probability";

    /// <summary>ONNX output: each row's class index, from the graph's label output; uint32 for multiclass, bool for binary.</summary>
    public const string GraphClass = "Backprop.Class";

    /// <summary>The class index as a scalar UInt32, between the custom mapping and the value mapping to the label's key.</summary>
    public const string ClassIndex = "Backprop.ClassIndex";

    /// <summary>ONNX output, binary: the logit of <c>true</c>, net₁ − net₀ of the two-output softmax.</summary>
    public const string GraphLogit = "Backprop.Logit";

    /// <summary>ONNX output, binary: the probability of <c>true</c>.</summary>
    public const string GraphProbability = "Backprop.Probability";

    /// <summary>ONNX output, regression: the predicted value, in the label's units.</summary>
    public const string GraphScore = "Backprop.Score";
}
