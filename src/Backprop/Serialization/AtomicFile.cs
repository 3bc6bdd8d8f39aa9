namespace Backprop;

/// <summary>
/// Writes a file through a temporary file in the same folder and a rename over the target, so that an
/// interrupted or failed write never leaves a partial file where the old one was.
/// </summary>
/// <remarks>
/// <para>Each target has one temporary name, <c>.{file name}.tmp{extension}</c> beside it (for <c>model.json</c>,
/// <c>.model.json.tmp.json</c>: hidden on Unix, and with the target's extension for writers that choose the format
/// by it). It is opened with <see cref="FileMode.Create"/> and <see cref="FileShare.None"/>, so the debris of a save
/// killed halfway is overwritten and then renamed away or deleted by the next save to the same target, and two
/// saves to one target at once do not mix their bytes (the second fails while the first holds the file).</para>
/// <para>An <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/> or
/// <see cref="DirectoryNotFoundException"/> from creating, writing or renaming is rethrown as an
/// <see cref="IOException"/> (a <see cref="DirectoryNotFoundException"/> when the folder is missing) whose message
/// names the target, not the temporary file, with the original as the inner exception. Other exceptions from the
/// writer pass through unchanged. Either way the temporary file is deleted and the target left as it was.</para>
/// </remarks>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with the temporary path (created empty first, so that a missing or
    /// read-only folder fails before the writer runs), then moves it over <paramref name="path"/>. For writers that
    /// take a path; <see cref="WriteStream"/> hands over the open file instead.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the whole file at the path it is given (overwriting it).</param>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        Run(path, (stream, temp) =>
        {
            stream.Dispose();
            write(temp);
        });
    }

    /// <summary>Opens the temporary file (<see cref="FileMode.Create"/>, <see cref="FileShare.None"/>), calls
    /// <paramref name="write"/> with it, flushes it to disk, closes it and moves it over <paramref name="path"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the whole file to the stream it is given (which it must not close).</param>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void WriteStream(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        Run(path, (stream, _) =>
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
        });
    }

    /// <summary>Checks, before a long job that will save to <paramref name="path"/>, that a save there can start: the
    /// target is not a folder, and the temporary file can be created in its folder (it is deleted again at once, so
    /// nothing is left behind).</summary>
    /// <param name="path">The file that will be written.</param>
    /// <exception cref="IOException">It cannot be written (a <see cref="DirectoryNotFoundException"/> when the folder is
    /// missing); the message names <paramref name="path"/>.</exception>
    internal static void CheckWritable(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new IOException($"Cannot write {full}: it is a folder; give a file name.");
        string temp = TemporaryPath(full);
        bool owned = false;
        try
        {
            new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None).Dispose();
            owned = true;
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (owned) TryDelete(temp);
            throw Named(e, full, temp);
        }
    }

    /// <summary>The temporary path used for <paramref name="path"/>: <c>.{file name}.tmp{extension}</c> in its folder.</summary>
    internal static string TemporaryPath(string path)
    {
        string full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp{Path.GetExtension(full)}");
    }

    /// <summary>Opens the temporary file, lets <paramref name="writeTemp"/> fill and close it, and renames it over
    /// the target; on failure deletes it, if this call opened it (not when another save holds it).</summary>
    private static void Run(string path, Action<FileStream, string> writeTemp)
    {
        string full = Path.GetFullPath(path);
        string temp = TemporaryPath(full);
        bool owned = false, done = false;
        try
        {
            var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None);
            owned = true;
            writeTemp(stream, temp);
            File.Move(temp, full, overwrite: true);
            done = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Named(e, full, temp);
        }
        finally
        {
            if (owned && !done) TryDelete(temp);
        }
    }

    private static IOException Named(Exception e, string full, string temp)
    {
        string folder = Path.GetDirectoryName(full)!;
        if (e is DirectoryNotFoundException || !Directory.Exists(folder))
            return new DirectoryNotFoundException($"Cannot write {full}: the folder {folder} does not exist.", e);
        string reason = e.Message.Replace(temp, full, StringComparison.Ordinal)
            .Replace(Path.GetFileName(temp), Path.GetFileName(full), StringComparison.Ordinal);
        return new IOException($"Cannot write {full}: {reason}", e);
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more; the next save to this target overwrites what is left.
        }
    }
}
