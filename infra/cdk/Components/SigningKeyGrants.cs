using Amazon.CDK.AWS.IAM;

namespace Bridge.Infrastructure.Components;

/// <summary>
/// The KMS permissions of the exchange function, exactly the calls of <c>KmsKeyManager</c> (docs/keys.md "Operations"),
/// each as narrow as KMS allows. <c>CreateKey</c> and <c>ListAliases</c> have no resource to scope to, so conditions
/// bound what <c>CreateKey</c> may make. Operations on a key the function just created (no alias yet) or just replaced
/// (alias moved away) cannot be scoped by alias, so they are bound to asymmetric signing keys of this account and
/// Region; everything reachable through an alias is bound to this deployment's alias prefix.
/// </summary>
internal static class SigningKeyGrants
{
    /// <summary>The key specs Bridge signs with (<c>KmsKeySpecs</c>).</summary>
    public static readonly string[] SigningKeySpecs = ["ECC_NIST_P256", "ECC_NIST_P384", "RSA_2048", "RSA_3072", "RSA_4096"];

    public static PolicyStatement[] ForKmsMode(string partition, string region, string account, string keyNamespace)
    {
        var keys = $"arn:{partition}:kms:{region}:{account}:key/*";
        var aliases = $"arn:{partition}:kms:{region}:{account}:alias/bridge/{keyNamespace}/*";
        var signingKeysOnly = new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object>
            {
                ["kms:KeyUsage"] = "SIGN_VERIFY",
                ["kms:KeySpec"] = SigningKeySpecs,
            },
        };

        return
        [
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "CreateSigningKeys",
                Actions = ["kms:CreateKey"],
                Resources = ["*"],
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object>
                    {
                        ["kms:KeyUsage"] = "SIGN_VERIFY",
                        ["kms:KeySpec"] = SigningKeySpecs,
                        ["kms:KeyOrigin"] = "AWS_KMS",
                    },
                },
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ListAliases",
                Actions = ["kms:ListAliases"],
                Resources = ["*"],
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "PointOwnAliases",
                Actions = ["kms:CreateAlias", "kms:UpdateAlias"],
                Resources = [aliases],
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "AliasSigningKeys",
                Actions = ["kms:CreateAlias", "kms:UpdateAlias"],
                Resources = [keys],
                Conditions = signingKeysOnly,
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "UseAliasedKeys",
                Actions = ["kms:Sign", "kms:DescribeKey"],
                Resources = [keys],
                Conditions = new Dictionary<string, object>
                {
                    ["ForAnyValue:StringLike"] = new Dictionary<string, object>
                    {
                        ["kms:ResourceAliases"] = $"alias/bridge/{keyNamespace}/*",
                    },
                },
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ReadAndRetireSigningKeys",
                Actions = ["kms:GetPublicKey", "kms:ScheduleKeyDeletion"],
                Resources = [keys],
                Conditions = signingKeysOnly,
            }),
        ];
    }

    public static PolicyStatement ForEnvelopeMode(string envelopeKeyArn) => new(new PolicyStatementProps
    {
        Sid = "UseEnvelopeKey",
        Actions = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKeyPair"],
        Resources = [envelopeKeyArn],
    });

    public static PolicyStatement ForPrivateCa(string pcaArn) => new(new PolicyStatementProps
    {
        Sid = "UsePrivateCa",
        Actions =
        [
            "acm-pca:IssueCertificate",
            "acm-pca:GetCertificate",
            "acm-pca:DescribeCertificateAuthority",
            "acm-pca:GetCertificateAuthorityCertificate",
        ],
        Resources = [pcaArn],
    });
}
