using System.Text.Json;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation;
using Bridge.LambdaHosting;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>
/// Runs one rotation step of the JWT signing keys and of the X.509 CA when the function is invoked with
/// <c>{"bridge":"rotate"}</c> (the deployment's schedule). Only a caller allowed <c>lambda:InvokeFunction</c> can send
/// it; instances also rotate lazily when they notice a step is due, so a missed schedule delays nothing for long.
/// </summary>
internal sealed partial class RotationEventHandler(JwtKeyRotator jwtKeys, X509CaRotator x509Ca, ILogger<RotationEventHandler> logger)
    : ILambdaEventHandler
{
    public async ValueTask<byte[]?> TryHandleAsync(JsonElement invocationEvent, CancellationToken cancellationToken)
    {
        if (invocationEvent.ValueKind != JsonValueKind.Object
            || !invocationEvent.TryGetProperty("bridge", out var command) || !command.ValueEquals("rotate"))
        {
            return null;
        }

        var jwt = await jwtKeys.RotateAsync(cancellationToken).ConfigureAwait(false);
        var x509 = await x509Ca.RotateAsync(cancellationToken).ConfigureAwait(false);
        LogRotated(logger, jwt.Steps.Count, jwt.Revision, x509.Changed, x509.Revision);
        return RotationResultJson.Write(jwt, x509);
    }

    [LoggerMessage(5010, LogLevel.Information, "Scheduled rotation: {JwtSteps} JWT key step(s) (state revision {JwtRevision}); X.509 CA changed: {X509Changed} (state revision {X509Revision})")]
    private static partial void LogRotated(ILogger logger, int jwtSteps, long jwtRevision, bool x509Changed, long x509Revision);
}
