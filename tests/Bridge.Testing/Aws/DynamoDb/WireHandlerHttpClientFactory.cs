using Amazon.Runtime;

namespace Bridge.Testing.Aws.DynamoDb;

/// <summary>Makes an SDK client send through one given handler (never disposed by the SDK, never cached across clients).</summary>
internal sealed class WireHandlerHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false)
    {
        Timeout = clientConfig?.Timeout ?? TimeSpan.FromSeconds(20),
    };

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
