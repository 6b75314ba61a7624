using System.Buffers;
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
        return Write(jwt, x509);
    }

    /// <summary>The invocation's result: what each rotator did, for the schedule's logs and for operators.</summary>
    internal static byte[] Write(RotationReport jwt, X509CaRotationResult x509)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("jwt_keys");
            writer.WriteNumber("revision", jwt.Revision);
            writer.WriteStartArray("steps");
            foreach (var step in jwt.Steps)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", step.Kind.ToString());
                writer.WriteString("slot", step.SlotId);
                if (step.KeyId is not null)
                {
                    writer.WriteString("kid", step.KeyId);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("next_step_at", jwt.NextStepAt);
            writer.WriteEndObject();
            writer.WriteStartObject("x509_ca");
            writer.WriteNumber("revision", x509.Revision);
            writer.WriteString("minted", x509.MintedSlotId);
            writer.WriteString("activated", x509.ActivatedSlotId);
            writer.WriteStartArray("dropped");
            foreach (var slot in x509.DroppedSlotIds)
            {
                writer.WriteStringValue(slot);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("claim_held_elsewhere", x509.ClaimHeldElsewhere);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    [LoggerMessage(5010, LogLevel.Information, "Scheduled rotation: {JwtSteps} JWT key step(s) (state revision {JwtRevision}); X.509 CA changed: {X509Changed} (state revision {X509Revision})")]
    private static partial void LogRotated(ILogger logger, int jwtSteps, long jwtRevision, bool x509Changed, long x509Revision);
}
