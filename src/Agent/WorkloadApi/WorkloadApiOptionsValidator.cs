using Microsoft.Extensions.Options;

namespace Bridge.Agent.WorkloadApi;

/// <summary>Validates <see cref="WorkloadApiOptions"/> at start, every problem at once, each naming its full key.</summary>
internal sealed class WorkloadApiOptionsValidator : IValidateOptions<WorkloadApiOptions>
{
    /// <summary>Below this a legitimate request could be refused; above it a caller could make the agent buffer a lot.</summary>
    private const int MinMaxMessageBytes = 1024;
    private const int MaxMaxMessageBytes = 4 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, WorkloadApiOptions options)
    {
        var problems = new List<string>();
        if (!WorkloadSocketAddress.TryParse(options.SocketPath, out _, out var problem))
        {
            problems.Add($"{WorkloadApiOptions.SectionName}:SocketPath: {problem}");
        }

        if (options.MaxMessageBytes is < MinMaxMessageBytes or > MaxMaxMessageBytes)
        {
            problems.Add($"{WorkloadApiOptions.SectionName}:MaxMessageBytes: must be between {MinMaxMessageBytes} and {MaxMaxMessageBytes} bytes.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
