using Amazon;
using Amazon.SecurityToken;
using Bridge.Client.DependencyInjection;
using Bridge.Client.Evidence;
using Bridge.Client.Sources;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridge.Samples.LambdaConsumer;

/// <summary>The function's composition: what a Lambda entry point builds once per execution environment.</summary>
public static class LambdaConsumerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConsumerFunction"/> and what it needs: the Bridge client with STS <c>GetWebIdentityToken</c>
    /// evidence, a cached JWT-SVID source for <c>sts.amazonaws.com</c>, the STS client, and an mTLS HTTP client for
    /// the peer. An <see cref="IAmazonSecurityTokenService"/> registered earlier is used instead of the regional one.
    /// </summary>
    public static IServiceCollection AddLambdaConsumer(this IServiceCollection services, ConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);

        // The SDK's default credential chain: the function's execution role (on SnapStart, the container provider).
        services.TryAddSingleton<IAmazonSecurityTokenService>(_ =>
            new AmazonSecurityTokenServiceClient(RegionEndpoint.GetBySystemName(options.Region)));

        services.AddBridgeClient(o => o.BaseAddress = options.BridgeUrl);
        services.AddOptions<BridgeClientOptions>().Configure<IAmazonSecurityTokenService>((o, sts) =>
            o.SubjectTokenProvider = new StsWebIdentityTokenProvider(
                new AmazonStsWebIdentityTokenClient(sts),
                Options.Create(new StsWebIdentityTokenOptions { Audience = options.BridgeAudience, Region = options.Region })));
        services.AddBridgeJwtSvidSource(ConsumerFunction.StsAudience);

        var peer = options.PeerSpiffeId;
        services.AddHttpClient(ConsumerFunction.PeerHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => SpiffeTls.CreateHttpHandler(
                sp.GetRequiredService<X509SvidSource>(), SpiffeIdMatcher.Exact(peer), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ConsumerFunction>();
        return services;
    }
}
