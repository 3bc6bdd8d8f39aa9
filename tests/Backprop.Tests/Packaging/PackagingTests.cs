using System.IO.Compression;

namespace Backprop.Tests.Packaging;

/// <summary>
/// The used-by path, for real: the README's recipe — pack the solution into a folder, point an app's nuget.config at
/// that folder and nuget.org, <c>dotnet add package Backprop</c> — followed with an empty NuGet cache, then the app
/// built and run; the tool installed from the folder and the commands of its README run; and what each package
/// carries (its own README, docs, licence, symbols, dependencies at the one version). The tool's part is in
/// PackagingTests.Tool.cs.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PackedSolutionUsers.Name)]
public sealed partial class PackagingTests(PackedSolution packed)
{
    private ZipArchive Package(string id) => ZipFile.OpenRead(Path.Combine(packed.Packages(), $"{id}.{packed.Version}.nupkg"));

    private static string Entry(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    [Theory]
    [MemberData(nameof(PackageReadme.Ids), MemberType = typeof(PackageReadme))]
    public void Each_package_carries_the_readme_beside_its_project_at_the_runs_version(string id)
    {
        using var zip = Package(id);

        string readme = Entry(zip, "README.md");
        readme.Should().Be(PackageReadme.Source(id));
        PackageReadme.ShouldFitThePackagePage(readme, id);
        string nuspec = Entry(zip, $"{id}.nuspec");
        nuspec.Should().Contain($"<id>{id}</id>").And.Contain($"<version>{packed.Version}</version>").And.Contain("<readme>README.md</readme>");
    }

    [Theory]
    [InlineData("Backprop", "MathNet.Numerics\" version=\"5.0.0")]
    [InlineData("Backprop.Visualization", "Backprop\" version=\"{0}")]
    [InlineData("Backprop.Onnx", "Backprop\" version=\"{0}")]
    [InlineData("Backprop.Interactive", "Backprop\" version=\"{0}")]
    public void Each_library_package_carries_its_docs_licence_symbols_and_dependencies(string id, string dependency)
    {
        using var zip = Package(id);

        File.Exists(Path.Combine(packed.Feed, $"{id}.{packed.Version}.snupkg")).Should().BeTrue();
        zip.Entries.Select(e => e.FullName).Should().Contain([$"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"]);
        Entry(zip, $"{id}.nuspec").Should().Contain("<license type=\"expression\">MIT</license>")
            .And.Contain("<repository type=\"git\"").And.Contain($"id=\"{string.Format(null, dependency, packed.Version)}\"");
    }

    [Fact]
    public void The_readmes_recipe_on_a_clean_nuget_cache_gives_an_app_that_builds_and_runs_the_readmes_complete_program()
    {
        string feed = packed.Packages();
        string readme = File.ReadAllText(Path.Combine(PackedSolution.Root, "README.md")).Replace("\r\n", "\n");
        int use = readme.IndexOf("## Use it in your app", StringComparison.Ordinal), install = readme.IndexOf("### Installing from a local folder", StringComparison.Ordinal);
        string program = PackageReadme.CodeBlocks(readme[use..install], "csharp").Should().ContainSingle().Subject;
        string recipe = readme[install..readme.IndexOf("\n## ", install, StringComparison.Ordinal)];
        recipe.Should().Contain("```\ndotnet pack -c Release -o ./packages\n```").And.Contain("```\ndotnet add package Backprop\n```");
        string nugetConfig = PackageReadme.CodeBlocks(recipe, "xml").Should().ContainSingle().Subject;
        nugetConfig.Should().Contain("value=\"../backprop/packages\"").And.Contain("value=\"https://api.nuget.org/v3/index.json\"");
        feed.Should().EndWith(Path.Combine("backprop", "packages"), "the app lies beside the clone, as the README's nuget.config has it");

        var clean = packed.CleanNuGetCache("app");
        var (newExit, newOutput) = PackedSolution.Dotnet(packed.Dir, clean, "new", "console", "--output", "MyApp");
        newExit.Should().Be(0, newOutput);
        string app = Path.Combine(packed.Dir, "MyApp");
        File.WriteAllText(Path.Combine(app, "nuget.config"), nugetConfig);
        File.WriteAllText(Path.Combine(app, "Program.cs"), program);
        File.Copy(Path.Combine(PackedSolution.Root, "samples", "Backprop.Demo", "Data", "iris.csv"), Path.Combine(app, "iris.csv"));

        // The one departure from the recipe: this run's packages are prereleases (x.y.z-ci.<guid>), which
        // `dotnet add package` takes only when asked; the README's pack makes a release, which it takes as written.
        var (addExit, addOutput) = PackedSolution.Dotnet(app, clean, "add", "package", "Backprop", "--prerelease");
        addExit.Should().Be(0, addOutput);
        File.ReadAllText(Path.Combine(app, "MyApp.csproj")).Should().Contain($"<PackageReference Include=\"Backprop\" Version=\"{packed.Version}\" />");

        var (runExit, runOutput) = PackedSolution.Dotnet(app, clean, "run");

        runExit.Should().Be(0, runOutput);
        runOutput.Should().Contain("test accuracy 100.0 %").And.Contain("virginica (95.6 %)", "the README says what the program prints");
        File.Exists(Path.Combine(app, "iris-model.json")).Should().BeTrue();
        string assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
        assets.Should().Contain($"\"Backprop/{packed.Version}\"").And.Contain("\"MathNet.Numerics/5.0.0\"");
        Directory.Exists(Path.Combine(clean["NUGET_PACKAGES"], "mathnet.numerics", "5.0.0")).Should().BeTrue("the dependency came from nuget.org into the empty cache");
    }
}
