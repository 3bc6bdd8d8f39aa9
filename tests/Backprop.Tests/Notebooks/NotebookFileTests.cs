using Backprop.Tests.Packaging;

namespace Backprop.Tests.Notebooks;

/// <summary>The notebook as it is in the repository (NotebookRunTests runs it).</summary>
public class NotebookFileTests
{
    private static readonly string Json = File.ReadAllText(Notebook.Path);

    [Fact]
    public void The_notebook_takes_the_library_and_its_formatters_at_the_repositorys_version()
    {
        Notebook.PackageReferences(Json).Should().Equal(("Backprop", VersionTests.Prefix()), ("Backprop.Interactive", VersionTests.Prefix()));
    }

    [Fact]
    public void The_notebook_finds_the_packages_folder_two_folders_up_as_the_readmes_pack_makes_it()
    {
        var first = Notebook.CodeCells(Json)[0].Source;

        first.Should().Contain("System.IO.Path.Combine(\"..\", \"..\", \"packages\")").And.Contain("#i \\\"nuget: {packages}\\\"");
        File.ReadAllText(Path.Combine(PackedSolution.Root, "README.md")).Should().Contain("dotnet pack -c Release -o ./packages");
    }

    [Fact]
    public void The_notebook_is_stored_without_outputs_so_that_every_output_comes_from_a_run()
    {
        Notebook.CodeCells(Json).Should().OnlyContain(c => c.Outputs.Count == 0);
    }

    [Fact]
    public void A_different_version_replaces_every_backprop_reference_and_nothing_else()
    {
        string changed = Notebook.WithVersion(Json, "9.8.7-ci.abc");

        Notebook.PackageReferences(changed).Should().Equal(("Backprop", "9.8.7-ci.abc"), ("Backprop.Interactive", "9.8.7-ci.abc"));
        changed.Replace("9.8.7-ci.abc", VersionTests.Prefix(), StringComparison.Ordinal).Should().Be(Json);
    }
}
