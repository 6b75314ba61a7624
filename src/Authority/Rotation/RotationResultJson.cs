using System.Buffers;
using System.Text.Json;
using Bridge.Authority.Ca.Rotation;

namespace Bridge.Authority.Rotation;

/// <summary>
/// The JSON document of one rotation step of the JWT signing keys and the X.509 CA, for the schedule's logs and for
/// operators: the service's answer to a <c>{"bridge":"rotate"}</c> invocation and <c>bridge ca rotate --json</c>.
/// </summary>
public static class RotationResultJson
{
    /// <summary>What each rotator did: the scheduled rotation's result and <c>bridge ca rotate --json</c>.</summary>
    public static byte[] Write(RotationReport jwt, X509CaRotationResult x509)
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
}
