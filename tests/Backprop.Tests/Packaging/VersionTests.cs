using System.Text.RegularExpressions;
using System.Xml.Linq;
using Backprop.Tests.Demo;

namespace Backprop.Tests.Packaging;

/// <summary>The version is written once, as VersionPrefix in Directory.Build.props; a pack may add a suffix.</summary>
public class VersionTests
{
    private static readonly string Root = DemoRunner.RepositoryRoot();

    /// <summary>The VersionPrefix of the root Directory.Build.props, the one place the version is written.</summary>
    public static string Prefix() =>
        XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    private static IEnumerable<string> Files(params string[] patterns) =>
        patterns.SelectMany(p => Directory.EnumerateFiles(Root, p, SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj" or ".git" or "BenchmarkDotNet.Artifacts"));

    [Fact]
    public void The_root_build_props_hold_a_plain_version_prefix()
    {
        Prefix().Should().MatchRegex(@"^\d+\.\d+\.\d+$", "a suffix such as -ci.1 is added by the pack, not written here");
    }

    [Fact]
    public void No_project_or_props_file_sets_the_version_besides_the_prefix()
    {
        var setters = Files("*.csproj", "*.props", "*.targets")
            .SelectMany(f => XDocument.Load(f).Descendants()
                .Where(e => e.Name.LocalName is "Version" or "PackageVersion" or "VersionPrefix" or "AssemblyVersion" or "FileVersion"
                    || (e.Name.LocalName == "PackageReference" && e.Attribute("Include")?.Value.StartsWith("Backprop", StringComparison.Ordinal) == true))
                .Select(e => $"{Path.GetRelativePath(Root, f)}: <{e.Name.LocalName}>"))
            .ToList();

        setters.Should().Equal("Directory.Build.props: <VersionPrefix>");
    }

    [Fact]
    public void No_readme_or_test_names_the_version()
    {
        var version = new Regex($@"(?<![\w.]){Regex.Escape(Prefix())}(?![\w.])");
        var naming = Files("*.md", "*.cs").Where(f => version.IsMatch(File.ReadAllText(f))).Select(f => Path.GetRelativePath(Root, f));

        naming.Should().BeEmpty("the version is read from Directory.Build.props, so changing it there changes it everywhere");
    }
}
