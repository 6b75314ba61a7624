using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.Demo;

/// <summary>A demo workload: an IAM role in the demo account and the registration entry that names it.</summary>
internal sealed record DemoWorkload(string Role, string SpiffeIdTemplate, IReadOnlyList<string> Audiences)
{
    public const string Account = Dev.LocalStsIssuerSettings.DemoAccount;

    public RegistrationEntry ToEntry(TrustDomain trustDomain) => new()
    {
        Id = Role,
        SpiffeId = SpiffeIdTemplate,
        ParentId = BridgeIds.AttestorParent(trustDomain, DemoExchangeHost.AttestorName),
        Selectors = [new Selector("aws", "account:" + Account), new Selector("aws", "role:" + Role)],
        Audiences = Audiences,
        DnsNames = [Role + ".demo.internal"],
        Hint = Role,
    };

    /// <summary>The SPIFFE ID the entry renders to for this role.</summary>
    public SpiffeId ExpectedId(TrustDomain trustDomain) =>
        SpiffeId.Parse(SpiffeIdTemplate.Replace("{account}", Account, StringComparison.Ordinal)
            .Replace("{role_name}", Role, StringComparison.Ordinal)
            .Replace("{td}", trustDomain.Name, StringComparison.Ordinal));
}
