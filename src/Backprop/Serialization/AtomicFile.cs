namespace Backprop;

/// <summary>
/// Writes a file through a temporary file in the same folder and a rename over the target, so that an
/// interrupted or failed write never leaves a partial file where the old one was.
/// </summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path (same folder, same extension), then moves it to
    /// <paramref name="path"/>; when <paramref name="write"/> throws, the temporary file is deleted and the target is
    /// left as it was.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the whole file at the path it is given.</param>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!,
            $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
