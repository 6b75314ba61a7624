using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.AwsIid;

/// <summary>
/// Looks the attested instance up with EC2 <c>DescribeInstances</c>, optionally as a role in the instance's account.
/// An instance that is missing, owned by another account or not running is refused (PolicyDenied); throttling, outages,
/// time-outs and the service's own permission problems are "unavailable" (the exchange answers 503), never a refusal
/// of the node and never a 500.
/// </summary>
internal sealed class Ec2InstanceDescriber(AwsIidAwsClients clients, AwsIidAttestorOptions options, TimeProvider timeProvider)
{
    private const string RunningState = "running";
    private const int AssumedRoleSeconds = 900;

    /// <summary>The instance, or why not; <paramref name="FailureKind"/> is None on success.</summary>
    public readonly record struct Outcome(Instance? Instance, AttestationFailureKind FailureKind, string Problem, string? AwsError = null);

    public async Task<Outcome> DescribeAsync(InstanceIdentityDocument document, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.AwsCallTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            AWSCredentials? credentials = null;
            if (options.AssumeRoleName is { } roleName)
            {
                var assumed = await clients.Sts.AssumeRoleAsync(
                    new AssumeRoleRequest
                    {
                        RoleArn = $"arn:{AwsPartitions.Of(document.Region)}:iam::{document.AccountId}:role/{roleName}",
                        // Names the instance in the account's CloudTrail; 'bridge-iid-' + 19 characters fits the 64 allowed.
                        RoleSessionName = "bridge-iid-" + document.InstanceId,
                        DurationSeconds = AssumedRoleSeconds,
                    },
                    linked.Token).ConfigureAwait(false);
                var c = assumed.Credentials;
                credentials = new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
            }

            using var ec2 = clients.CreateEc2Client(document.Region, credentials);
            var response = await ec2.DescribeInstancesAsync(
                new DescribeInstancesRequest { InstanceIds = [document.InstanceId] }, linked.Token).ConfigureAwait(false);
            return Judge(document, response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, AttestationFailureKind.Unavailable, "EC2 or STS did not answer in time", "Timeout");
        }
        catch (AmazonSecurityTokenServiceException e) when (e.ErrorCode is "AccessDenied" or "AccessDeniedException")
        {
            // The account has not created (or does not let Bridge assume) the role: that account is not onboarded.
            return new Outcome(null, AttestationFailureKind.PolicyDenied, "the role in the instance's account cannot be assumed", e.ErrorCode);
        }
        catch (AmazonEC2Exception e) when (e.ErrorCode is "InvalidInstanceID.NotFound" or "InvalidInstanceID.Malformed")
        {
            return new Outcome(null, AttestationFailureKind.PolicyDenied, "EC2 does not know the instance", e.ErrorCode);
        }
        catch (AmazonServiceException e)
        {
            return new Outcome(null, AttestationFailureKind.Unavailable, "EC2 or STS refused or failed the call", e.ErrorCode ?? ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or IOException or WebException)
        {
            return new Outcome(null, AttestationFailureKind.Unavailable, "EC2 or STS could not be reached", e.GetType().Name);
        }
    }

    private static Outcome Judge(InstanceIdentityDocument document, DescribeInstancesResponse response)
    {
        foreach (var reservation in response.Reservations ?? [])
        {
            foreach (var instance in reservation.Instances ?? [])
            {
                if (!string.Equals(instance.InstanceId, document.InstanceId, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!string.Equals(reservation.OwnerId, document.AccountId, StringComparison.Ordinal))
                {
                    return new Outcome(null, AttestationFailureKind.PolicyDenied, "EC2 names another owner for the instance");
                }

                return string.Equals(instance.State?.Name?.Value, RunningState, StringComparison.Ordinal)
                    ? new Outcome(instance, AttestationFailureKind.None, string.Empty)
                    : new Outcome(null, AttestationFailureKind.PolicyDenied, "the instance is not running");
            }
        }

        return new Outcome(null, AttestationFailureKind.PolicyDenied, "EC2 does not know the instance");
    }
}
