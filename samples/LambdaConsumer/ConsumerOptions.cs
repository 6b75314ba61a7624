using Bridge.Spiffe.Id;

namespace Bridge.Samples.LambdaConsumer;

/// <summary>The function's settings, read from its environment by <see cref="FromEnvironment"/>.</summary>
public sealed class ConsumerOptions
{
    /// <summary>Bridge's base address (<c>BRIDGE_URL</c>).</summary>
    public Uri? BridgeUrl { get; set; }

    /// <summary>The audience Bridge expects on STS web identity tokens (<c>BRIDGE_AUDIENCE</c>, Bridge's <c>Bridge:Attestors:Oidc:Audience</c>).</summary>
    public string? BridgeAudience { get; set; }

    /// <summary>The Region whose STS endpoint is used (<c>AWS_REGION</c>, set by Lambda).</summary>
    public string? Region { get; set; }

    /// <summary>The role to assume with the JWT-SVID (<c>CONSUMER_ROLE_ARN</c>); it trusts Bridge as an OIDC provider.</summary>
    public string? RoleArn { get; set; }

    /// <summary>The STS session name (<c>AWS_LAMBDA_FUNCTION_NAME</c> when set).</summary>
    public string RoleSessionName { get; set; } = "bridge-lambda-consumer";

    /// <summary>The peer service's base address (<c>PEER_URL</c>).</summary>
    public Uri? PeerUrl { get; set; }

    /// <summary>The SPIFFE ID the peer must present (<c>PEER_SPIFFE_ID</c>).</summary>
    public SpiffeId PeerSpiffeId { get; set; }

    /// <summary>Reads the settings from environment variables (a Lambda function's configuration).</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or malformed (all problems listed).</exception>
    public static ConsumerOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var errors = new List<string>();
        var options = new ConsumerOptions
        {
            BridgeUrl = Absolute(getVariable("BRIDGE_URL"), "BRIDGE_URL", errors),
            BridgeAudience = Required(getVariable("BRIDGE_AUDIENCE"), "BRIDGE_AUDIENCE", errors),
            Region = Required(getVariable("AWS_REGION"), "AWS_REGION", errors),
            RoleArn = Required(getVariable("CONSUMER_ROLE_ARN"), "CONSUMER_ROLE_ARN", errors),
            PeerUrl = Absolute(getVariable("PEER_URL"), "PEER_URL", errors),
        };
        if (getVariable("AWS_LAMBDA_FUNCTION_NAME") is { Length: >= 2 } functionName)
        {
            options.RoleSessionName = functionName.Length > 64 ? functionName[..64] : functionName;
        }

        if (SpiffeId.TryParse(getVariable("PEER_SPIFFE_ID"), out var peer))
        {
            options.PeerSpiffeId = peer;
        }
        else
        {
            errors.Add("PEER_SPIFFE_ID must be a SPIFFE ID.");
        }

        return errors.Count == 0 ? options : throw new InvalidOperationException(string.Join(" ", errors));
    }

    private static string? Required(string? value, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(name + " is required.");
        }

        return value;
    }

    private static Uri? Absolute(string? value, string name, List<string> errors)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        errors.Add(name + " must be an absolute URL.");
        return null;
    }
}
