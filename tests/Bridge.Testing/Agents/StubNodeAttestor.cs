using System.Text.Json;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;

namespace Bridge.Testing.Agents;

/// <summary>
/// A node attestor double named <c>aws_iid</c> whose "evidence" states its facts in the clear, so tests choose the
/// instance and its <c>pendingTime</c>: <c>{"account":"…","region":"…","instance":"…","pending":&lt;unix seconds&gt;}</c>
/// (see <see cref="Evidence"/>). <see cref="Failure"/> makes every attestation fail. Stands in for the IID attestor.
/// </summary>
public sealed class StubNodeAttestor : INodeAttestor
{
    /// <summary>The attestor's name.</summary>
    public const string AttestorName = "aws_iid";

    /// <summary>When set, every attestation fails with this kind.</summary>
    public AttestationFailureKind? Failure { get; set; }

    /// <summary>How many attestations ran.</summary>
    public int Calls => _calls;

    private int _calls;

    /// <inheritdoc/>
    public string Name => AttestorName;

    /// <summary>The evidence JSON of an instance.</summary>
    public static string Evidence(string instance, DateTimeOffset pendingTime, string account = "123456789012", string region = "us-east-1") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["account"] = account,
            ["region"] = region,
            ["instance"] = instance,
            ["pending"] = pendingTime.ToUnixTimeSeconds(),
        });

    /// <summary>The ARN of an instance, as the attested node's resource ARN and an STS token's claim name it.</summary>
    public static string InstanceArn(string instance, string account = "123456789012", string region = "us-east-1") =>
        $"arn:aws:ec2:{region}:{account}:instance/{instance}";

    /// <inheritdoc/>
    public ValueTask<NodeAttestationResult> AttestAsync(NodeAttestationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _calls);
        if (Failure is { } failure)
        {
            return ValueTask.FromResult(NodeAttestationResult.Failure(failure, "stub refusal"));
        }

        try
        {
            using var document = JsonDocument.Parse(request.Payload);
            var root = document.RootElement;
            var account = root.GetProperty("account").GetString()!;
            var region = root.GetProperty("region").GetString()!;
            var instance = root.GetProperty("instance").GetString()!;
            var pending = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("pending").GetInt64());
            return ValueTask.FromResult(NodeAttestationResult.Success(new AttestedNode
            {
                AttestorName = Name,
                AgentIdSegments = [account, region, instance],
                Fingerprint = $"{account}/{region}/{instance}",
                Selectors =
                [
                    new Selector(Name, "account:" + account),
                    new Selector(Name, "instance:id:" + instance),
                    new Selector(Name, "region:" + region),
                ],
                EvidenceIssuedAt = pending,
                ResourceArn = InstanceArn(instance, account, region),
            }));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return ValueTask.FromResult(NodeAttestationResult.Failure(AttestationFailureKind.Malformed, "stub evidence unreadable"));
        }
    }
}
