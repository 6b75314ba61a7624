using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Bridge.Authority.Aws.DynamoDb;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

public sealed class DynamoDbFailuresTests
{
    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest)]
    [InlineData("ProvisionedThroughputExceededException", HttpStatusCode.BadRequest)]
    [InlineData("RequestLimitExceeded", HttpStatusCode.BadRequest)]
    [InlineData("InternalServerError", HttpStatusCode.InternalServerError)]
    [InlineData("Anything", HttpStatusCode.ServiceUnavailable)]
    public void AsUnavailable_ThrottlingOrServerFault_Wraps(string code, HttpStatusCode status)
    {
        var error = new AmazonDynamoDBException("x", ErrorType.Unknown, code, "req", status);

        Assert.NotNull(DynamoDbFailures.AsUnavailable(error, "PutItem", CancellationToken.None));
    }

    [Fact]
    public void AsUnavailable_ValidationError_ReturnsNull()
    {
        var error = new AmazonDynamoDBException("x", ErrorType.Sender, "ValidationException", "req", HttpStatusCode.BadRequest);

        Assert.Null(DynamoDbFailures.AsUnavailable(error, "PutItem", CancellationToken.None));
    }

    [Fact]
    public void AsUnavailable_ConditionFailed_ReturnsNull()
    {
        Assert.Null(DynamoDbFailures.AsUnavailable(new ConditionalCheckFailedException("x"), "PutItem", CancellationToken.None));
    }

    [Fact]
    public void AsUnavailable_SdkTimeout_WrapsButCallerCancellationDoesNot()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.NotNull(DynamoDbFailures.AsUnavailable(new TaskCanceledException(), "GetItem", CancellationToken.None));
        Assert.Null(DynamoDbFailures.AsUnavailable(new TaskCanceledException(), "GetItem", cancelled.Token));
    }

    [Fact]
    public void AsUnavailable_NetworkFailureInside_Wraps()
    {
        var error = new AmazonClientException("x", new HttpRequestException("refused"));

        Assert.NotNull(DynamoDbFailures.AsUnavailable(error, "GetItem", CancellationToken.None));
        Assert.Null(DynamoDbFailures.AsUnavailable(new InvalidOperationException("bug"), "GetItem", CancellationToken.None));
    }
}
