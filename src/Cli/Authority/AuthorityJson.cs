using System.Buffers;
using System.Text;
using System.Text.Json;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation;

namespace Bridge.Cli.Authority;

/// <summary><c>bridge ca show --json</c>: every slot of both parts, snake_case, times in RFC 3339.</summary>
internal static class AuthorityJson
{
    public static string Describe(JwtKeySetDescription keys, X509CaDescription cas)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("jwt_keys");
            writer.WriteNumber("revision", keys.Revision);
            writer.WriteString("next_step_at", keys.NextStepAt);
            writer.WriteStartArray("slots");
            foreach (var slot in keys.Slots)
            {
                writer.WriteStartObject();
                writer.WriteString("slot", slot.SlotId);
                writer.WriteString("status", slot.Status.ToString());
                writer.WriteString("kid", slot.KeyId);
                writer.WriteString("key_type", slot.KeyType.ToString());
                writer.WriteBoolean("published", slot.Published);
                Time(writer, "prepared_at", slot.PreparedAt);
                Time(writer, "activated_at", slot.ActivatedAt);
                Time(writer, "retired_at", slot.RetiredAt);
                Time(writer, "publish_until", slot.PublishUntil);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("x509_cas");
            writer.WriteNumber("revision", cas.Revision);
            writer.WriteStartArray("slots");
            foreach (var slot in cas.Slots)
            {
                writer.WriteStartObject();
                writer.WriteString("slot", slot.SlotId);
                writer.WriteString("status", slot.Status.ToString());
                writer.WriteString("key_type", slot.KeyType.ToString());
                writer.WriteString("serial_number", slot.SerialNumber);
                writer.WriteString("subject_key_id", slot.SubjectKeyId);
                writer.WriteString("issuer", slot.Issuer);
                Time(writer, "not_before", slot.NotBefore);
                Time(writer, "not_after", slot.NotAfter);
                Time(writer, "activated_at", slot.ActivatedAt);
                writer.WriteStartArray("upstream_root_sha256");
                foreach (var fingerprint in slot.UpstreamRootFingerprints)
                {
                    writer.WriteStringValue(fingerprint);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Time(Utf8JsonWriter writer, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            writer.WriteString(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
