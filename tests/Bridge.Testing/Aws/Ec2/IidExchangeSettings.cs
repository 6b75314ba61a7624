using Bridge.Authority.Local.Hosting;

namespace Bridge.Testing.Aws.Ec2;

/// <summary>
/// The settings of the real exchange on loopback with in-memory backends and its <c>aws_iid</c> node attestor on for
/// one account: what the agent tests and the agent benchmarks start. The IID signer it trusts is handed to it in code
/// (<c>AwsIidCertificateTable.Create</c>), never through a setting.
/// </summary>
public static class IidExchangeSettings
{
    /// <summary>A new settings dictionary; callers add their own keys to it.</summary>
    /// <param name="baseAddress">The service URL, which is also its issuer.</param>
    /// <param name="trustDomain">The trust domain.</param>
    /// <param name="account">The AWS account whose instances may attest.</param>
    public static Dictionary<string, string?> InMemory(string baseAddress, string trustDomain, string account = TestIidDocument.DefaultAccount) => new(LocalBackends.InMemorySettings)
    {
        ["Urls"] = baseAddress,
        ["Bridge:Authority:TrustDomain"] = trustDomain,
        ["Bridge:Authority:Issuer"] = baseAddress,
        ["Bridge:NodeAttestors:AwsIid:Enabled"] = "true",
        ["Bridge:NodeAttestors:AwsIid:AllowedAccounts:0"] = account,
    };
}
