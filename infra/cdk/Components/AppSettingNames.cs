namespace Bridge.Infrastructure.Components;

/// <summary>
/// The environment variable names of the exchange's configuration (README "Configuration reference"; '__' stands for ':').
/// One place, so a renamed app setting is one edit here. The names marked pending are not read by the app yet.
/// </summary>
internal static class AppSettingNames
{
    public const string TrustDomain = "Bridge__Authority__TrustDomain";
    public const string Issuer = "Bridge__Authority__Issuer";

    public const string KeysBackend = "Bridge__Backends__Keys";
    public const string RegistrationBackend = "Bridge__Backends__Registration";
    public const string ReplayBackend = "Bridge__Backends__Replay";
    public const string StateBackend = "Bridge__Backends__State";
    public const string NodesBackend = "Bridge__Backends__Nodes";
    public const string DynamoDbTable = "Bridge__Backends__DynamoDbTable";

    // The root itself lives in the shared state table; empty turns off the PEM export (the file system is read-only).
    public const string RootCertificateFile = "Bridge__Backends__RootCertificateFile";

    public const string KmsAliasNamespace = "Bridge__Keys__Kms__AliasNamespace";

    public const string OidcAudience = "Bridge__Attestors__Oidc__Audience";

    /// <summary>The CloudWatch namespace of the EMF metrics (docs/observability.md).</summary>
    public const string EmfNamespace = "Bridge__Telemetry__EmfNamespace";

    /// <summary>Pending (issue 4, envelope mode): the symmetric KMS key that wraps the private keys.</summary>
    public const string EnvelopeWrappingKeyId = "Bridge__Keys__KmsEnvelope__WrappingKeyId";
    public const string EnvelopeNamespace = "Bridge__Keys__KmsEnvelope__Namespace";

    /// <summary>Pending (issue 4, ACM PCA): which upstream signs the intermediate CA.</summary>
    public const string UpstreamBackend = "Bridge__Backends__Upstream";

    /// <summary>Pending (issue 4, ACM PCA): the Private CA ARN.</summary>
    public const string PcaArn = "Bridge__Upstream__AcmPca__CertificateAuthorityArn";

    /// <summary>One setting of the <paramref name="index"/>th OIDC issuer, e.g. <c>Issuer</c> or <c>AllowedAccounts__0</c>.</summary>
    public static string OidcIssuer(int index, string setting) => $"Bridge__Attestors__Oidc__Issuers__{index}__{setting}";

    /// <summary>One setting of the aws_iid node attestor, e.g. <c>Enabled</c> or <c>AllowedAccounts__0</c>.</summary>
    public static string AwsIid(string setting) => $"Bridge__NodeAttestors__AwsIid__{setting}";
}
