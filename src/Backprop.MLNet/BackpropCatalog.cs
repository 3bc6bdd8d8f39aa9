using Microsoft.ML;

namespace Backprop.MLNet;

/// <summary>
/// The Backprop trainers in ML.NET's trainer catalogs: <c>mlContext.MulticlassClassification.Trainers.Backprop(…)</c>,
/// <c>mlContext.BinaryClassification.Trainers.Backprop(…)</c> and <c>mlContext.Regression.Trainers.Backprop(…)</c>.
/// Each takes the options (null for the defaults, see <see cref="BackpropTrainerOptions"/>) and the label and feature
/// column names, ML.NET's defaults "Label" and "Features".
/// </summary>
public static class BackpropCatalog
{
    /// <summary>ML.NET's default label column name.</summary>
    public const string DefaultLabelColumnName = "Label";

    /// <summary>ML.NET's default feature column name.</summary>
    public const string DefaultFeatureColumnName = "Features";

    /// <summary>A Backprop multiclass classifier (see <see cref="BackpropMulticlassTrainer"/>): label a key, writes
    /// Score (the classes' probabilities) and PredictedLabel (a key of the label's type).</summary>
    /// <param name="catalog">ML.NET's multiclass trainers.</param>
    /// <param name="options">The network and training settings, or null for the defaults.</param>
    /// <param name="labelColumnName">The label column, a key.</param>
    /// <param name="featureColumnName">The feature column, a vector of Single of known size.</param>
    public static BackpropMulticlassTrainer Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        BackpropTrainerOptions? options = null, string labelColumnName = DefaultLabelColumnName, string featureColumnName = DefaultFeatureColumnName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BackpropMulticlassTrainer(options, labelColumnName, featureColumnName);
    }

    /// <summary>A Backprop binary classifier (see <see cref="BackpropBinaryTrainer"/>): label a Boolean, writes Score
    /// (the logit), Probability and PredictedLabel (Boolean).</summary>
    /// <param name="catalog">ML.NET's binary trainers.</param>
    /// <param name="options">The network and training settings, or null for the defaults.</param>
    /// <param name="labelColumnName">The label column, a Boolean.</param>
    /// <param name="featureColumnName">The feature column, a vector of Single of known size.</param>
    public static BackpropBinaryTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        BackpropTrainerOptions? options = null, string labelColumnName = DefaultLabelColumnName, string featureColumnName = DefaultFeatureColumnName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BackpropBinaryTrainer(options, labelColumnName, featureColumnName);
    }

    /// <summary>A Backprop regressor (see <see cref="BackpropRegressionTrainer"/>): label a Single, writes Score.</summary>
    /// <param name="catalog">ML.NET's regression trainers.</param>
    /// <param name="options">The network and training settings, or null for the defaults.</param>
    /// <param name="labelColumnName">The label column, a Single.</param>
    /// <param name="featureColumnName">The feature column, a vector of Single of known size.</param>
    public static BackpropRegressionTrainer Backprop(this RegressionCatalog.RegressionTrainers catalog,
        BackpropTrainerOptions? options = null, string labelColumnName = DefaultLabelColumnName, string featureColumnName = DefaultFeatureColumnName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BackpropRegressionTrainer(options, labelColumnName, featureColumnName);
    }
}
