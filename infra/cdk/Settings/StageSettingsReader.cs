using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bridge.Infrastructure.Settings;

/// <summary>
/// Reads <see cref="StageSettings"/> from CDK context and reports every problem at once, before anything is synthesized,
/// so a wrong deployment is refused whole rather than half-built.
/// </summary>
public static partial class StageSettingsReader
{
    private static readonly string[] ArchitectureValues = ["arm64", "x86_64"];

    /// <summary>Reads and validates the settings.</summary>
    /// <param name="tryGetContext">Looks a context key up (<c>app.Node.TryGetContext</c>); null when absent.</param>
    public static StageSettingsResult Read(Func<string, object?> tryGetContext)
    {
        ArgumentNullException.ThrowIfNull(tryGetContext);
        var errors = new List<string>();
        string? Text(string key) => AsText(tryGetContext(key));

        var stage = Text(ContextKeys.Stage) ?? "dev";
        Check(StageRegex().IsMatch(stage), ContextKeys.Stage, $"'{stage}' must be 1-20 of [a-z0-9-], starting with a letter.");

        var account = Text(ContextKeys.Account);
        if (Required(account, ContextKeys.Account))
        {
            Check(AccountRegex().IsMatch(account!), ContextKeys.Account, $"'{account}' is not a 12-digit AWS account id.");
        }

        var region = Text(ContextKeys.Region);
        if (Required(region, ContextKeys.Region))
        {
            Check(RegionRegex().IsMatch(region!), ContextKeys.Region, $"'{region}' is not an AWS Region name such as eu-west-1.");
        }

        var trustDomain = Text(ContextKeys.TrustDomain);
        if (Required(trustDomain, ContextKeys.TrustDomain))
        {
            Check(
                trustDomain!.Length <= 255 && TrustDomainRegex().IsMatch(trustDomain),
                ContextKeys.TrustDomain,
                $"'{trustDomain}' is not a SPIFFE trust domain (lowercase letters, digits, '.', '-', '_'; no scheme or path).");
        }

        var customDomain = Text(ContextKeys.CustomDomain);
        var certificateArn = Text(ContextKeys.CertificateArn);
        if (customDomain is not null)
        {
            Check(HostRegex().IsMatch(customDomain), ContextKeys.CustomDomain, $"'{customDomain}' is not a lowercase DNS name.");
            if (Required(certificateArn, ContextKeys.CertificateArn, $"required with {ContextKeys.CustomDomain}."))
            {
                Check(
                    AcmArnRegex().Match(certificateArn!) is { Success: true } match && (region is null || match.Groups["region"].Value == region),
                    ContextKeys.CertificateArn,
                    $"'{certificateArn}' is not an ACM certificate ARN in the stack's Region (an HTTP API custom domain needs a regional certificate).");
            }
        }
        else if (certificateArn is not null)
        {
            errors.Add($"{ContextKeys.CertificateArn}: set only together with {ContextKeys.CustomDomain}.");
        }

        var audience = Text(ContextKeys.Audience);
        Check(audience is null || audience.Length <= 1000, ContextKeys.Audience, "must be at most 1000 characters (the STS audience limit).");

        var stsIssuers = ReadStsIssuers(tryGetContext(ContextKeys.StsIssuers), errors);

        var keyMode = ReadEnum(Text(ContextKeys.KeyMode), KeyMode.Kms, ContextKeys.KeyMode, errors);
        var keyNamespace = Text(ContextKeys.KeyNamespace)
            ?? (trustDomain is null ? string.Empty : NamespaceUnsafe().Replace(trustDomain, "-") + "-" + stage);
        Check(
            keyNamespace.Length == 0 || KeyNamespaceRegex().IsMatch(keyNamespace), // empty: the missing trust domain is reported
            ContextKeys.KeyNamespace,
            $"'{keyNamespace}' must be 1-64 of [A-Za-z0-9_-] (set it explicitly when the trust domain is long).");
        // The envelope key manager names its state document after the namespace, which allows fewer characters.
        Check(
            keyMode != KeyMode.KmsEnvelope || keyNamespace.Length == 0 || EnvelopeNamespaceRegex().IsMatch(keyNamespace),
            ContextKeys.KeyNamespace,
            $"'{keyNamespace}' must be 1-50 of [a-z0-9-] when {ContextKeys.KeyMode} is KmsEnvelope.");

        var upstream = ReadEnum(Text(ContextKeys.Upstream), UpstreamMode.SelfSigned, ContextKeys.Upstream, errors);
        var pcaArn = Text(ContextKeys.PcaArn);
        if (upstream == UpstreamMode.AcmPca)
        {
            if (Required(pcaArn, ContextKeys.PcaArn, $"required when {ContextKeys.Upstream} is AcmPca."))
            {
                Check(PcaArnRegex().IsMatch(pcaArn!), ContextKeys.PcaArn, $"'{pcaArn}' is not an AWS Private CA ARN.");
            }
        }
        else if (pcaArn is not null)
        {
            errors.Add($"{ContextKeys.PcaArn}: set only when {ContextKeys.Upstream} is AcmPca.");
        }

        var architecture = Text(ContextKeys.Architecture) ?? "arm64";
        Check(ArchitectureValues.Contains(architecture), ContextKeys.Architecture, $"'{architecture}' is not arm64 or x86_64.");

        var bootstrapDir = Text(ContextKeys.BootstrapDir);
        if (bootstrapDir is not null)
        {
            Check(
                File.Exists(Path.Combine(bootstrapDir, "bootstrap")),
                ContextKeys.BootstrapDir,
                $"'{bootstrapDir}' holds no 'bootstrap' file (build one with scripts/publish-bootstrap.sh).");
        }

        var throttleRate = ReadNumber(Text(ContextKeys.ThrottleRate), 50, 1, 10_000, ContextKeys.ThrottleRate, errors);
        var throttleBurst = ReadNumber(Text(ContextKeys.ThrottleBurst), 100, 1, 5_000, ContextKeys.ThrottleBurst, errors);
        var rotationMinutes = ReadNumber(Text(ContextKeys.RotationIntervalMinutes), 60, 5, 1440, ContextKeys.RotationIntervalMinutes, errors);

        var consumerSpiffeId = Text(ContextKeys.ConsumerSpiffeId);
        var consumerAudience = Text(ContextKeys.ConsumerAudience) ?? "sts.amazonaws.com";
        if (consumerSpiffeId is not null)
        {
            Check(
                trustDomain is null || IsSpiffeIdIn(consumerSpiffeId, trustDomain),
                ContextKeys.ConsumerSpiffeId,
                $"'{consumerSpiffeId}' is not a SPIFFE ID with a path in trust domain '{trustDomain}'.");
            Check(
                customDomain is not null,
                ContextKeys.ConsumerSpiffeId,
                $"needs {ContextKeys.CustomDomain}: IAM trusts one fixed issuer URL, and the generated API endpoint changes when the API is replaced.");
        }

        Check(
            consumerAudience.Length is >= 1 and <= 255,
            ContextKeys.ConsumerAudience,
            "must be 1-255 characters (an IAM OIDC client id).");

        var awsIid = ReadAwsIid(Text, errors);

        if (errors.Count > 0)
        {
            return StageSettingsResult.Invalid(errors);
        }

        return StageSettingsResult.Valid(new StageSettings
        {
            Stage = stage,
            Account = account!,
            Region = region!,
            TrustDomain = trustDomain!,
            CustomDomain = customDomain,
            CertificateArn = certificateArn,
            Audience = audience,
            StsIssuers = stsIssuers,
            KeyMode = keyMode,
            KeyNamespace = keyNamespace,
            Upstream = upstream,
            PcaArn = pcaArn,
            Arm64 = architecture == "arm64",
            BootstrapDir = bootstrapDir is null ? null : Path.GetFullPath(bootstrapDir),
            ThrottleRate = throttleRate,
            ThrottleBurst = throttleBurst,
            RotationIntervalMinutes = rotationMinutes,
            ConsumerSpiffeId = consumerSpiffeId,
            ConsumerAudience = consumerAudience,
            AwsIid = awsIid,
        });

        void Check(bool condition, string key, string message)
        {
            if (!condition)
            {
                errors.Add($"{key}: {message}");
            }
        }

        bool Required(string? value, string key, string message = "required.")
        {
            Check(value is not null, key, message);
            return value is not null;
        }
    }

    /// <summary>Reads a context value that may be a string (command line) or a JSON value (cdk.json) as text.</summary>
    private static string? AsText(object? value) => value switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static List<StsIssuer> ReadStsIssuers(object? value, List<string> errors)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        switch (value)
        {
            case null:
                break;
            case string text when text.TrimStart().StartsWith('{'):
                try
                {
                    using var document = JsonDocument.Parse(text);
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        pairs.Add(new(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null));
                    }
                }
                catch (JsonException)
                {
                    errors.Add($"{ContextKeys.StsIssuers}: not a JSON object of account id to issuer URL.");
                    return [];
                }

                break;
            case string text:
                foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var separator = item.IndexOf('=', StringComparison.Ordinal);
                    pairs.Add(separator < 0 ? new(item, null) : new(item[..separator].Trim(), item[(separator + 1)..].Trim()));
                }

                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    pairs.Add(new(entry.Key.ToString() ?? string.Empty, entry.Value as string));
                }

                break;
            default:
                errors.Add($"{ContextKeys.StsIssuers}: expected an object of account id to issuer URL, or 'account=issuer,...'.");
                return [];
        }

        if (pairs.Count == 0)
        {
            errors.Add($"{ContextKeys.StsIssuers}: required: at least one workload account and its STS issuer (aws iam get-outbound-web-identity-federation-info).");
            return [];
        }

        var issuers = new List<StsIssuer>();
        var issuerUrls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (account, issuer) in pairs)
        {
            var valid = true;
            if (!AccountRegex().IsMatch(account))
            {
                errors.Add($"{ContextKeys.StsIssuers}: '{account}' is not a 12-digit AWS account id.");
                valid = false;
            }

            if (issuer is null || !StsIssuerRegex().IsMatch(issuer))
            {
                errors.Add($"{ContextKeys.StsIssuers}: the issuer of account '{account}' must be 'https://<id>.tokens.sts.global.api.aws' exactly (no path, no trailing '/'), not '{issuer}'.");
                valid = false;
            }
            else if (!issuerUrls.Add(issuer))
            {
                errors.Add($"{ContextKeys.StsIssuers}: issuer '{issuer}' is listed for more than one account; each account has its own.");
                valid = false;
            }

            if (valid && issuers.Any(i => i.Account == account))
            {
                errors.Add($"{ContextKeys.StsIssuers}: account '{account}' is listed twice.");
                valid = false;
            }

            if (valid)
            {
                issuers.Add(new StsIssuer(account, issuer!));
            }
        }

        return [.. issuers.OrderBy(i => i.Account, StringComparer.Ordinal)];
    }

    private static T ReadEnum<T>(string? text, T fallback, string key, List<string> errors)
        where T : struct, Enum
    {
        if (text is null)
        {
            return fallback;
        }

        // Exact names only: Enum.TryParse would also take numbers and different casing.
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(value.ToString(), text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        errors.Add($"{key}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");
        return fallback;
    }

    private static int ReadNumber(string? text, int fallback, int min, int max, string key, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{key}: '{text}' is not a whole number from {min} to {max}.");
        return fallback;
    }

    private static bool IsSpiffeIdIn(string spiffeId, string trustDomain)
    {
        var prefix = "spiffe://" + trustDomain + "/";
        return spiffeId.StartsWith(prefix, StringComparison.Ordinal) && SpiffePathRegex().IsMatch(spiffeId[(prefix.Length - 1)..]);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,19}$")]
    private static partial Regex StageRegex();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountRegex();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionRegex();

    [GeneratedRegex("^[a-z0-9._-]+$")]
    private static partial Regex TrustDomainRegex();

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex HostRegex();

    [GeneratedRegex("^arn:aws[a-z-]*:acm:(?<region>[a-z0-9-]+):[0-9]{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex AcmArnRegex();

    [GeneratedRegex("^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:[0-9]{12}:certificate-authority/[A-Za-z0-9-]+$")]
    private static partial Regex PcaArnRegex();

    [GeneratedRegex("^https://[a-z0-9-]{1,63}\\.tokens\\.sts\\.global\\.api\\.aws$")]
    private static partial Regex StsIssuerRegex();

    [GeneratedRegex("^[a-z0-9-]{1,50}$")]
    private static partial Regex EnvelopeNamespaceRegex();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex KeyNamespaceRegex();

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NamespaceUnsafe();

    [GeneratedRegex("^(/[A-Za-z0-9._-]+)+$")]
    private static partial Regex SpiffePathRegex();
}
