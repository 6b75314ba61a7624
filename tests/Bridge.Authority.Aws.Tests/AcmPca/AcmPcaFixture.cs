using Bridge.Testing.Aws.AcmPca;

namespace Bridge.Authority.Aws.Tests.AcmPca;

/// <summary>One fake PCA (a subordinate CA under an offline root) shared by a test class that does not change its state.</summary>
public sealed class AcmPcaFixture : IAsyncLifetime
{
    private FakeAcmPcaServer? _server;

    public FakeAcmPcaServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _server = await FakeAcmPcaServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
