using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Backprop.Tests.Packaging;

/// <summary>
/// The tool's packages: Backprop.Tool is a pointer to one package per platform (the .NET SDK's RID-specific tool
/// packages), each with the native picture libraries of its platform only, and Backprop.Tool.any for the others;
/// installed from the folder with an empty NuGet cache, the tool is the current platform's package, within its
/// size, and runs every command of its README and draws.
/// </summary>
public sealed partial class PackagingTests
{
    // Measured on linux-x64: 8.1 MB to download (Backprop.Tool.linux-x64; the pointer is 3 KB), 35.0 MB installed:
    // the files (18.8 MB) and the package kept twice in the tool store (the download beside NuGet's own copy).
    // The one package for every platform it replaced was 79.4 MB, and 328.8 MB installed.
    private const long MaxPlatformPackageBytes = 16_000_000;   // the largest is macOS's, 11.4 MB: one libSkiaSharp for both architectures
    private const long MaxPointerPackageBytes = 16_000;        // nuspec, README and the settings that name the platform packages
    private const long MaxInstalledBytes = 48_000_000;

    private static readonly string[] NativeLibraries = ["libHarfBuzzSharp", "libSkiaSharp"];
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The platforms of ToolPackageRuntimeIdentifiers in the tool's project, <c>any</c> last among them.</summary>
    private static string[] ToolRids() =>
        XDocument.Load(Path.Combine(PackedSolution.Root, "samples", "Backprop.Demo", "Backprop.Demo.csproj"))
            .Descendants("ToolPackageRuntimeIdentifiers").Single().Value.Split(';', StringSplitOptions.RemoveEmptyEntries);

    private static string NativeExtension(string rid) =>
        rid.StartsWith("win", StringComparison.Ordinal) ? ".dll" : rid.StartsWith("osx", StringComparison.Ordinal) ? ".dylib" : ".so";

    private static bool IsNative(string path) =>
        NativeLibraries.Any(l => Path.GetFileName(path).StartsWith(l + ".", StringComparison.Ordinal));

    private long Size(string id) => new FileInfo(Path.Combine(packed.Packages(), $"{id}.{packed.Version}.nupkg")).Length;

    [Fact]
    public void The_tool_is_a_small_pointer_to_one_package_per_platform_each_with_that_platforms_native_libraries_only()
    {
        string[] rids = ToolRids();
        rids.Should().Contain(["linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "win-x64", "any"]);

        using (var pointer = Package("Backprop.Tool"))
        {
            Size("Backprop.Tool").Should().BeLessThan(MaxPointerPackageBytes);
            pointer.Entries.Select(e => e.FullName).Should().NotContain(n => n.EndsWith(".dll", StringComparison.Ordinal));
            var settings = XDocument.Parse(Entry(pointer, pointer.Entries.Single(e => e.Name == "DotnetToolSettings.xml").FullName));
            settings.Descendants("RuntimeIdentifierPackage").Select(p => $"{p.Attribute("RuntimeIdentifier")?.Value} {p.Attribute("Id")?.Value}")
                .Should().BeEquivalentTo(rids.Select(r => $"{r} Backprop.Tool.{r}"), "the pointer names one package per platform");
        }

        foreach (string rid in rids.Where(r => r != "any"))
        {
            string id = $"Backprop.Tool.{rid}";
            using var zip = Package(id);
            Size(id).Should().BeLessThan(MaxPlatformPackageBytes, id);
            Entry(zip, $"{id}.nuspec").Should().Contain("<packageType name=\"DotnetToolRidPackage\" />", "a platform package is not listed as a tool of its own");
            var files = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("tools/", StringComparison.Ordinal)).ToList();
            files.Should().OnlyContain(n => n.StartsWith($"tools/net10.0/{rid}/", StringComparison.Ordinal), id)
                .And.Contain($"tools/net10.0/{rid}/Backprop.Demo.dll")
                .And.NotContain(n => n.Contains("/runtimes/", StringComparison.Ordinal), "only its own platform's natives, beside the assemblies");
            files.Where(IsNative).Select(Path.GetFileName).Should().BeEquivalentTo(NativeLibraries.Select(l => l + NativeExtension(rid)), id);
            files.Should().NotContain(n => n.EndsWith(".resources.dll", StringComparison.Ordinal) || n.EndsWith("Backprop.xml", StringComparison.Ordinal),
                "translations and XML docs are not used at run time");
        }

        using var any = Package("Backprop.Tool.any");
        var natives = any.Entries.Select(e => e.FullName).Where(IsNative).ToList();
        natives.Should().Contain(["tools/net10.0/any/runtimes/win-arm64/native/libSkiaSharp.dll", "tools/net10.0/any/runtimes/linux-musl-arm64/native/libSkiaSharp.so"],
            "the fallback carries every platform's natives, for the platforms without a package of their own");
    }

    [Fact]
    public void The_tool_installs_from_the_folder_and_runs_every_command_of_its_readme()
    {
        string feed = packed.Packages();
        string tools = Path.Combine(packed.Dir, "tools");
        string work = Directory.CreateDirectory(Path.Combine(packed.Dir, "tool-work")).FullName;

        var (exit, output) = PackedSolution.Dotnet(packed.Dir, packed.CleanNuGetCache("tool"),
            "tool", "install", "Backprop.Tool", "--tool-path", tools, "--add-source", feed, "--prerelease");   // --prerelease: as for the app above
        exit.Should().Be(0, output);

        // Only this platform's package came, natives and all, within its size (an unlisted platform takes the fallback).
        string rid = ToolRids().Contains(RuntimeInformation.RuntimeIdentifier) ? RuntimeInformation.RuntimeIdentifier : "any";
        string store = Path.Combine(tools, ".store", "backprop.tool", packed.Version);
        Directory.EnumerateDirectories(store).Select(Path.GetFileName).Should().BeEquivalentTo(["backprop.tool", $"backprop.tool.{rid}"]);
        var installed = new DirectoryInfo(tools).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.LinkTarget is null).ToList();
        var natives = installed.Where(f => IsNative(f.Name)).Select(f => f.Name).ToList();
        if (rid == "any")
        {
            natives.Should().HaveCountGreaterThan(NativeLibraries.Length, "the fallback brings every platform's natives");
        }
        else
        {
            natives.Should().BeEquivalentTo(NativeLibraries.Select(l => l + NativeExtension(rid)), "only this platform's natives are installed");
            installed.Sum(f => f.Length).Should().BeLessThan(MaxInstalledBytes, "the install of one platform's package, kept twice by the tool store");
        }

        var commands = PackageReadme.CodeBlocks(PackageReadme.Source("Backprop.Tool"), "")
            .SelectMany(b => b.Split('\n')).Where(l => l.StartsWith("backprop", StringComparison.Ordinal)).ToList();
        commands.Should().HaveCountGreaterThan(3);
        var outputs = new List<string>();
        foreach (var line in commands)
        {
            var args = Regex.Replace(line, @"\s+#.*$", "").Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            var (runExit, runOutput) = PackedSolution.Run(new ProcessStartInfo(Path.Combine(tools, "backprop"), args) { WorkingDirectory = work });
            runExit.Should().Be(0, $"`{line}` runs: {runOutput}");
            outputs.Add(runOutput);
        }

        outputs[0].Should().Contain("0.298371109").And.Contain("0.35891648");   // the tour: the blog's E_total and new w5
        foreach (var picture in new[] { "mazur-network.png", "tenpoint-loss.png" })   // the tour draws with the installed natives
            File.ReadAllBytes(Path.Combine(work, "demo-output", picture)).Should().StartWith(PngSignature).And.HaveCountGreaterThan(10_000, picture);
        File.Exists(Path.Combine(work, "model.json")).Should().BeTrue();
        File.Exists(Path.Combine(work, "model.onnx")).Should().BeTrue();

        // Installed, it names itself backprop in help and errors.
        var (helpExit, help) = PackedSolution.Run(new ProcessStartInfo(Path.Combine(tools, "backprop"), ["--help"]) { WorkingDirectory = work });
        helpExit.Should().Be(0, help);
        help.Should().Contain("backprop [command] [options]").And.NotContain("Backprop.Demo");
        var (badExit, bad) = PackedSolution.Run(new ProcessStartInfo(Path.Combine(tools, "backprop"), ["train", "--data", "iris", "--epochs", "0"]) { WorkingDirectory = work });
        badExit.Should().Be(2, bad);
        bad.Should().Contain("error: --epochs 0: must be at least 1").And.Contain("see 'backprop train --help'");
    }
}
