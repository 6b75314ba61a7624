using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>The parts of a private CA's ARN that decide where requests go.</summary>
internal sealed partial record AcmPcaArn(string Partition, string Region, string AccountId, string CertificateAuthorityId)
{
    /// <summary>Parses <c>arn:&lt;partition&gt;:acm-pca:&lt;region&gt;:&lt;account&gt;:certificate-authority/&lt;id&gt;</c>.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out AcmPcaArn? arn)
    {
        arn = null;
        var match = value is null ? null : CaArnPattern().Match(value);
        if (match is not { Success: true })
        {
            return false;
        }

        arn = new AcmPcaArn(match.Groups["partition"].Value, match.Groups["region"].Value, match.Groups["account"].Value, match.Groups["id"].Value);
        return true;
    }

    /// <summary>True for <c>arn:&lt;partition&gt;:acm-pca:::template/&lt;name&gt;/V&lt;n&gt;</c>.</summary>
    public static bool IsTemplateArn(string? value) => value is not null && TemplateArnPattern().IsMatch(value);

    /// <summary>True when the template issues a subordinate CA certificate (the only kind Bridge's intermediate can be).</summary>
    public static bool IsSubordinateCaTemplate(string value) =>
        value.Contains(":template/SubordinateCACertificate_PathLen", StringComparison.Ordinal)
        || value.Contains(":template/BlankSubordinateCACertificate_PathLen", StringComparison.Ordinal);

    /// <summary>The public endpoint of ACM PCA in this ARN's Region, or in <paramref name="region"/>.</summary>
    public Uri DefaultEndpoint(string region) =>
        new($"https://acm-pca.{region}.{(Partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com")}/");

    [GeneratedRegex(@"^arn:(?<partition>aws(-[a-z]+)*):acm-pca:(?<region>[a-z]{2}(-[a-z]+)+-\d):(?<account>\d{12}):certificate-authority/(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", RegexOptions.CultureInvariant)]
    private static partial Regex CaArnPattern();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:acm-pca:::template/[A-Za-z0-9_]+/V\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateArnPattern();
}
