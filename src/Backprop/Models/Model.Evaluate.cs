using Backprop.Internal;

namespace Backprop;

public sealed partial class Model
{
    /// <summary>Predicts every sample of raw <paramref name="data"/> and scores the predictions: a classifier's
    /// confusion matrix (accuracy, per-class precision and recall), a regressor's MSE, MAE, RMSE and R² in the
    /// targets' own units.</summary>
    /// <param name="data">Raw samples with their targets: the model's features, and its classes in its order (a
    /// classifier) or its number of targets (a regressor).</param>
    /// <exception cref="ArgumentException">The data do not fit the model, or hold no samples.</exception>
    public ModelEvaluation Evaluate(Dataset data)
    {
        Guard.NotNull(data, nameof(data));
        if (data.Count == 0) throw new ArgumentException("data has no samples to evaluate.", nameof(data));
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"data has {data.FeatureCount} features but the model takes {FeatureCount}.", nameof(data));
        var predicted = Predict(data.Inputs);
        if (Task == ModelTask.Regression)
        {
            if (data.IsClassification || data.OutputCount != OutputCount)
                throw new ArgumentException(data.IsClassification
                    ? "data holds classes but the model is a regressor."
                    : $"data has {data.OutputCount} targets but the model predicts {OutputCount}.", nameof(data));
            return new ModelEvaluation(data.Count, null, new RegressionMetrics(data.Targets, predicted, _outputNames));
        }
        if (!data.IsClassification || !data.ClassNames!.SequenceEqual(_outputNames, StringComparer.Ordinal))
            throw new ArgumentException(data.IsClassification
                ? $"data's classes ({string.Join(", ", data.ClassNames!)}) are not the model's ({string.Join(", ", _outputNames)}) in its order."
                : "data holds regression targets but the model is a classifier.", nameof(data));
        var classes = ClassesOf(((MathNet.Numerics.LinearAlgebra.Double.DenseMatrix)predicted).Values, data.Count);
        return new ModelEvaluation(data.Count, new ConfusionMatrix(data.Labels(), classes.Select(c => c.Index).ToArray(), _outputNames.Length), null);
    }
}
