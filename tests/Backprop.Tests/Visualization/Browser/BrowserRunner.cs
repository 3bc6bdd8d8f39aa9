using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Tests.Demo;

namespace Backprop.Tests.Visualization.Browser;

/// <summary>
/// Runs <c>explainer.mjs</c> (beside this file) in Node: it opens a page in Debian's Chromium through
/// playwright-core and reports what the page showed as JSON. Installs playwright-core (<c>npm ci</c>) the first
/// time; a missing Chromium or Node fails with how to install it.
/// </summary>
internal static class BrowserRunner
{
    /// <summary>Where Chromium is looked for; <c>BACKPROP_CHROMIUM</c> names another.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("BACKPROP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly Lock NpmLock = new();

    /// <summary>The folder of the browser scripts, in the source tree.</summary>
    public static string Folder => Path.Combine(DemoRunner.RepositoryRoot(), "tests", "Backprop.Tests", "Visualization", "Browser");

    /// <summary>Runs the plan and returns the report.</summary>
    public static JsonObject Run(JsonObject plan)
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"Chromium is not installed at {Chromium}: the browser tests need it. On Debian or Ubuntu: " +
                "sudo apt-get install chromium (or set BACKPROP_CHROMIUM to a Chromium or Chrome executable).");
        EnsurePlaywright();
        string planPath = Path.Combine(Path.GetTempPath(), $"backprop-plan-{Guid.NewGuid():N}.json");
        File.WriteAllText(planPath, plan.ToJsonString());
        try
        {
            var (exit, output, error) = Node(Folder, TimeSpan.FromMinutes(3), "node", "explainer.mjs", planPath);
            if (exit != 0) throw new InvalidOperationException($"explainer.mjs failed (exit {exit}):\n{error}\n{output}");
            return JsonNode.Parse(output)!.AsObject();
        }
        finally
        {
            File.Delete(planPath);
        }
    }

    /// <summary>Installs playwright-core from package-lock.json when node_modules lacks it.</summary>
    private static void EnsurePlaywright()
    {
        lock (NpmLock)
        {
            if (Directory.Exists(Path.Combine(Folder, "node_modules", "playwright-core"))) return;
            var (exit, output, error) = Node(Folder, TimeSpan.FromMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
            if (exit != 0) throw new InvalidOperationException($"npm ci in {Folder} failed (exit {exit}):\n{error}\n{output}");
        }
    }

    private static (int ExitCode, string Output, string Error) Node(string folder, TimeSpan timeout, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed: the browser tests need Node.js 20 or later with npm. " +
                "On Debian or Ubuntu: sudo apt-get install nodejs npm.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}.");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>The strings of a JSON array.</summary>
    public static string[] Strings(JsonNode? array) => array?.AsArray().Select(x => x is JsonValue v ? v.GetValue<string>() : x!.ToJsonString()).ToArray() ?? [];

    /// <summary>A report's part as indented text, for failure messages.</summary>
    public static string Show(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
}
