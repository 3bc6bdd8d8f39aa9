using System.Security.Cryptography;
using System.Text.Json;
using Backprop.Tests.Demo;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers.Lbfgs;

/// <summary>Optimizers/Fixtures/lbfgs.json (written by make_lbfgs_fixtures.py there) and the data its runs name.</summary>
internal static class LbfgsFixture
{
    private static readonly Lazy<JsonElement> Root = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Optimizers", "Fixtures", "lbfgs.json"))).RootElement);

    public static JsonElement Get(string section) => Root.Value.GetProperty(section);

    public static JsonElement Run(string name) =>
        Get("runs").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    /// <summary>A run's data set, z-scored over the whole file as the script did. Its path is relative to the
    /// repository root: the seeds file lives in ../shared/data beside the repository, never in it.</summary>
    public static Dataset Data(JsonElement run)
    {
        string path = Path.GetFullPath(Path.Combine(DemoRunner.RepositoryRoot(), run.GetProperty("data").GetString()!));
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"{path} is missing: the L-BFGS fixture was made from it (the UCI seeds file, 210 rows; see ../shared/data/README.md beside the repository).", path);
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))).Should().Be(run.GetProperty("sha256").GetString(),
            $"{path} must be the file the fixture was made from");
        var data = CsvDataset.Load(path, new CsvOptions { HasHeader = run.GetProperty("header").GetBoolean() });
        return StandardScaler.Fit(data.Inputs).Transform(data);
    }

    /// <summary>The network of a run with the given layers (weights outputs × inputs, then bias): tanh hidden layers,
    /// a softmax output and categorical cross-entropy, scikit-learn's log-loss.</summary>
    public static Network Network(JsonElement layers)
    {
        var all = layers.EnumerateArray().ToArray();
        return new Network(
            all.Select((layer, l) => new DenseLayer(Matrix(layer.GetProperty("weights")), Doubles(layer.GetProperty("bias")),
                l == all.Length - 1 ? Activation.Softmax : Activation.Tanh)),
            Loss.CategoricalCrossEntropy);
    }

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static double[,] Matrix(JsonElement rows)
    {
        var r = rows.EnumerateArray().Select(Doubles).ToArray();
        var m = new double[r.Length, r[0].Length];
        for (int i = 0; i < r.Length; i++)
            for (int j = 0; j < r[i].Length; j++) m[i, j] = r[i][j];
        return m;
    }

    /// <summary>Every parameter of a network, layer by layer (W row-major, then b).</summary>
    public static double[] Parameters(Network network) =>
        network.Layers.SelectMany(l => l.Weights.ToRowMajorArray().Concat(l.Bias)).ToArray();

    /// <summary>Every parameter of a fixture's layers, in the order of <see cref="Parameters(Backprop.Network)"/>.</summary>
    public static double[] Parameters(JsonElement layers) =>
        layers.EnumerateArray().SelectMany(l =>
            l.GetProperty("weights").EnumerateArray().SelectMany(Doubles).Concat(Doubles(l.GetProperty("bias")))).ToArray();

    public static Matrix<double> Column(params double[] values) => Matrix<double>.Build.DenseOfColumnMajor(values.Length, 1, values);
}
