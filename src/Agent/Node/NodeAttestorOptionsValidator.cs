using Microsoft.Extensions.Options;

namespace Bridge.Agent.Node;

/// <summary>Validates <see cref="NodeAttestorOptions"/> at start, every problem at once, each naming its full key.</summary>
internal sealed class NodeAttestorOptionsValidator(IConfiguration configuration) : IValidateOptions<NodeAttestorOptions>
{
    private static readonly string[] KnownKeys =
    [
        nameof(NodeAttestorOptions.Attestor), nameof(NodeAttestorOptions.ImdsEndpoint), nameof(NodeAttestorOptions.ImdsTimeout),
        nameof(NodeAttestorOptions.ReattestWithWebIdentityToken), nameof(NodeAttestorOptions.WebIdentityTokenAudience),
        nameof(NodeAttestorOptions.StsEndpoint), nameof(NodeAttestorOptions.ServerIssuer), nameof(NodeAttestorOptions.RequestTimeout),

        // Read by the aws_sts evidence provider, which validates it itself.
        NodeAttestorOptions.AwsStsSubsection,
    ];

    public ValidateOptionsResult Validate(string? name, NodeAttestorOptions options)
    {
        const string Section = NodeAttestorOptions.SectionName;
        var problems = new List<string>();

        // The binder cannot refuse unknown keys here without also refusing the AwsSts subsection, so they are checked by name.
        foreach (var child in configuration.GetSection(Section).GetChildren())
        {
            if (!KnownKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{Section}:{child.Key}: unknown setting (known: {string.Join(", ", KnownKeys)}).");
            }
        }

        if (options.Attestor is not (NodeAttestorOptions.AwsIid or NodeAttestorOptions.AwsSts))
        {
            problems.Add($"{Section}:Attestor: must be {NodeAttestorOptions.AwsIid} (EC2) or {NodeAttestorOptions.AwsSts} (ECS Fargate).");
        }

        if (options.ImdsEndpoint is not { IsAbsoluteUri: true } imds || imds.Scheme != Uri.UriSchemeHttp
            || !string.IsNullOrEmpty(imds.Query) || imds.AbsolutePath != "/")
        {
            problems.Add($"{Section}:ImdsEndpoint: must be an http URL without a path, e.g. http://169.254.169.254 or http://[fd00:ec2::254].");
        }

        if (options.ImdsTimeout <= TimeSpan.Zero || options.ImdsTimeout > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Section}:ImdsTimeout: must be more than 0 and at most 00:01:00.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{Section}:RequestTimeout: must be more than 0 and at most 00:05:00.");
        }

        if (string.IsNullOrWhiteSpace(options.WebIdentityTokenAudience) || options.WebIdentityTokenAudience.Length > 1000)
        {
            problems.Add($"{Section}:WebIdentityTokenAudience: required, 1 to 1000 characters (the exchange's Bridge:Attestors:Oidc:Audience).");
        }

        if (options.StsEndpoint is { } sts && (!sts.IsAbsoluteUri || (sts.Scheme != Uri.UriSchemeHttps && !(sts.Scheme == Uri.UriSchemeHttp && sts.IsLoopback))))
        {
            problems.Add($"{Section}:StsEndpoint: must be an absolute https URL (plain http only for a loopback address).");
        }

        if (options.ServerIssuer is { } issuer
            && (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUrl) || (issuerUrl.Scheme != Uri.UriSchemeHttps && issuerUrl.Scheme != Uri.UriSchemeHttp)))
        {
            problems.Add($"{Section}:ServerIssuer: must be an absolute URL, the exchange's Bridge:Authority:Issuer exactly.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
