using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Hosting;

/// <summary>Validates <see cref="AgentOptions"/> at start, every problem at once, each naming its full key.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var problems = new List<string>();
        if (options.ServerUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"{AgentOptions.SectionName}:ServerUrl: required, an absolute https URL of the Bridge exchange (e.g. https://bridge.example.org).");
        }
        else if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
        {
            problems.Add($"{AgentOptions.SectionName}:ServerUrl: plain http is allowed only for a loopback address; use https.");
        }
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            problems.Add($"{AgentOptions.SectionName}:ServerUrl: must not carry a query, fragment or user information.");
        }

        if (!TrustDomain.TryParse(options.TrustDomain, out _))
        {
            problems.Add($"{AgentOptions.SectionName}:TrustDomain: required, a trust domain name such as example.org.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory) || !Path.IsPathFullyQualified(options.DataDirectory))
        {
            problems.Add($"{AgentOptions.SectionName}:DataDirectory: required, an absolute path.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
