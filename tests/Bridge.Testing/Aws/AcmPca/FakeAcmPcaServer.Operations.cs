using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Bridge.Testing.Aws.AcmPca;

/// <summary>The PCA operations, with PCA's own checks of the inputs Bridge sends.</summary>
public sealed partial class FakeAcmPcaServer
{
    private readonly Dictionary<string, X509Certificate2> _issued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idempotencyTokens = new(StringComparer.Ordinal);

    private JsonObject DescribeCertificateAuthority(JsonObject request)
    {
        RequireCa(request);
        return new JsonObject
        {
            ["CertificateAuthority"] = new JsonObject
            {
                ["Arn"] = CertificateAuthorityArn,
                ["OwnerAccount"] = AccountId,
                ["Status"] = Status,
                ["Type"] = IsSubordinate ? "SUBORDINATE" : "ROOT",
                ["UsageMode"] = UsageMode,
                ["KeyStorageSecurityStandard"] = "FIPS_140_2_LEVEL_3_OR_HIGHER",
                ["CertificateAuthorityConfiguration"] = new JsonObject
                {
                    ["KeyAlgorithm"] = KeyAlgorithm,
                    ["SigningAlgorithm"] = _hierarchy.DefaultSigningAlgorithm,
                    ["Subject"] = new JsonObject { ["CommonName"] = "Fake PCA", ["Organization"] = "Bridge Tests" },
                },
                ["NotBefore"] = new DateTimeOffset(CaCertificate.NotBefore.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0,
                ["NotAfter"] = new DateTimeOffset(CaCertificate.NotAfter.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0,
            },
        };
    }

    private JsonObject IssueCertificate(JsonObject request)
    {
        RequireCa(request);
        if (Status != "ACTIVE")
        {
            throw new AwsJsonErrorException("InvalidStateException", $"The certificate authority {CertificateAuthorityArn} is not in a valid state for issuing certificates.");
        }

        var token = (string?)request["IdempotencyToken"];
        if (token is not null && (token.Length is < 1 or > 36))
        {
            throw new AwsJsonErrorException("ValidationException", "IdempotencyToken must be 1-36 characters.");
        }

        var csrPem = Encoding.UTF8.GetString(Convert.FromBase64String((string?)request["Csr"] ?? string.Empty));
        var signingAlgorithm = (string?)request["SigningAlgorithm"] ?? throw new AwsJsonErrorException("ValidationException", "SigningAlgorithm is required.");
        var template = (string?)request["TemplateArn"] ?? "arn:aws:acm-pca:::template/EndEntityCertificate/V1";
        var validity = request["Validity"] as JsonObject ?? throw new AwsJsonErrorException("ValidationException", "Validity is required.");
        var isCaTemplate = template.StartsWith("arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen", StringComparison.Ordinal);
        if (!isCaTemplate && template != "arn:aws:acm-pca:::template/EndEntityCertificate/V1")
        {
            throw new AwsJsonErrorException("InvalidArgsException", $"The fake does not know template {template}.");
        }

        if (UsageMode == "SHORT_LIVED_CERTIFICATE" && isCaTemplate)
        {
            throw new AwsJsonErrorException("ValidationException", "A short-lived certificate authority cannot issue CA certificates.");
        }

        var hash = signingAlgorithm switch
        {
            "SHA256WITHECDSA" or "SHA256WITHRSA" => HashAlgorithmName.SHA256,
            "SHA384WITHECDSA" or "SHA384WITHRSA" => HashAlgorithmName.SHA384,
            "SHA512WITHECDSA" or "SHA512WITHRSA" => HashAlgorithmName.SHA512,
            _ => throw new AwsJsonErrorException("InvalidArgsException", $"Unknown signing algorithm {signingAlgorithm}."),
        };
        if (signingAlgorithm.EndsWith("ECDSA", StringComparison.Ordinal) != _hierarchy.CaKey is ECDsa)
        {
            throw new AwsJsonErrorException("InvalidArgsException", $"{signingAlgorithm} does not fit the CA's {KeyAlgorithm} key.");
        }

        var now = _timeProvider.GetUtcNow();
        var notAfter = (string?)validity["Type"] == "ABSOLUTE" && validity["Value"] is JsonValue value && value.TryGetValue<long>(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new AwsJsonErrorException("ValidationException", "The fake only supports Validity Type ABSOLUTE.");
        if (notAfter > CaCertificate.NotAfter.ToUniversalTime() || notAfter <= now)
        {
            throw new AwsJsonErrorException("ValidationException", "The certificate validity specified exceeds the certificate authority validity or is in the past.");
        }

        if (UsageMode == "SHORT_LIVED_CERTIFICATE" && notAfter - now > TimeSpan.FromDays(7))
        {
            throw new AwsJsonErrorException("ValidationException", "Short-lived certificates are valid for at most 7 days.");
        }

        if (token is not null && _idempotencyTokens.TryGetValue(token, out var existing))
        {
            return new JsonObject { ["CertificateArn"] = existing };
        }

        CertificateRequest csr;
        try
        {
            csr = CertificateRequest.LoadSigningRequestPem(csrPem, hash, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException)
        {
            throw new AwsJsonErrorException("MalformedCSRException", "The certificate signing request is invalid.");
        }

        var certificate = Sign(csr, hash, isCaTemplate && !IssueEndEntityCertificates, now, notAfter);
        var arn = $"{CertificateAuthorityArn}/certificate/{certificate.SerialNumber.ToLowerInvariant()}";
        _issued[arn] = certificate;
        IssuedCount++;
        if (token is not null)
        {
            _idempotencyTokens[token] = arn;
        }

        return new JsonObject { ["CertificateArn"] = arn };
    }

    private JsonObject GetCertificate(JsonObject request)
    {
        RequireCa(request);
        if (!_issued.TryGetValue((string?)request["CertificateArn"] ?? string.Empty, out var certificate))
        {
            throw new AwsJsonErrorException("ResourceNotFoundException", "The certificate was not found.");
        }

        if (_inProgressRemaining > 0)
        {
            _inProgressRemaining--;
            throw new AwsJsonErrorException("RequestInProgressException", "The request to issue the certificate is still in progress.");
        }

        var response = new JsonObject { ["Certificate"] = certificate.ExportCertificatePem() };
        if (!OmitChainFromGetCertificate)
        {
            response["CertificateChain"] = ChainPem();
        }

        return response;
    }

    private JsonObject GetCertificateAuthorityCertificate(JsonObject request)
    {
        RequireCa(request);
        var response = new JsonObject { ["Certificate"] = CaCertificate.ExportCertificatePem() };
        if (IsSubordinate)
        {
            response["CertificateChain"] = RootCertificate.ExportCertificatePem();
        }

        return response;
    }

    private string ChainPem() => IsSubordinate
        ? CaCertificate.ExportCertificatePem() + "\n" + RootCertificate.ExportCertificatePem()
        : CaCertificate.ExportCertificatePem();

    private void RequireCa(JsonObject request)
    {
        if ((string?)request["CertificateAuthorityArn"] != CertificateAuthorityArn)
        {
            throw new AwsJsonErrorException("ResourceNotFoundException", $"Could not find certificate authority {(string?)request["CertificateAuthorityArn"]}.");
        }

        if (Status is "DELETED" or "FAILED")
        {
            throw new AwsJsonErrorException("InvalidStateException", $"The certificate authority is {Status}.", HttpStatusCode.BadRequest);
        }
    }

    /// <summary>
    /// Signs as PCA's <c>SubordinateCACertificate_PathLen0/V1</c> does (subject from the CSR, critical CA:TRUE with path
    /// length 0, critical digitalSignature|keyCertSign|cRLSign, SKI, AKI) or <c>EndEntityCertificate/V1</c>; PCA backdates
    /// NotBefore by an hour.
    /// </summary>
    private X509Certificate2 Sign(CertificateRequest csr, HashAlgorithmName hash, bool ca, DateTimeOffset now, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(csr.SubjectName, csr.PublicKey, hash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, ca, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            ca ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
            true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(csr.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(CaCertificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return request.Create(CaCertificate.SubjectName, _hierarchy.Generator(), now.AddHours(-1), notAfter, FakeAcmPcaHierarchy.NewSerialNumber());
    }
}
