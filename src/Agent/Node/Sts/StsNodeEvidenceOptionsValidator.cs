using System.Text.RegularExpressions;
using Bridge.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Node.Sts;

/// <summary>
/// Validates <see cref="StsNodeEvidenceOptions"/> at start, every problem at once, each naming its full key. The values
/// are checked whenever they are set; the Region must be known only when <c>aws_sts</c> is the node attestor.
/// </summary>
internal sealed partial class StsNodeEvidenceOptionsValidator(IConfiguration configuration, IOptions<AgentOptions> agent)
    : IValidateOptions<StsNodeEvidenceOptions>
{
    private const string Key = StsNodeEvidenceOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, StsNodeEvidenceOptions options)
    {
        var problems = new List<string>();
        var selected = string.Equals(
            configuration[$"{AgentOptions.SectionName}:NodeAttestor:Attestor"], StsNodeEvidenceProvider.Name, StringComparison.Ordinal);
        if (options.Region is { } region && !RegionPattern().IsMatch(region))
        {
            problems.Add($"{Key}:Region: not an AWS Region name (e.g. eu-west-1).");
        }
        else if (selected && StsNodeEvidenceProvider.ResolveRegion(options) is null)
        {
            problems.Add($"{Key}:Region: required when AWS_REGION is not set (STS GetWebIdentityToken has no global endpoint).");
        }

        if (options.StsEndpoint is { } endpoint
            && (!endpoint.IsAbsoluteUri || !(endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))))
        {
            problems.Add($"{Key}:StsEndpoint: an absolute https URL (plain http only for a loopback address).");
        }

        if (options.Audience is { } audience && (audience.Length is 0 or > 1000 || audience.Any(char.IsControl)))
        {
            problems.Add($"{Key}:Audience: 1 to 1000 characters, the exchange's Bridge:Attestors:Oidc:Audience.");
        }
        else if (selected && StsNodeEvidenceProvider.ResolveAudience(options, agent.Value) is null)
        {
            problems.Add($"{Key}:Audience: required (it defaults to <BridgeAgent:ServerUrl>/token, and ServerUrl is not set).");
        }

        if (options.TokenLifetime < TimeSpan.FromSeconds(60) || options.TokenLifetime > TimeSpan.FromHours(1)
            || options.TokenLifetime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            problems.Add($"{Key}:TokenLifetime: whole seconds from 00:01:00 to 01:00:00 (what STS issues).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    [GeneratedRegex(@"^[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
