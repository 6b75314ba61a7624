using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.TestSupport;

/// <summary>A <see cref="BridgeFactory"/> whose logs, at every level and from every category, are captured.</summary>
public class LoggingBridgeFactory : BridgeFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }
}
