using Backprop.Tests.Demo;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.Tests.MLNet;

/// <summary>The demo's bundled data sets, loaded as ML.NET loads a CSV: the features as one vector column "Features"
/// (Single), the label as "Label" of the kind asked for.</summary>
internal static class MLNetData
{
    public static string File(string name) => Path.Combine(DemoRunner.RepositoryRoot(), "samples", "Backprop.Demo", "Data", name + ".csv");

    public static IDataView Load(MLContext ml, string name, int features, DataKind label) =>
        ml.Data.LoadFromTextFile(File(name),
            [new TextLoader.Column("Features", DataKind.Single, 0, features - 1), new TextLoader.Column("Label", label, features)],
            separatorChar: ',', hasHeader: true);

    /// <summary>Iris: four features, the label a key made from the species 0, 1, 2 (read as text).</summary>
    public static IDataView Iris(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label").Fit(Load(ml, "iris", 4, DataKind.String)).Transform(Load(ml, "iris", 4, DataKind.String));

    /// <summary>Breast cancer: thirty features, the label true for malignant (the file's text mapped by ML.NET's MapValue).</summary>
    public static IDataView BreastCancer(MLContext ml)
    {
        var text = Load(ml, "breast_cancer", 30, DataKind.String);
        var malignant = new Dictionary<string, bool> { ["malignant"] = true, ["benign"] = false };
        return ml.Transforms.Conversion.MapValue("Label", malignant).Fit(text).Transform(text);
    }

    /// <summary>Diabetes: ten features, the label the disease progression (Single).</summary>
    public static IDataView Diabetes(MLContext ml) => Load(ml, "diabetes", 10, DataKind.Single);

    /// <summary>The rows of a column.</summary>
    public static T[] Column<T>(IDataView data, string name) => [.. data.GetColumn<T>(name)];

    /// <summary>The rows of a vector column as arrays.</summary>
    public static float[][] Vectors(IDataView data, string name) => [.. data.GetColumn<float[]>(name)];
}
