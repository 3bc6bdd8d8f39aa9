using System.Diagnostics;
using Backprop.Tests.Demo;

namespace Backprop.Tests.Packaging;

/// <summary>
/// The README's first step, once per test run: <c>dotnet pack -c Release -o ./packages</c> on the whole solution,
/// into a temporary <c>backprop/packages</c> folder. Each run packs a version of its own (the VersionPrefix of
/// Directory.Build.props with a suffix <c>ci.&lt;guid&gt;</c>), so no package built or cached before can stand in.
/// Everything that restores from the folder uses a NuGet cache of its own under <see cref="Dir"/>.
/// </summary>
public sealed class PackedSolution : IDisposable
{
    // A cold pack of the whole solution takes about two minutes on two cores (the tool is published once
    // per platform it has a package for); a restore from nuget.org some seconds.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);
    private readonly (int Exit, string Output) _pack;

    public PackedSolution()
    {
        string suffix = "ci." + Guid.NewGuid().ToString("N")[..12];
        Version = $"{VersionTests.Prefix()}-{suffix}";
        Feed = Directory.CreateDirectory(Path.Combine(Dir, "backprop", "packages")).FullName;
        _pack = Dotnet(Root, null, "pack", "-c", "Release", "-o", Feed, $"-p:VersionSuffix={suffix}", "--nologo");
    }

    /// <summary>The temporary folder of the run; deleted at the end.</summary>
    public string Dir { get; } = Directory.CreateTempSubdirectory("backprop-pack-").FullName;

    /// <summary>The folder the packages were written to (<c>backprop/packages</c> under <see cref="Dir"/>).</summary>
    public string Feed { get; }

    /// <summary>The version every package of this run carries.</summary>
    public string Version { get; }

    public static string Root { get; } = DemoRunner.RepositoryRoot();

    /// <summary>The feed, after checking that the pack succeeded.</summary>
    public string Packages()
    {
        _pack.Exit.Should().Be(0, _pack.Output);
        return Feed;
    }

    /// <summary>A NuGet cache of its own (NUGET_PACKAGES and the HTTP cache, both empty at first), as on a clean machine.</summary>
    public Dictionary<string, string> CleanNuGetCache(string name) => new()
    {
        ["NUGET_PACKAGES"] = Directory.CreateDirectory(Path.Combine(Dir, name, "nuget-packages")).FullName,
        ["NUGET_HTTP_CACHE_PATH"] = Directory.CreateDirectory(Path.Combine(Dir, name, "nuget-http-cache")).FullName,
    };

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    public static (int Exit, string Output) Dotnet(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return Run(start);
    }

    public static (int Exit, string Output) Run(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} took over {Limit.TotalMinutes} minutes.");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
