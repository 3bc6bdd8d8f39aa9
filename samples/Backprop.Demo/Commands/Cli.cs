namespace Backprop.Demo.Commands;

/// <summary>Turns the library's clear exceptions into one-line errors and exit codes.</summary>
public static class Cli
{
    /// <summary>Runs <paramref name="action"/>; a bad input prints "error: …" to standard error and returns 2.</summary>
    public static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or TrainingDivergedException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }
}
