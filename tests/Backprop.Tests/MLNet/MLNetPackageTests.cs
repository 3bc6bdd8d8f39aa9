using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Backprop.Tests.Packaging;

namespace Backprop.Tests.MLNet;

/// <summary>
/// Backprop.MLNet as an app gets it: packed with the solution, added by version from the package folder to an ML.NET
/// console app outside the solution (an empty NuGet cache, as on a clean machine), which runs the package README's
/// program as written: it trains iris through a pipeline with a normaliser, evaluates on a seeded split, saves ML.NET's
/// model file and prints predictions; then a new process loads the file in a fresh MLContext and prints the same.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PackedSolutionUsers.Name)]
public sealed partial class MLNetPackageTests(PackedSolution packed)
{
    /// <summary>The done-when of the ML.NET trainer: micro accuracy at least this on iris's seeded 20 % test split.</summary>
    private const double IrisAccuracy = 0.95;

    [Fact]
    public void The_package_carries_its_readme_docs_symbols_and_its_dependencies_on_MLNet_and_Backprop()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Packages(), $"Backprop.MLNet.{packed.Version}.nupkg"));
        string Entry(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd().Replace("\r\n", "\n");
        }

        Entry("README.md").Should().Be(PackageReadme.Source("Backprop.MLNet"));
        zip.Entries.Select(e => e.FullName).Should().Contain(["lib/net10.0/Backprop.MLNet.dll", "lib/net10.0/Backprop.MLNet.xml"]);
        File.Exists(Path.Combine(packed.Feed, $"Backprop.MLNet.{packed.Version}.snupkg")).Should().BeTrue();
        Entry("Backprop.MLNet.nuspec").Should().Contain("<license type=\"expression\">MIT</license>")
            .And.Contain($"id=\"Backprop\" version=\"{packed.Version}\"").And.Contain($"id=\"Backprop.Onnx\" version=\"{packed.Version}\"")
            .And.Contain("id=\"Microsoft.ML\" version=\"5.0.1\"").And.Contain("id=\"Microsoft.ML.OnnxTransformer\" version=\"5.0.1\"")
            .And.Contain("id=\"Microsoft.ML.OnnxRuntime\" version=\"1.31.1\"");
    }

    [Fact]
    public void An_app_outside_the_solution_trains_evaluates_and_saves_iris_and_a_new_process_loads_it_and_predicts_the_same()
    {
        string feed = packed.Packages();
        string readme = File.ReadAllText(Path.Combine(PackedSolution.Root, "README.md")).Replace("\r\n", "\n");
        int install = readme.IndexOf("### Installing from a local folder", StringComparison.Ordinal);
        string nugetConfig = PackageReadme.CodeBlocks(readme[install..], "xml").First();
        string program = PackageReadme.CodeBlocks(PackageReadme.Source("Backprop.MLNet"), "csharp").Should().ContainSingle().Subject;

        var clean = packed.CleanNuGetCache("mlnet-app");
        var (newExit, newOutput) = PackedSolution.Dotnet(packed.Dir, clean, "new", "console", "--output", "IrisApp");
        newExit.Should().Be(0, newOutput);
        string app = Path.Combine(packed.Dir, "IrisApp");
        File.WriteAllText(Path.Combine(app, "nuget.config"), nugetConfig);
        File.WriteAllText(Path.Combine(app, "Program.cs"), program);
        File.Copy(Path.Combine(PackedSolution.Root, "samples", "Backprop.Demo", "Data", "iris.csv"), Path.Combine(app, "iris.csv"));
        // --prerelease: this run's packages are x.y.z-ci.<guid> (see PackagingTests).
        var (addExit, addOutput) = PackedSolution.Dotnet(app, clean, "add", "package", "Backprop.MLNet", "--prerelease");
        addExit.Should().Be(0, addOutput);
        File.ReadAllText(Path.Combine(app, "IrisApp.csproj")).Should().Contain($"<PackageReference Include=\"Backprop.MLNet\" Version=\"{packed.Version}\" />");

        var (trainExit, trained) = PackedSolution.Dotnet(app, clean, "run");
        trainExit.Should().Be(0, trained);
        var (serveExit, served) = PackedSolution.Dotnet(app, clean, "run", "--", "serve");
        serveExit.Should().Be(0, served);

        double accuracy = double.Parse(Accuracy().Match(trained).Groups[1].Value, CultureInfo.InvariantCulture);
        accuracy.Should().BeGreaterThanOrEqualTo(IrisAccuracy, trained);
        var predictions = Predictions(trained);
        predictions.Should().HaveCount(3, trained);
        predictions.Select(p => p.Split(',')[0]).Should().Equal("species 0", "species 1", "species 1");
        Predictions(served).Should().Equal(predictions, "the new process loads the model file and predicts the same floats");
        File.Exists(Path.Combine(app, "iris-model.zip")).Should().BeTrue();
        using (var saved = ZipFile.OpenRead(Path.Combine(app, "iris-model.zip")))
            saved.Entries.Should().Contain(e => e.FullName.EndsWith("/OnnxModel", StringComparison.Ordinal), "the ONNX model is inside ML.NET's model file");
        string assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
        assets.Should().Contain($"\"Backprop.MLNet/{packed.Version}\"").And.Contain($"\"Backprop/{packed.Version}\"").And.Contain("\"Microsoft.ML/5.0.1\"");
        Directory.Exists(Path.Combine(clean["NUGET_PACKAGES"], "backprop.mlnet", packed.Version)).Should().BeTrue("the package came from the folder into the empty cache");
    }

    private static string[] Predictions(string output) =>
        [.. output.Replace("\r\n", "\n").Split('\n').Where(l => l.StartsWith("species ", StringComparison.Ordinal))];

    [GeneratedRegex(@"micro accuracy (\d\.\d+)")]
    private static partial Regex Accuracy();
}
