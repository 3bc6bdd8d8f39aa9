using System.Diagnostics;
using System.IO.Compression;
using Backprop.Tests.Demo;

namespace Backprop.Tests.Packaging;

/// <summary>
/// The used-by path, for real: pack the library and the tool into a local folder, build a console app from outside
/// the solution that references Backprop by package version from that folder, run it, and install and run the tool.
/// Each run packs a version of its own, so no stale package is ever restored from a cache.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PackagingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-pack-").FullName;
    private readonly string _version = "0.1.0-ci." + Guid.NewGuid().ToString("N")[..12];
    private readonly string _root = DemoRunner.RepositoryRoot();

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "backprop", "backprop.tool" })
        {
            string cached = Path.Combine(cache, id, _version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
    }

    private static (int Exit, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Run(start);
    }

    private static (int Exit, string Output) Run(ProcessStartInfo start)
    {
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} took over 8 minutes.");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private string Pack(string project)
    {
        string feed = Path.Combine(_dir, "feed");
        var (exit, output) = Dotnet(_root, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={_version}", "--nologo");
        exit.Should().Be(0, output);
        return feed;
    }

    [Fact]
    public void The_library_package_carries_its_readme_docs_licence_and_symbols()
    {
        string feed = Pack("src/Backprop/Backprop.csproj");

        File.Exists(Path.Combine(feed, $"Backprop.{_version}.snupkg")).Should().BeTrue();
        using var zip = ZipFile.OpenRead(Path.Combine(feed, $"Backprop.{_version}.nupkg"));
        zip.Entries.Select(e => e.FullName).Should().Contain(["README.md", "lib/net10.0/Backprop.dll", "lib/net10.0/Backprop.xml"]);
        using var nuspec = new StreamReader(zip.GetEntry("Backprop.nuspec")!.Open());
        string text = nuspec.ReadToEnd();
        text.Should().Contain("<license type=\"expression\">MIT</license>").And.Contain("<readme>README.md</readme>")
            .And.Contain("<repository type=\"git\"").And.Contain("id=\"MathNet.Numerics\" version=\"5.0.0\"");
    }

    [Fact]
    public void A_console_app_outside_the_solution_references_the_package_and_trains_the_blogs_network()
    {
        string feed = Pack("src/Backprop/Backprop.csproj");
        string app = Directory.CreateDirectory(Path.Combine(_dir, "consumer")).FullName;
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Backprop" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Globalization;
            using Backprop;
            using MathNet.Numerics.LinearAlgebra;

            var network = new Network(
                new DenseLayer(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, [0.35, 0.35], Activation.Sigmoid, BiasMode.Frozen),
                new DenseLayer(new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, [0.60, 0.60], Activation.Sigmoid, BiasMode.Frozen));
            double e = network.TrainStep(Vector<double>.Build.DenseOfArray([0.05, 0.10]), Vector<double>.Build.DenseOfArray([0.01, 0.99]), new Sgd(0.5));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"E_total = {e:F9}"));
            """);

        var (exit, output) = Dotnet(app, "run", "--nologo");

        exit.Should().Be(0, output);
        output.Should().Contain("E_total = 0.298371109");
        File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")).Should().Contain($"\"Backprop/{_version}\"");
    }

    [Fact]
    public void The_tool_installs_from_the_local_folder_and_backprop_mazur_runs()
    {
        string feed = Pack("samples/Backprop.Demo/Backprop.Demo.csproj");
        string tools = Path.Combine(_dir, "tools");

        var (exit, output) = Dotnet(_dir, "tool", "install", "Backprop.Tool", "--tool-path", tools, "--add-source", feed, "--version", _version);
        exit.Should().Be(0, output);

        var (runExit, runOutput) = Run(new ProcessStartInfo(Path.Combine(tools, "backprop"), ["mazur"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir,
        });
        runExit.Should().Be(0, runOutput);
        runOutput.Should().Contain("0.298371109").And.Contain("0.35891648");

        // Installed, it names itself backprop in help and errors.
        var (helpExit, help) = Run(new ProcessStartInfo(Path.Combine(tools, "backprop"), ["--help"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir,
        });
        helpExit.Should().Be(0, help);
        help.Should().Contain("backprop [command] [options]").And.NotContain("Backprop.Demo");
        var (badExit, bad) = Run(new ProcessStartInfo(Path.Combine(tools, "backprop"), ["train", "--data", "iris", "--epochs", "0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir,
        });
        badExit.Should().Be(2, bad);
        bad.Should().Contain("error: --epochs 0: must be at least 1").And.Contain("see 'backprop train --help'");
    }
}
