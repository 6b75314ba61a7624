using Spectre.Console;

namespace Bridge.Cli.Tests.Commands;

/// <summary>A Spectre console that writes plain text into a buffer the test can read.</summary>
internal static class TestConsoles
{
    public static (IAnsiConsole Console, StringWriter Output) Create()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        return (console, output);
    }
}
