using System.Globalization;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>How far one regression target's predictions are from the actual values, over n samples.</summary>
/// <param name="Name">The target's name (a header name, or "y0", "y1", …).</param>
/// <param name="MeanSquaredError">MSE = (1/n) Σᵢ (yᵢ − ŷᵢ)².</param>
/// <param name="MeanAbsoluteError">MAE = (1/n) Σᵢ |yᵢ − ŷᵢ|.</param>
/// <param name="RootMeanSquaredError">RMSE = √MSE.</param>
/// <param name="RSquared">R² = 1 − SS_res / SS_tot with SS_res = Σᵢ (yᵢ − ŷᵢ)², SS_tot = Σᵢ (yᵢ − ȳ)² and
/// ȳ = (1/n) Σᵢ yᵢ; when the actual values are all equal (SS_tot = 0), 1 if every prediction is exact (SS_res = 0),
/// else 0 (scikit-learn's <c>force_finite</c>).</param>
public sealed record TargetMetrics(string Name, double MeanSquaredError, double MeanAbsoluteError,
    double RootMeanSquaredError, double RSquared);

/// <summary>
/// Regression metrics per target and overall, following scikit-learn's <c>mean_squared_error</c>,
/// <c>mean_absolute_error</c>, <c>root_mean_squared_error</c> and <c>r2_score</c> with
/// <c>multioutput='uniform_average'</c>: each overall figure is the mean of the per-target figures (so the overall
/// RMSE is the mean of the per-target RMSEs, not the root of the overall MSE). Formulas in <see cref="TargetMetrics"/>.
/// </summary>
/// <remarks>Unlike scikit-learn, which returns NaN for R² of fewer than two samples, one sample is a target whose
/// actual values are all equal: R² is 1 when predicted exactly, else 0.</remarks>
public sealed class RegressionMetrics
{
    /// <summary>Computes the metrics of predictions against actual values.</summary>
    /// <param name="actual">The actual values, targets × samples (one sample per column).</param>
    /// <param name="predicted">The predictions, the same shape.</param>
    /// <param name="targetNames">A name per target row; "y0", "y1", … when null.</param>
    /// <exception cref="ArgumentException">The shapes differ (both are named), there are no samples, the name count
    /// differs from the target count, a value is NaN or infinite (its [target, sample] is named), or the errors
    /// are too large for a double.</exception>
    public RegressionMetrics(Matrix<double> actual, Matrix<double> predicted, IReadOnlyList<string>? targetNames = null)
    {
        Guard.NotNull(actual, nameof(actual));
        Guard.NotNull(predicted, nameof(predicted));
        if (actual.RowCount != predicted.RowCount || actual.ColumnCount != predicted.ColumnCount)
            throw new ArgumentException(
                $"predicted is {Guard.Shape(predicted)} but actual is {Guard.Shape(actual)} (targets × samples); they must be the same shape.",
                nameof(predicted));
        if (actual.ColumnCount == 0) throw new ArgumentException("actual has no samples (columns); metrics need at least one.", nameof(actual));
        if (targetNames is not null && targetNames.Count != actual.RowCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{targetNames.Count} target names were given but actual has {actual.RowCount} targets (rows)."), nameof(targetNames));
        int targets = actual.RowCount, n = actual.ColumnCount;
        var y = actual.AsColumnMajorArray() ?? actual.ToColumnMajorArray();
        var p = predicted.AsColumnMajorArray() ?? predicted.ToColumnMajorArray();
        Finite.Block(y, targets, "actual", nameof(actual));
        Finite.Block(p, targets, "predicted", nameof(predicted));

        var result = new TargetMetrics[targets];
        for (int k = 0; k < targets; k++)
        {
            string name = targetNames?[k] ?? "y" + k.ToString(CultureInfo.InvariantCulture);
            double sumY = 0, ssRes = 0, sumAbs = 0;
            bool constant = true;
            for (int s = 0; s < n; s++)
            {
                double yi = y[k + s * targets], e = yi - p[k + s * targets];
                sumY += yi;
                ssRes += e * e;
                sumAbs += Math.Abs(e);
                constant &= yi == y[k];
            }
            double mean = sumY / n, ssTot = 0;
            if (!constant)
                for (int s = 0; s < n; s++)
                {
                    double d = y[k + s * targets] - mean;
                    ssTot += d * d;
                }
            double mse = ssRes / n;
            double r2 = constant ? (ssRes == 0 ? 1 : 0) : 1 - ssRes / ssTot;
            if (!double.IsFinite(mse) || !double.IsFinite(sumAbs) || !double.IsFinite(ssTot) || !double.IsFinite(r2))
                throw new ArgumentException(
                    $"The errors of target {k} ('{name}') overflow a double: its values or predictions are too large.", nameof(predicted));
            result[k] = new TargetMetrics(name, mse, sumAbs / n, Math.Sqrt(mse), r2);
        }
        Targets = result;
        Count = n;
    }

    /// <summary>Computes the metrics of predictions against a regression data set's targets, named by its
    /// <see cref="Dataset.TargetNames"/>.</summary>
    /// <param name="data">The data set; a regression set (<see cref="Dataset.IsClassification"/> false).</param>
    /// <param name="predicted">The predictions, outputs × samples, the shape of <see cref="Dataset.Targets"/>.</param>
    /// <exception cref="ArgumentException">The data set is a classification set, or as the other constructor.</exception>
    public RegressionMetrics(Dataset data, Matrix<double> predicted)
        : this(Regression(data).Targets, predicted, data.TargetNames)
    {
    }

    /// <summary>The metrics of each target, in target-row order.</summary>
    public IReadOnlyList<TargetMetrics> Targets { get; }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The mean over the targets of their <see cref="TargetMetrics.MeanSquaredError"/>.</summary>
    public double MeanSquaredError => Targets.Average(t => t.MeanSquaredError);

    /// <summary>The mean over the targets of their <see cref="TargetMetrics.MeanAbsoluteError"/>.</summary>
    public double MeanAbsoluteError => Targets.Average(t => t.MeanAbsoluteError);

    /// <summary>The mean over the targets of their <see cref="TargetMetrics.RootMeanSquaredError"/> (not the root
    /// of <see cref="MeanSquaredError"/>, as in scikit-learn).</summary>
    public double RootMeanSquaredError => Targets.Average(t => t.RootMeanSquaredError);

    /// <summary>The mean over the targets of their <see cref="TargetMetrics.RSquared"/>.</summary>
    public double RSquared => Targets.Average(t => t.RSquared);

    private static Dataset Regression(Dataset data)
    {
        Guard.NotNull(data, nameof(data));
        return data.IsClassification
            ? throw new ArgumentException("data is a classification set; use ConfusionMatrix for its predictions.", nameof(data))
            : data;
    }
}
