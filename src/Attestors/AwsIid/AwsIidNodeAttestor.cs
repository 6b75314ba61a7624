using Amazon.EC2.Model;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Attestors.AwsIid;

/// <summary>
/// The <c>aws_iid</c> node attestor: verifies an EC2 instance identity document's RSA-2048 PKCS#7 signature against AWS's
/// certificate for the document's Region (<see cref="AwsIidSignatureVerifier"/>), takes the document from inside the
/// signature, applies the account and instance-age policy, optionally asks EC2 whether the instance is running, and
/// returns the node's facts. The document is static and replayable (AWS regenerates it only on launch or start), so
/// this is only the first step: the node store's trust on first use decides whether a verified node may attest.
/// </summary>
public sealed class AwsIidNodeAttestor : INodeAttestor
{
    /// <summary>The attestor name, the first agent ID segment after <c>/bridge/agent/</c>.</summary>
    public const string AttestorName = "aws_iid";

    private readonly AwsIidAttestorOptions _options;
    private readonly AwsIidCertificateTable _certificates;
    private readonly Ec2InstanceDescriber _describer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly HashSet<string> _allowedAccounts;

    /// <summary>
    /// An attestor trusting <paramref name="certificates"/> (the service passes <see cref="AwsIidCertificateTable.Embedded"/>;
    /// tests their own) and calling AWS through <paramref name="clients"/>.
    /// </summary>
    public AwsIidNodeAttestor(
        IOptions<AwsIidAttestorOptions> options,
        AwsIidCertificateTable certificates,
        AwsIidAwsClients clients,
        TimeProvider timeProvider,
        ILogger<AwsIidNodeAttestor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _certificates = certificates;
        _timeProvider = timeProvider;
        _logger = logger;
        _describer = new Ec2InstanceDescriber(clients, _options, timeProvider);
        _allowedAccounts = new HashSet<string>(_options.AllowedAccounts ?? [], StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public string Name => AttestorName;

    /// <inheritdoc/>
    public async ValueTask<NodeAttestationResult> AttestAsync(NodeAttestationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!AwsIidEvidence.TryRead(request.Payload.Span, out var evidence, out var problem))
        {
            return Fail(AttestationFailureKind.Malformed, "-", problem);
        }

        var now = _timeProvider.GetUtcNow();
        var verified = AwsIidSignatureVerifier.Verify(evidence!.SignedData, _certificates, now);
        if (verified.Document is not { } document)
        {
            return Fail(verified.FailureKind, "-", verified.Problem);
        }

        var fingerprint = $"{document.AccountId}/{document.Region}/{document.InstanceId}";
        if (evidence.Document is { } separate && !separate.AsSpan().SequenceEqual(verified.Content))
        {
            // A genuine signature next to a different document: the substitution SPIRE fixed in 2026.
            return Fail(AttestationFailureKind.InvalidSignature, fingerprint, "the document sent differs from the signed one");
        }

        if (!_options.AllowAnyAccount && !_allowedAccounts.Contains(document.AccountId))
        {
            return Fail(AttestationFailureKind.PolicyDenied, fingerprint, "the account is not allowed");
        }

        if (_options.MaxInstanceAge is { } maxAge && now - document.PendingTime > maxAge)
        {
            return Fail(AttestationFailureKind.PolicyDenied, fingerprint, "the instance was launched or started longer ago than MaxInstanceAge");
        }

        Instance? instance = null;
        if (_options.DescribeInstances)
        {
            var described = await _describer.DescribeAsync(document, cancellationToken).ConfigureAwait(false);
            if (described.AwsError is { } awsError && described.FailureKind == AttestationFailureKind.Unavailable)
            {
                AwsIidLog.AwsCallFailed(_logger, fingerprint, awsError, described.Problem);
            }

            if (described.Instance is null)
            {
                return Fail(described.FailureKind, fingerprint, described.Problem);
            }

            instance = described.Instance;
        }

        var selectors = Selectors(document, instance);
        if (selectors.Count > NodeRecords.MaxSelectors)
        {
            return Fail(AttestationFailureKind.PolicyDenied, fingerprint, $"the instance yields more than {NodeRecords.MaxSelectors} selectors");
        }

        AwsIidLog.Succeeded(_logger, fingerprint, selectors.Count);
        return NodeAttestationResult.Success(new AttestedNode
        {
            AttestorName = AttestorName,
            AgentIdSegments = [document.AccountId, document.Region, document.InstanceId],
            Fingerprint = fingerprint,
            Selectors = selectors,
            EvidenceIssuedAt = document.PendingTime,
            ResourceArn = $"arn:{AwsPartitions.Of(document.Region)}:ec2:{document.Region}:{document.AccountId}:instance/{document.InstanceId}",
        });
    }

    private static List<Selector> Selectors(InstanceIdentityDocument document, Instance? instance)
    {
        var values = new List<string>
        {
            AwsIidSelectors.AccountId + document.AccountId,
            AwsIidSelectors.Region + document.Region,
            AwsIidSelectors.AvailabilityZone + document.AvailabilityZone,
            AwsIidSelectors.ImageId + document.ImageId,
            AwsIidSelectors.InstanceId + document.InstanceId,
            AwsIidSelectors.InstanceType + document.InstanceType,
        };
        if (instance is not null)
        {
            foreach (var tag in instance.Tags ?? [])
            {
                // A key with ':' would make tag:<key>:<value> ambiguous (and covers the reserved aws:… tags).
                if (!string.IsNullOrEmpty(tag.Key) && !tag.Key.Contains(':', StringComparison.Ordinal))
                {
                    values.Add(AwsIidSelectors.Tag + tag.Key + ":" + tag.Value);
                }
            }

            foreach (var group in instance.SecurityGroups ?? [])
            {
                AddIfPresent(values, AwsIidSelectors.SecurityGroupId, group.GroupId);
                AddIfPresent(values, AwsIidSelectors.SecurityGroupName, group.GroupName);
            }

            AddIfPresent(values, AwsIidSelectors.VpcId, instance.VpcId);
            AddIfPresent(values, AwsIidSelectors.SubnetId, instance.SubnetId);
            AddIfPresent(values, AwsIidSelectors.InstanceProfile, instance.IamInstanceProfile?.Arn);
        }

        return [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(v => new Selector(AwsIidSelectors.Type, v))];
    }

    private static void AddIfPresent(List<string> values, string prefix, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values.Add(prefix + value);
        }
    }

    private NodeAttestationResult Fail(AttestationFailureKind kind, string fingerprint, string detail)
    {
        AwsIidLog.Failed(_logger, kind, fingerprint, detail);
        return NodeAttestationResult.Failure(kind, detail);
    }
}
