namespace Backprop;

/// <summary>How well a <see cref="Model"/> predicts a data set: a classifier's confusion matrix or a regressor's
/// errors and R², in the targets' own units.</summary>
/// <param name="Count">The number of samples evaluated.</param>
/// <param name="Confusion">For a classifier, actual against predicted classes; null for a regressor.</param>
/// <param name="Regression">For a regressor, MSE, MAE, RMSE and R² per target and overall; null for a classifier.</param>
public sealed record ModelEvaluation(int Count, ConfusionMatrix? Confusion, RegressionMetrics? Regression)
{
    /// <summary>A classifier's share of samples classified right; null for a regressor.</summary>
    public double? Accuracy => Confusion?.Accuracy;

    /// <summary>A regressor's R² (the mean over its targets, as scikit-learn's <c>r2_score</c>); null for a classifier.</summary>
    public double? RSquared => Regression?.RSquared;
}
