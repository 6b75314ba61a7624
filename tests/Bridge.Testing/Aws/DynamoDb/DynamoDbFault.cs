namespace Bridge.Testing.Aws.DynamoDb;

/// <summary>What <see cref="DynamoDbWireHandler"/> does to a request instead of passing it through untouched.</summary>
public enum DynamoDbFault
{
    /// <summary>Answers HTTP 400 <c>ThrottlingException</c> without forwarding, as DynamoDB does when throttling.</summary>
    Throttle,

    /// <summary>Answers HTTP 503 without forwarding, as an overloaded endpoint does.</summary>
    ServiceUnavailable,

    /// <summary>Fails as a refused connection without forwarding.</summary>
    Unreachable,

    /// <summary>Forwards the request (it lands), then fails as a connection reset before the response arrives.</summary>
    LoseResponse,
}
