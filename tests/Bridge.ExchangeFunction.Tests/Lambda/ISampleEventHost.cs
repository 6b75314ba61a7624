using System.Security.Cryptography;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>
/// A running exchange service that replays <c>events/</c> files through a Lambda Runtime API: in this process
/// (<see cref="LambdaExchangeHost"/>) or as the published Native AOT <c>bootstrap</c> (<see cref="BootstrapExchangeHost"/>).
/// Its settings are <see cref="TestSupport.BridgeFactory"/>'s trust domain and issuer, with the workload
/// <see cref="LambdaExchangeHost.SpiffeId"/> registered for audience <c>ledger</c>.
/// </summary>
public interface ISampleEventHost
{
    /// <summary>The key of the CSR most recently put into an event (<c>{{csr}}</c>).</summary>
    ECDsa? LastCsrKey { get; }

    /// <summary>The service's current time, for lifetime and chain checks.</summary>
    DateTimeOffset Now { get; }

    /// <summary>Fills the placeholders of <paramref name="sampleEvent"/>, serves it through the Runtime API and returns the response.</summary>
    Task<LambdaHttpResponse> InvokeAsync(SampleEvent sampleEvent);

    /// <summary>Replays <c>events/<paramref name="name"/>.json</c>.</summary>
    Task<LambdaHttpResponse> InvokeAsync(string name);
}
