using System.Threading.Channels;
using Bridge.Testing.Lambda;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.LambdaHosting.Tests.Server;

/// <summary>
/// <see cref="ILambdaInvocationListener"/>s hear the end of every invocation (where buffered metrics are flushed before
/// Lambda may freeze the environment), and a failing one costs nothing but a log line.
/// </summary>
public sealed class LambdaServerInvocationListenerTests
{
    [Fact]
    public async Task Invoke_HttpEvents_ListenerHearsEachEnd()
    {
        var listener = new SignallingListener();
        await using var app = await StartAsync(listener);

        var first = await app.InvokeAsync(HttpApiV2Event.Create("GET", "/text"));
        await listener.Completed.ReadAsync(TestContext.Current.CancellationToken);
        var second = await app.InvokeAsync(HttpApiV2Event.Create("GET", "/text"));
        await listener.Completed.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(2, listener.Calls);
    }

    [Fact]
    public async Task Invoke_InvalidEvent_ListenerStillHearsTheEnd()
    {
        var listener = new SignallingListener();
        await using var app = await StartAsync(listener);

        var result = await app.InvokeRawAsync("[1,2,3]");
        await listener.Completed.ReadAsync(TestContext.Current.CancellationToken);

        Assert.True(result.IsError);
        Assert.Equal(1, listener.Calls);
    }

    [Fact]
    public async Task Invoke_ListenerThrows_LoopGoesOn()
    {
        var listener = new SignallingListener { Throw = true };
        await using var app = await StartAsync(listener);

        await app.InvokeAsync(HttpApiV2Event.Create("GET", "/text"));
        await listener.Completed.ReadAsync(TestContext.Current.CancellationToken);
        var after = await app.InvokeAsync(HttpApiV2Event.Create("GET", "/text"));

        Assert.Equal(200, after.StatusCode);
    }

    private static async Task<LambdaTestApp> StartAsync(ILambdaInvocationListener listener)
    {
        var app = await LambdaTestApp.CreateAsync(configureServices: services => services.AddSingleton(listener));
        await app.App.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private sealed class SignallingListener : ILambdaInvocationListener
    {
        private readonly Channel<bool> _completed = Channel.CreateUnbounded<bool>();
        private int _calls;

        public bool Throw { get; init; }

        public int Calls => Volatile.Read(ref _calls);

        public ChannelReader<bool> Completed => _completed.Reader;

        public void InvocationCompleted()
        {
            Interlocked.Increment(ref _calls);
            _completed.Writer.TryWrite(true);
            if (Throw)
            {
                throw new InvalidOperationException("listener fault");
            }
        }
    }
}
