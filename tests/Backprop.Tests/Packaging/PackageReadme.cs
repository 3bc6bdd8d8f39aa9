using System.Text.RegularExpressions;
using Backprop.Tests.Demo;

namespace Backprop.Tests.Packaging;

/// <summary>
/// The packages and the README each carries (the one beside its project), with what makes a README fit a
/// package page: it names its package and how to install it, and it has nothing that only makes sense inside a
/// clone of the repository — no relative link or image, no <c>dotnet run --project</c>, no repository path.
/// </summary>
internal static partial class PackageReadme
{
    /// <summary>Package id, the project folder (from the repository root), and the install line.</summary>
    public static readonly (string Id, string Folder, string Install)[] Packages =
    [
        ("Backprop", "src/Backprop", "dotnet add package Backprop"),
        ("Backprop.Visualization", "src/Backprop.Visualization", "dotnet add package Backprop.Visualization"),
        ("Backprop.Onnx", "src/Backprop.Onnx", "dotnet add package Backprop.Onnx"),
        ("Backprop.MLNet", "src/Backprop.MLNet", "dotnet add package Backprop.MLNet"),
        ("Backprop.Interactive", "src/Backprop.Interactive", "dotnet add package Backprop.Interactive"),
        ("Backprop.Tool", "samples/Backprop.Demo", "dotnet tool install --global Backprop.Tool"),
    ];

    public static TheoryData<string> Ids() => new(Packages.Select(p => p.Id));

    public static (string Id, string Folder, string Install) Of(string id) => Packages.Single(p => p.Id == id);

    /// <summary>The README beside the package's project, as it is in the repository.</summary>
    public static string Source(string id) =>
        File.ReadAllText(Path.Combine(DemoRunner.RepositoryRoot(), Of(id).Folder, "README.md")).Replace("\r\n", "\n");

    /// <summary>Checks that a README text is the package's own and reads on a package page.</summary>
    public static void ShouldFitThePackagePage(string readme, string id)
    {
        readme.Should().StartWith($"# {id}\n", "a package README opens with its package's name");
        readme.Should().Contain($"```\n{Of(id).Install}\n```", "it says how to install the package");
        readme.Should().Contain("README at the root of the Backprop source repository", "it points to the full README");
        readme.Should().NotContain("dotnet run").And.NotContain("--project");
        RelativeLink().Matches(readme).Select(m => m.Value).Should().BeEmpty("a package page has no repository to resolve a relative link against");
        RepositoryPath().Matches(readme).Select(m => m.Value).Should().BeEmpty("a repository path means nothing on a package page");
    }

    /// <summary>The code of each fenced block whose info string is <paramref name="lang"/> ("" for a plain fence), in order.</summary>
    public static IEnumerable<string> CodeBlocks(string markdown, string lang)
    {
        string? open = null;
        var code = new List<string>();
        foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            if (open is null && line.StartsWith("```", StringComparison.Ordinal)) (open, code) = (line[3..].Trim(), []);
            else if (open is not null && line == "```")
            {
                if (open == lang) yield return string.Join("\n", code) + "\n";
                open = null;
            }
            else if (open is not null) code.Add(line);
        }
    }

    // A Markdown link or image whose target is not an absolute http(s) URL, or an HTML src/href that is not.
    [GeneratedRegex(@"\]\((?!https?://)[^)]*\)|(?:src|href)=""(?!https?://)[^""]*""")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"\b(?:src|samples|tests)/[\w.]+")]
    private static partial Regex RepositoryPath();
}
