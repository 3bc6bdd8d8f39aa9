using System.Text.RegularExpressions;
using Backprop.Tests.Demo;

namespace Backprop.Tests.Packaging;

/// <summary>The README each package carries, as it is beside its project (PackagingTests checks the packed copies).</summary>
public class PackageReadmeTests
{
    [Theory]
    [MemberData(nameof(PackageReadme.Ids), MemberType = typeof(PackageReadme))]
    public void Each_package_readme_names_its_package_says_how_to_install_it_and_reads_on_a_package_page(string id)
    {
        string readme = PackageReadme.Source(id);

        PackageReadme.ShouldFitThePackagePage(readme, id);
        readme.Should().NotBe(File.ReadAllText(Path.Combine(DemoRunner.RepositoryRoot(), "README.md")).Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("Backprop")]
    [InlineData("Backprop.Visualization")]
    [InlineData("Backprop.Onnx")]
    public void The_csharp_example_of_a_library_readme_is_compiled_in_the_tests(string id)
    {
        string examples = File.ReadAllText(Path.Combine(DemoRunner.RepositoryRoot(), "tests", "Backprop.Tests", "Packaging", "ReadmeExamples.cs")).Replace("\r\n", "\n");
        var block = PackageReadme.CodeBlocks(PackageReadme.Source(id), "csharp").Should().ContainSingle().Subject;
        var lines = block.TrimEnd('\n').Split('\n');
        var usings = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal)).ToArray();
        string code = string.Join("\n", lines.Skip(usings.Length).SkipWhile(l => l.Length == 0));

        var region = Regex.Match(examples, $@"// #region {Regex.Escape(id)}\n(.*?)\n\s*// #endregion", RegexOptions.Singleline);
        region.Success.Should().BeTrue($"ReadmeExamples.cs has a region {id}");
        string compiled = string.Join("\n", region.Groups[1].Value.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        var compiledUsings = examples.Split('\n').Where(l => l.StartsWith("using ", StringComparison.Ordinal)).ToHashSet();
        usings.Should().NotBeEmpty("the example shows the usings it needs");
        usings.Where(u => !compiledUsings.Contains(u)).Should().BeEmpty("every using of the example is one ReadmeExamples.cs needs");
        code.Should().Be(compiled);
    }
}
