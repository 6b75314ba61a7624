using Spectre.Console;

namespace Bridge.Cli.Output;

/// <summary>Console layout shared by the commands.</summary>
internal static class ConsoleLayout
{
    private const int RedirectedWidth = 140;

    /// <summary>
    /// Redirected output (CI logs, pipes) gets Spectre's 80-column default, which folds tables badly; widen it.
    /// </summary>
    public static void WidenWhenRedirected(IAnsiConsole console)
    {
        if (Console.IsOutputRedirected && console.Profile.Width < RedirectedWidth)
        {
            console.Profile.Width = RedirectedWidth;
        }
    }
}
