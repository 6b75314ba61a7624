using Bridge.Infrastructure.Settings;

namespace Bridge.Infrastructure.Components;

/// <summary>The exchange function's configuration as environment variables (only settings the app reads, see README).</summary>
internal static class ExchangeEnvironment
{
    public static Dictionary<string, string> Create(StageSettings settings, string issuer, string audience, string tableName, string? envelopeKeyArn)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AppSettingNames.TrustDomain] = settings.TrustDomain,
            [AppSettingNames.Issuer] = issuer,
            [AppSettingNames.RegistrationBackend] = "DynamoDb",
            [AppSettingNames.ReplayBackend] = "DynamoDb",
            [AppSettingNames.StateBackend] = "DynamoDb",

            // Attested-node records must be shared by every instance; the Lambda file system is read-only anyway.
            [AppSettingNames.NodesBackend] = "DynamoDb",
            [AppSettingNames.DynamoDbTable] = tableName,
            [AppSettingNames.RootCertificateFile] = string.Empty,
            [AppSettingNames.OidcAudience] = audience,
            [AppSettingNames.EmfNamespace] = ExchangeTelemetry.NamespaceOf(settings),
        };

        if (settings.KeyMode == KeyMode.Kms)
        {
            environment[AppSettingNames.KeysBackend] = "Kms";
            environment[AppSettingNames.KmsAliasNamespace] = settings.KeyNamespace;
        }
        else
        {
            environment[AppSettingNames.KeysBackend] = "KmsEnvelope";
            environment[AppSettingNames.EnvelopeWrappingKeyId] = envelopeKeyArn
                ?? throw new ArgumentException("Envelope mode needs the envelope key.", nameof(envelopeKeyArn));
            environment[AppSettingNames.EnvelopeNamespace] = settings.KeyNamespace;
        }

        if (settings.Upstream == UpstreamMode.AcmPca)
        {
            environment[AppSettingNames.UpstreamBackend] = "AcmPca";
            environment[AppSettingNames.PcaArn] = settings.PcaArn!;
        }

        for (var i = 0; i < settings.StsIssuers.Count; i++)
        {
            var issuerSettings = settings.StsIssuers[i];
            environment[AppSettingNames.OidcIssuer(i, "Name")] = issuerSettings.AttestorName;
            environment[AppSettingNames.OidcIssuer(i, "Issuer")] = issuerSettings.Issuer;
            environment[AppSettingNames.OidcIssuer(i, "Profile")] = "AwsSts";
            environment[AppSettingNames.OidcIssuer(i, "AllowedAccounts__0")] = issuerSettings.Account;
        }

        if (settings.AwsIid is { } iid)
        {
            environment[AppSettingNames.AwsIid("Enabled")] = "true";
            for (var i = 0; i < iid.AllowedAccounts.Count; i++)
            {
                environment[AppSettingNames.AwsIid($"AllowedAccounts__{i}")] = iid.AllowedAccounts[i];
            }

            if (iid.AllowAnyAccount)
            {
                environment[AppSettingNames.AwsIid("AllowAnyAccount")] = "true";
            }

            if (iid.DescribeInstances)
            {
                environment[AppSettingNames.AwsIid("DescribeInstances")] = "true";
            }

            if (iid.AssumeRoleName is { } role)
            {
                environment[AppSettingNames.AwsIid("AssumeRoleName")] = role;
            }

            if (iid.MaxInstanceAgeHours is { } hours)
            {
                environment[AppSettingNames.AwsIid("MaxInstanceAge")] = TimeSpan.FromHours(hours).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return environment;
    }
}
