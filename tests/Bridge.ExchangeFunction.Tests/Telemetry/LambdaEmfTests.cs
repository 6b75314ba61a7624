using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Bridge.Authority.Telemetry;
using Bridge.ExchangeFunction.Hosting.Telemetry;
using Bridge.ExchangeFunction.Tests.Lambda;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.ExchangeFunction.Tests.Telemetry;

/// <summary>
/// In Lambda the metrics of an invocation leave as EMF lines as soon as it is over, before Lambda can freeze the
/// environment: no periodic export is waited for.
/// </summary>
public sealed class LambdaEmfTests(LambdaEmfTests.EmfHost host) : IClassFixture<LambdaEmfTests.EmfHost>
{
    [Fact]
    public async Task Invoke_TokenExchange_EmfLineWrittenWhenTheInvocationEnds()
    {
        var response = await host.InvokeAsync("token-jwt-svid");
        Assert.Equal(200, response.StatusCode);

        // Other tests' services share the meter's name, so their lines may come too: wait for this exchange's.
        JsonElement line;
        do
        {
            // The guard only turns a missing flush into a failure instead of a hang; the line comes within milliseconds.
            var text = await host.Lines.ReadAsync(TestContext.Current.CancellationToken).AsTask()
                .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
            line = JsonDocument.Parse(text).RootElement.Clone();
            EmfMetricExporterTests.AssertSpecShape(line);
        }
        while (!(line.TryGetProperty(AuthorityMetrics.OutcomeTag, out var outcome) && outcome.GetString() == "issued"
            && line.TryGetProperty(AuthorityMetrics.ExchangeRequestsName, out _)));

        Assert.Equal(TelemetryOptions.DefaultEmfNamespace, line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal("oidc", line.GetProperty(AuthorityMetrics.AttestorTag).GetString());
        Assert.Equal("jwt", line.GetProperty(AuthorityMetrics.SvidKindTag).GetString());
        Assert.True(line.TryGetProperty(AuthorityMetrics.ExchangeDurationName, out _));
    }

    /// <summary>The Lambda-hosted service with the EMF exporter selected and its output captured line by line.</summary>
    public sealed class EmfHost : LambdaExchangeHost
    {
        private readonly LineStream _output = new();

        public ChannelReader<string> Lines => _output.Lines;

        protected override void ConfigureSettings(Dictionary<string, string?> settings) =>
            settings["Bridge:Telemetry:Exporter"] = nameof(MetricsExporter.Emf);

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(new EmfOutput(_output));
    }

    /// <summary>A write-only stream that hands each complete line to a channel.</summary>
    private sealed class LineStream : Stream
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly StringBuilder _pending = new();

        public ChannelReader<string> Lines => _lines.Reader;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_pending)
            {
                _pending.Append(Encoding.UTF8.GetString(buffer));
                var text = _pending.ToString();
                var end = text.LastIndexOf('\n');
                if (end < 0)
                {
                    return;
                }

                foreach (var line in text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    _lines.Writer.TryWrite(line);
                }

                _pending.Clear().Append(text[(end + 1)..]);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
