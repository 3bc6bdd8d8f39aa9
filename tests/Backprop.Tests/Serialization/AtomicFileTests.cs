using Backprop.Demo.Tour;

namespace Backprop.Tests.Serialization;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Target => Path.Combine(_dir, "model.json");

    [Fact]
    public void The_temporary_file_is_one_hidden_name_per_target_beside_it()
    {
        AtomicFile.TemporaryPath(Target).Should().Be(Path.Combine(_dir, ".model.json.tmp.json"));
    }

    [Fact]
    public void Debris_of_a_killed_save_is_cleared_by_the_next_save()
    {
        File.WriteAllText(AtomicFile.TemporaryPath(Target), "{ \"format\": \"backprop-model\", \"vers");

        ModelFile.Save(MazurTour.CreateNetwork(), Target);

        Directory.GetFileSystemEntries(_dir).Should().Equal(Target);
        ModelFile.Load(Target).Network.Layers.Should().HaveCount(2);
    }

    [Fact]
    public void A_save_into_a_missing_folder_names_the_target_not_the_temporary_file()
    {
        string target = Path.Combine(_dir, "missing", "model.json");

        var act = () => ModelFile.Save(MazurTour.CreateNetwork(), target);

        var e = act.Should().Throw<DirectoryNotFoundException>().Which;
        e.Message.Should().Contain(target).And.NotContain(".tmp");
        e.InnerException.Should().BeAssignableTo<IOException>();
        Directory.GetFileSystemEntries(_dir).Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_failing_writer_leaves_the_old_target_intact_and_no_temporary_file(bool byPath)
    {
        File.WriteAllText(Target, "old");

        Action act = byPath
            ? () => AtomicFile.Write(Target, temp => { File.WriteAllText(temp, "half"); throw new InvalidOperationException("boom"); })
            : () => AtomicFile.WriteStream(Target, s => { s.WriteByte(1); throw new InvalidOperationException("boom"); });

        act.Should().Throw<InvalidOperationException>().WithMessage("boom");
        File.ReadAllText(Target).Should().Be("old");
        Directory.GetFileSystemEntries(_dir).Should().Equal(Target);
    }

    [Fact]
    public void A_save_while_another_holds_the_temporary_file_fails_naming_the_target_and_leaves_the_other_alone()
    {
        File.WriteAllText(Target, "old");
        string temp = AtomicFile.TemporaryPath(Target);
        using (var other = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            other.WriteByte(42);

            var act = () => AtomicFile.WriteStream(Target, s => s.WriteByte(1));

            var e = act.Should().Throw<IOException>().Which;
            e.Message.Should().StartWith($"Cannot write {Target}: ").And.NotContain(".tmp");
            e.InnerException.Should().BeAssignableTo<IOException>();
            File.Exists(temp).Should().BeTrue();
        }
        File.ReadAllText(Target).Should().Be("old");
        File.ReadAllBytes(temp).Should().Equal(42);
    }

    [Fact]
    public void A_path_writer_overwrites_the_target_and_keeps_the_extension_for_the_format()
    {
        File.WriteAllText(Target, "old");
        string? seen = null;

        AtomicFile.Write(Target, temp => { seen = temp; File.WriteAllText(temp, "new"); });

        Path.GetExtension(seen).Should().Be(".json");
        File.ReadAllText(Target).Should().Be("new");
        Directory.GetFileSystemEntries(_dir).Should().Equal(Target);
    }
}
