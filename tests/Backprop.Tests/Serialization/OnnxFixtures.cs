using System.Text.Json;
using Backprop.Tests.Demo;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Tests.Serialization;

/// <summary>One file made by Fixtures/make_onnx_fixtures.py: the exported network and what torch computed.</summary>
/// <param name="Name">The file name without extension.</param>
/// <param name="Float32">Whether the network is float32 (else float64).</param>
/// <param name="Shape">The shape of the example input torch exported with (and of <paramref name="Inputs"/>).</param>
/// <param name="Inputs">The sample rows, one per sample as the importer sees them (the last axis).</param>
/// <param name="Outputs">torch's outputs for them, one row per sample.</param>
/// <param name="Refusal">For a file the importer refuses, a piece of the message.</param>
internal sealed record OnnxFixture(string Name, bool Float32, int[] Shape, double[][] Inputs, double[][] Outputs, string? Refusal)
{
    /// <summary>The folder of the fixtures in the repository.</summary>
    public static string Folder => System.IO.Path.Combine(DemoRunner.RepositoryRoot(), "tests", "Backprop.Tests", "Serialization", "Fixtures");

    /// <summary>The .onnx file.</summary>
    public string OnnxPath => System.IO.Path.Combine(Folder, Name + ".onnx");

    /// <summary>Reads NAME.json.</summary>
    public static OnnxFixture Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Folder, name + ".json")));
        var root = doc.RootElement;
        static double[][] Rows(JsonElement e) => e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return new OnnxFixture(name, root.GetProperty("dtype").GetString() == "float32",
            root.GetProperty("input_shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
            Rows(root.GetProperty("inputs")), Rows(root.GetProperty("outputs")),
            root.TryGetProperty("refusal", out var refusal) ? refusal.GetString() : null);
    }

    /// <summary>ONNX Runtime's outputs for <see cref="Inputs"/> (fed in the fixture's shape and precision), one row per sample.</summary>
    public double[][] RunOnnxRuntime() => RunOnnxRuntime(File.ReadAllBytes(OnnxPath), Float32, Shape, Inputs);

    /// <summary>ONNX Runtime's first output for <paramref name="rows"/>, fed as a tensor of <paramref name="shape"/>.</summary>
    public static double[][] RunOnnxRuntime(byte[] model, bool float32, int[] shape, double[][] rows)
    {
        using var session = new InferenceSession(model);
        string input = session.InputMetadata.Keys.Single();
        var flat = rows.SelectMany(r => r).ToArray();
        var value = float32
            ? NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(flat.Select(v => (float)v).ToArray(), shape))
            : NamedOnnxValue.CreateFromTensor(input, new DenseTensor<double>(flat, shape));
        using var results = session.Run([value]);
        var first = results[0];
        double[] values;
        int width;
        if (float32)
        {
            var tensor = first.AsTensor<float>();
            (values, width) = (tensor.ToArray().Select(v => (double)v).ToArray(), tensor.Dimensions[^1]);
        }
        else
        {
            var tensor = first.AsTensor<double>();
            (values, width) = (tensor.ToArray(), tensor.Dimensions[^1]);
        }
        return values.Chunk(width).ToArray();
    }

    /// <summary>The largest relative difference, |a − b| / |b| over every output (b being the reference).</summary>
    public static double MaxRelative(double[][] ours, double[][] reference)
    {
        ours.Length.Should().Be(reference.Length);
        double max = 0;
        for (int s = 0; s < ours.Length; s++)
        {
            ours[s].Length.Should().Be(reference[s].Length);
            for (int k = 0; k < ours[s].Length; k++)
                max = Math.Max(max, Math.Abs(ours[s][k] - reference[s][k]) / Math.Abs(reference[s][k]));
        }
        return max;
    }
}
