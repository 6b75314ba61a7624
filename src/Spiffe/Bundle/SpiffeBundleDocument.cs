using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Bundle;

/// <summary>
/// Reads and writes the SPIFFE bundle JSON format (an RFC 7517 JWK Set with <c>spiffe_sequence</c> and
/// <c>spiffe_refresh_hint</c>), following the SPIFFE Trust Domain and Bundle spec and go-spiffe <c>spiffebundle</c>.
/// </summary>
public static partial class SpiffeBundleDocument
{
    /// <summary>Documents larger than this many UTF-8 bytes are rejected before parsing.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>
    /// Writes <paramref name="bundle"/>: <c>keys</c> (X.509 authorities in bundle order, then JWT authorities by
    /// ordinal key ID), then <c>spiffe_sequence</c> and <c>spiffe_refresh_hint</c> when set.
    /// </summary>
    public static string Serialize(SpiffeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return JsonText.Write(bundle, static (writer, bundle) =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray(JwkMembers.Keys);
            for (var i = 0; i < bundle.X509Authorities.Count; i++)
            {
                var key = bundle.X509AuthorityKeys[i];
                writer.WriteStartObject();
                writer.WriteString(JwkMembers.KeyType, key.KeyType);
                writer.WriteString(JwkMembers.Use, JwkMembers.UseX509Svid);
                key.WriteJwkParameters(writer);
                writer.WriteStartArray(JwkMembers.X509Chain);
                writer.WriteStringValue(Convert.ToBase64String(bundle.X509Authorities[i].RawDataMemory.Span));
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            foreach (var authority in bundle.JwtAuthorities.Values.OrderBy(a => a.KeyId, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString(JwkMembers.KeyType, authority.Material.KeyType);
                writer.WriteString(JwkMembers.Use, JwkMembers.UseJwtSvid);
                writer.WriteString(JwkMembers.KeyId, authority.KeyId);
                authority.Material.WriteJwkParameters(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (bundle.SequenceNumber is { } sequence)
            {
                writer.WriteNumber(JwkMembers.SpiffeSequence, sequence);
            }

            if (bundle.RefreshHint is { } hint)
            {
                writer.WriteNumber(JwkMembers.SpiffeRefreshHint, hint.Ticks / TimeSpan.TicksPerSecond);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>Parses a bundle document for <paramref name="trustDomain"/>.</summary>
    /// <exception cref="FormatException">The document breaks a rule; the message names it.</exception>
    /// <exception cref="ArgumentException">The trust domain is zero.</exception>
    public static SpiffeBundle Parse(TrustDomain trustDomain, string json) =>
        TryParse(trustDomain, json, out var bundle, out var error)
            ? bundle
            : throw new FormatException($"Invalid SPIFFE bundle: {error}.");

    /// <summary>Parses a bundle document for <paramref name="trustDomain"/>.</summary>
    /// <exception cref="ArgumentException">The trust domain is zero.</exception>
    public static bool TryParse(TrustDomain trustDomain, [NotNullWhen(true)] string? json, [NotNullWhen(true)] out SpiffeBundle? bundle) =>
        TryParse(trustDomain, json, out bundle, out _);

    /// <summary>Parses a bundle document and reports why it was rejected (safe to show to an operator).</summary>
    /// <exception cref="ArgumentException">The trust domain is zero.</exception>
    public static bool TryParse(
        TrustDomain trustDomain,
        [NotNullWhen(true)] string? json,
        [NotNullWhen(true)] out SpiffeBundle? bundle,
        [NotNullWhen(false)] out string? error)
    {
        if (trustDomain.IsZero)
        {
            throw new ArgumentException("The trust domain must not be zero.", nameof(trustDomain));
        }

        bundle = null;
        if (string.IsNullOrEmpty(json))
        {
            error = BundleErrors.Empty;
            return false;
        }

        // A UTF-8 byte is never shorter than a UTF-16 char, so the cheap check comes first.
        if (json.Length > MaxDocumentBytes || Encoding.UTF8.GetByteCount(json) > MaxDocumentBytes)
        {
            error = BundleErrors.TooLarge;
            return false;
        }

        using var document = StrictJson.TryParse(Encoding.UTF8.GetBytes(json), out var failure);
        if (document is null)
        {
            error = failure == JsonParseFailure.DuplicateMember ? BundleErrors.DuplicateMember : BundleErrors.MalformedJson;
            return false;
        }

        return TryRead(trustDomain, document.RootElement, out bundle, out error);
    }

    /// <summary>
    /// Parses a JWT bundle as a plain JWK Set (the SPIFFE Workload API's <c>FetchJWTBundles</c>, go-spiffe
    /// <c>jwtbundle.Parse</c>): keys without <c>use</c> are JWT authorities; the same rules as <see cref="TryParse(TrustDomain, string?, out SpiffeBundle?, out string?)"/> otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The trust domain is zero.</exception>
    public static bool TryParseJwtBundle(
        TrustDomain trustDomain, ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out JwtBundle? bundle, [NotNullWhen(false)] out string? error)
    {
        if (trustDomain.IsZero)
        {
            throw new ArgumentException("The trust domain must not be zero.", nameof(trustDomain));
        }

        bundle = null;
        if (utf8Json.Length > MaxDocumentBytes)
        {
            error = BundleErrors.TooLarge;
            return false;
        }

        using var document = StrictJson.TryParse(utf8Json.ToArray(), out var failure);
        if (document is null)
        {
            error = failure == JsonParseFailure.DuplicateMember ? BundleErrors.DuplicateMember : BundleErrors.MalformedJson;
            return false;
        }

        if (!TryRead(trustDomain, document.RootElement, out var parsed, out error, JwkMembers.UseJwtSvid))
        {
            return false;
        }

        bundle = parsed.JwtBundle;
        return true;
    }

    private static bool TryRead(
        TrustDomain trustDomain,
        JsonElement root,
        [NotNullWhen(true)] out SpiffeBundle? bundle,
        [NotNullWhen(false)] out string? error,
        string? defaultUse = null)
    {
        bundle = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = BundleErrors.NotAnObject;
            return false;
        }

        if (!TryReadNonNegative(root, JwkMembers.SpiffeSequence, long.MaxValue, out var sequence))
        {
            error = BundleErrors.BadSequence;
            return false;
        }

        if (!TryReadNonNegative(root, JwkMembers.SpiffeRefreshHint, TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond, out var hint))
        {
            error = BundleErrors.BadRefreshHint;
            return false;
        }

        if (!root.TryGetProperty(JwkMembers.Keys, out var keys))
        {
            error = BundleErrors.KeysMissing;
            return false;
        }

        if (keys.ValueKind != JsonValueKind.Array)
        {
            error = BundleErrors.KeysNotArray;
            return false;
        }

        var reader = new KeySetReader(defaultUse);
        if (!reader.TryReadAll(keys, out error))
        {
            reader.DisposeCertificates();
            return false;
        }

        bundle = new SpiffeBundle(
            trustDomain, reader.Certificates, reader.JwtAuthorities, sequence, hint is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        return true;
    }

    private static bool TryReadNonNegative(JsonElement root, string name, long max, out long? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var member))
        {
            return true;
        }

        // TryGetInt64 rejects fractions and exponents, so "1.5" and "1e3" are not integers here.
        if (member.ValueKind != JsonValueKind.Number || !member.TryGetInt64(out var number) || number < 0 || number > max)
        {
            return false;
        }

        value = number;
        return true;
    }
}
