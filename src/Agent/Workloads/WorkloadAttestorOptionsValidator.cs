using Bridge.Agent.Workloads.Docker;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Workloads;

/// <summary>Validates <see cref="WorkloadAttestorOptions"/> at start, every problem at once, each naming its full key.</summary>
internal sealed class WorkloadAttestorOptionsValidator : IValidateOptions<WorkloadAttestorOptions>
{
    private const string Prefix = WorkloadAttestorOptions.SectionName;
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, WorkloadAttestorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Unix.HashMaxBytes <= 0)
        {
            problems.Add($"{Prefix}:Unix:HashMaxBytes: must be a positive number of bytes (default {UnixAttestorOptions.DefaultHashMaxBytes}).");
        }

        if (DockerSocket.TryGetPath(options.Docker.Socket) is null)
        {
            problems.Add($"{Prefix}:Docker:Socket: must be unix:// followed by an absolute path (default {DockerAttestorOptions.DefaultSocket}).");
        }

        CheckTimeout(options.Docker.Timeout, "Docker", problems);
        CheckTimeout(options.Ecs.Timeout, "Ecs", problems);
        if (options.Ecs.Enabled && options.Ecs.MetadataUri is null)
        {
            problems.Add($"{Prefix}:Ecs:MetadataUri: required when Ecs:Enabled is true; ECS sets {EcsAttestorOptions.MetadataUriVariable} in every container of a task, so the agent is not running in one.");
        }
        else if (options.Ecs.MetadataUri is { } uri
            && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo)))
        {
            problems.Add($"{Prefix}:Ecs:MetadataUri: must be an absolute http URL without query or fragment, such as http://169.254.170.2/v4/<id>.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckTimeout(TimeSpan timeout, string attestor, List<string> problems)
    {
        if (timeout <= TimeSpan.Zero || timeout > MaxTimeout)
        {
            problems.Add($"{Prefix}:{attestor}:Timeout: must be more than 0 and at most {MaxTimeout:c}.");
        }
    }
}
