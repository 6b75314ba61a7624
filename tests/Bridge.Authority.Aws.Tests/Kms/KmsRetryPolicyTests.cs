using System.Net;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Bridge.Authority.Aws;
using Bridge.Authority.Aws.Kms;

namespace Bridge.Authority.Aws.Tests.Kms;

public sealed class KmsRetryPolicyTests
{
    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 100)]
    [InlineData(3, 200)]
    [InlineData(6, 1000)]
    [InlineData(40, 1000)]
    public void RetryDelay_EachAttempt_StaysWithinItsExponentialCap(int attempt, int capMilliseconds)
    {
        var delays = Enumerable.Range(0, 200)
            .Select(_ => RetryBackoff.FullJitter(attempt, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1)))
            .ToList();

        Assert.All(delays, d => Assert.InRange(d.TotalMilliseconds, 0, capMilliseconds));
        // Jitter: 200 draws from [0, cap] are not all equal.
        Assert.True(delays.Distinct().Count() > 1);
    }

    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, true)]
    [InlineData("LimitExceededException", HttpStatusCode.BadRequest, true)]
    [InlineData("KMSInternalException", HttpStatusCode.InternalServerError, true)]
    [InlineData("DependencyTimeoutException", HttpStatusCode.ServiceUnavailable, true)]
    [InlineData("Anything", HttpStatusCode.BadGateway, true)]
    [InlineData("AccessDeniedException", HttpStatusCode.BadRequest, false)]
    [InlineData("NotFoundException", HttpStatusCode.BadRequest, false)]
    [InlineData("KMSInvalidStateException", HttpStatusCode.BadRequest, false)]
    public void IsTransient_ServiceError_ClassifiedByCodeAndStatus(string errorCode, HttpStatusCode status, bool transient)
    {
        var exception = new AmazonServiceException("failed") { ErrorCode = errorCode, StatusCode = status };

        Assert.Equal(transient, KmsRetryPolicy.IsTransient(exception, CancellationToken.None));
    }

    [Fact]
    public void IsTransient_TransportFailureOrTimeout_IsTransient()
    {
        Assert.True(KmsRetryPolicy.IsTransient(new HttpRequestException("refused"), CancellationToken.None));
        Assert.True(KmsRetryPolicy.IsTransient(new TaskCanceledException("timeout"), CancellationToken.None));
    }

    [Fact]
    public void IsTransient_CallerCancelledOrBug_IsNotTransient()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(KmsRetryPolicy.IsTransient(new OperationCanceledException(cancelled.Token), cancelled.Token));
        Assert.False(KmsRetryPolicy.IsTransient(new InvalidOperationException(), CancellationToken.None));
        Assert.False(KmsRetryPolicy.IsTransient(new NotFoundException("gone"), CancellationToken.None));
    }
}
