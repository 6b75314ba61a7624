using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace Bridge.Infrastructure.Components;

/// <summary>
/// How an AWS account trusts Bridge's JWT-SVIDs: an IAM OIDC identity provider for Bridge's issuer (client id = the
/// JWT-SVID audience) and a role that only the JWT-SVID of one SPIFFE ID can assume with
/// <c>AssumeRoleWithWebIdentity</c>. The trust policy pins both <c>&lt;issuer&gt;:aud</c> and <c>&lt;issuer&gt;:sub</c>
/// with StringEquals, where <c>&lt;issuer&gt;</c> is the URL without <c>https://</c>. Attach permissions to
/// <see cref="Role"/>. One provider per issuer and account: create this once per account, add roles with
/// <see cref="AddRole"/>.
/// </summary>
public sealed class OidcConsumerRole : Construct
{
    private readonly OidcConsumerRoleProps _props;
    private readonly string _conditionPrefix;

    /// <summary>Creates the provider and the role.</summary>
    /// <exception cref="ArgumentException">The issuer is not a fixed https URL without port, query or trailing '/'.</exception>
    public OidcConsumerRole(Construct scope, string id, OidcConsumerRoleProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        _conditionPrefix = ConditionKeyPrefix(props.IssuerUrl);
        _props = props;

        Provider = new CfnOIDCProvider(this, "Provider", new CfnOIDCProviderProps
        {
            Url = props.IssuerUrl,
            ClientIdList = [props.Audience],
        });
        Role = AddRole("Role", props.SpiffeId, props.Description);
    }

    /// <summary>The IAM OIDC identity provider of Bridge's issuer.</summary>
    public CfnOIDCProvider Provider { get; }

    /// <summary>The role the configured SPIFFE ID may assume.</summary>
    public Role Role { get; }

    /// <summary>
    /// The condition-key prefix of an issuer: the URL without <c>https://</c> (IAM's <c>&lt;provider&gt;:sub</c> keys).
    /// </summary>
    /// <exception cref="ArgumentException">The issuer is not usable as an IAM OIDC provider URL.</exception>
    public static string ConditionKeyPrefix(string issuerUrl)
    {
        ArgumentNullException.ThrowIfNull(issuerUrl);
        if (Token.IsUnresolved(issuerUrl))
        {
            throw new ArgumentException("The issuer must be known at synth time (a custom domain): IAM condition keys are built from it.", nameof(issuerUrl));
        }

        if (!Uri.TryCreate(issuerUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort
            || issuerUrl.Contains(":443", StringComparison.Ordinal) || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0 || issuerUrl.EndsWith('/'))
        {
            throw new ArgumentException($"'{issuerUrl}' is not an IAM OIDC provider URL: https, no port, query, fragment or trailing '/'.", nameof(issuerUrl));
        }

        return issuerUrl["https://".Length..];
    }

    /// <summary>Adds another role on the same provider, assumable only by <paramref name="spiffeId"/>.</summary>
    public Role AddRole(string id, string spiffeId, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spiffeId);
        var conditions = new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object>
            {
                [_conditionPrefix + ":aud"] = _props.Audience,
                [_conditionPrefix + ":sub"] = spiffeId,
            },
        };
        return new Role(this, id, new RoleProps
        {
            AssumedBy = new FederatedPrincipal(Provider.AttrArn, conditions, "sts:AssumeRoleWithWebIdentity"),
            Description = description ?? $"Assumed with the JWT-SVID of {spiffeId}",
            MaxSessionDuration = Duration.Hours(1),
        });
    }
}
