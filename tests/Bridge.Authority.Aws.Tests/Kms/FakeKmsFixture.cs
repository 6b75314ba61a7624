using Bridge.Testing.Aws.Kms;

namespace Bridge.Authority.Aws.Tests.Kms;

/// <summary>
/// One fake KMS endpoint per test class, reached by the real AWS SDK client over loopback HTTP; the SDK clients a
/// fixture hands out are disposed with it.
/// </summary>
public abstract class FakeKmsFixture : IAsyncLifetime
{
    private readonly List<IDisposable> _clients = [];

    public FakeKmsServer Server { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        // Never let the SDK look for credentials or a Region on an instance metadata service.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Server = await FakeKmsServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Keeps <paramref name="client"/> to dispose it with the fixture.</summary>
    protected T Track<T>(T client)
        where T : IDisposable
    {
        _clients.Add(client);
        return client;
    }
}
