namespace Backprop.MLNet.Scoring;

/// <summary>Which of ML.NET's tasks a trainer serves, and so which columns it writes.</summary>
internal enum PredictionKind
{
    /// <summary>Score (the classes' probabilities) and PredictedLabel (the label's key).</summary>
    Multiclass,

    /// <summary>Score (the logit), Probability and PredictedLabel (Boolean).</summary>
    Binary,

    /// <summary>Score (the value).</summary>
    Regression,
}
