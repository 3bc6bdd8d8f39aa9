namespace Backprop.Tests.Packaging;

/// <summary>Backprop.Interactive: the extension script that .NET Interactive runs when a notebook adds the package, and
/// none of the notebook host's own packages among its dependencies (the host brings them).</summary>
public sealed partial class PackagingTests
{
    [Fact]
    public void The_interactive_package_carries_its_extension_script_and_depends_on_no_notebook_host_package()
    {
        using var zip = Package("Backprop.Interactive");

        Entry(zip, "interactive-extensions/dotnet/extension.dib").Should()
            .Be(File.ReadAllText(Path.Combine(PackedSolution.Root, "src", "Backprop.Interactive", "extension.dib")).Replace("\r\n", "\n"))
            .And.Contain("Backprop.Interactive.BackpropFormatters.Register();");
        Entry(zip, "Backprop.Interactive.nuspec").Should().NotContain("Microsoft.DotNet.Interactive").And.NotContain("Microsoft.AspNetCore");
    }
}
