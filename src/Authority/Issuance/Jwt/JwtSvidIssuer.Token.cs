using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;

namespace Bridge.Authority.Issuance.Jwt;

/// <summary>Token encoding: the hot path, so buffers are pooled and per-key work is done once in <see cref="JwtSigner"/>.</summary>
public sealed partial class JwtSvidIssuer
{
    private const int TokenIdBytes = 16;

    // Audience lists up to this size are de-duplicated by a pairwise scan, which allocates nothing.
    private const int PairwiseDeduplicationLimit = 8;

    // A payload buffer grown past this by an unusually large token is dropped rather than kept per thread.
    private const int MaxCachedPayloadBuffer = 16 * 1024;

    private static readonly JsonEncodedText IssuerClaim = JsonEncodedText.Encode("iss");
    private static readonly JsonEncodedText SubjectClaim = JsonEncodedText.Encode("sub");
    private static readonly JsonEncodedText AudienceClaim = JsonEncodedText.Encode("aud");
    private static readonly JsonEncodedText IssuedAtClaim = JsonEncodedText.Encode("iat");
    private static readonly JsonEncodedText ExpiresAtClaim = JsonEncodedText.Encode("exp");
    private static readonly JsonEncodedText TokenIdClaim = JsonEncodedText.Encode("jti");

    // The payload is written synchronously before the first await, so a per-thread writer is never shared.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_payloadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_payloadWriter;

    /// <summary>Signs a JWT-SVID for <paramref name="subject"/>.</summary>
    /// <param name="subject">The <c>sub</c>: a SPIFFE ID in the configured trust domain.</param>
    /// <param name="audiences">The <c>aud</c> values: at least one, none empty; duplicates are dropped, order kept.</param>
    /// <param name="ttl">The requested lifetime: positive, rounded up to whole seconds and capped at <see cref="MaxTtl"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException">An argument breaks the rules above (a caller bug: requests are validated earlier).</exception>
    /// <exception cref="InvalidOperationException"><see cref="InitializeAsync"/> has not completed.</exception>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">The rotation state is unavailable beyond its tolerance.</exception>
    public async Task<JwtSvidIssuance> IssueAsync(
        SpiffeId subject, IReadOnlyList<string> audiences, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (!subject.MemberOf(_trustDomain))
        {
            throw new ArgumentException($"The subject must be a SPIFFE ID in trust domain '{_trustDomain}'.", nameof(subject));
        }

        ValidateAudiences(audiences);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        RequireInitialized();
        // Completes synchronously on a warm instance: the key set is re-read at most every refresh interval.
        var signer = (await _keyRing.GetSnapshotAsync(cancellationToken).ConfigureAwait(false)).Signer;

        var issuedAt = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var expiresAt = issuedAt + LifetimeSeconds(ttl);
        var tokenId = NewTokenId();

        var buffer = WriteSigningInput(signer, subject, audiences, issuedAt, expiresAt, tokenId, out var signingInputLength, out var tokenLength);
        try
        {
            var digest = CryptographicOperations.HashData(signer.Algorithm.Hash, buffer.AsSpan(0, signingInputLength));
            var signature = await signer.Key.SignDigestAsync(digest, signer.Algorithm.Hash, cancellationToken).ConfigureAwait(false);
            var token = WriteSignature(signer, buffer.AsSpan(0, tokenLength), signingInputLength, signature);
            return new JwtSvidIssuance(
                token, signer.KeyId, tokenId, DateTimeOffset.FromUnixTimeSeconds(issuedAt), DateTimeOffset.FromUnixTimeSeconds(expiresAt));
        }
        finally
        {
            // The buffer ends up holding a complete bearer token: clear it before another renter sees it.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static void ValidateAudiences(IReadOnlyList<string> audiences)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        if (audiences.Count == 0)
        {
            throw new ArgumentException("A JWT-SVID needs at least one audience.", nameof(audiences));
        }

        for (var i = 0; i < audiences.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(audiences[i]))
            {
                throw new ArgumentException("Audiences must not be empty.", nameof(audiences));
            }
        }
    }

    /// <summary>Rounds up so that a sub-second TTL still yields <c>exp</c> after <c>iat</c>, then caps.</summary>
    private long LifetimeSeconds(TimeSpan ttl)
    {
        var seconds = ttl.Ticks / TimeSpan.TicksPerSecond;
        if (ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            seconds++;
        }

        return Math.Min(seconds, _maxTtlSeconds);
    }

    private static string NewTokenId()
    {
        Span<byte> bytes = stackalloc byte[TokenIdBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// Writes <c>header.payload</c> into a pooled buffer sized for the whole token.
    /// </summary>
    private byte[] WriteSigningInput(
        JwtSigner signer, SpiffeId subject, IReadOnlyList<string> audiences, long issuedAt, long expiresAt, string tokenId,
        out int signingInputLength, out int tokenLength)
    {
        var payloadBuffer = t_payloadBuffer ??= new ArrayBufferWriter<byte>(512);
        payloadBuffer.ResetWrittenCount();
        var writer = t_payloadWriter;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(payloadBuffer, new JsonWriterOptions { SkipValidation = true });
            t_payloadWriter = writer;
        }
        else
        {
            writer.Reset(payloadBuffer);
        }

        try
        {
            writer.WriteStartObject();
            writer.WriteString(IssuerClaim, _issuer);
            writer.WriteString(SubjectClaim, subject.ToString());
            // Always an array, even for one audience: AWS and SPIRE both expect that shape.
            writer.WriteStartArray(AudienceClaim);
            WriteDistinct(writer, audiences);
            writer.WriteEndArray();
            // Integers, never floats or exponents: AWS STS rejects iat/exp in scientific notation.
            writer.WriteNumber(IssuedAtClaim, issuedAt);
            writer.WriteNumber(ExpiresAtClaim, expiresAt);
            writer.WriteString(TokenIdClaim, tokenId);
            writer.WriteEndObject();
            writer.Flush();

            var payload = payloadBuffer.WrittenSpan;
            var header = signer.EncodedHeader;
            signingInputLength = header.Length + 1 + Base64Url.GetEncodedLength(payload.Length);
            tokenLength = signingInputLength + 1 + Base64Url.GetEncodedLength(signer.SignatureLength);
            var buffer = ArrayPool<byte>.Shared.Rent(tokenLength);
            header.CopyTo(buffer, 0);
            buffer[header.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(payload, buffer.AsSpan(header.Length + 1));
            return buffer;
        }
        finally
        {
            if (payloadBuffer.Capacity > MaxCachedPayloadBuffer)
            {
                t_payloadBuffer = null;
                t_payloadWriter = null;
            }
        }
    }

    private static void WriteDistinct(Utf8JsonWriter writer, IReadOnlyList<string> audiences)
    {
        if (audiences.Count <= PairwiseDeduplicationLimit)
        {
            for (var i = 0; i < audiences.Count; i++)
            {
                if (!AppearsBefore(audiences, i))
                {
                    writer.WriteStringValue(audiences[i]);
                }
            }

            return;
        }

        var seen = new HashSet<string>(audiences.Count, StringComparer.Ordinal);
        foreach (var audience in audiences)
        {
            if (seen.Add(audience))
            {
                writer.WriteStringValue(audience);
            }
        }
    }

    private static bool AppearsBefore(IReadOnlyList<string> values, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (string.Equals(values[i], values[index], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appends <c>.signature</c> (P1363 for ECDSA) and returns the token text.</summary>
    private static string WriteSignature(JwtSigner signer, Span<byte> token, int signingInputLength, byte[] signature)
    {
        token[signingInputLength] = (byte)'.';
        var destination = token[(signingInputLength + 1)..];
        if (signer.Algorithm.IsEcdsa)
        {
            Span<byte> p1363 = stackalloc byte[signer.SignatureLength];
            JwsSignatureConverter.ConvertDerToP1363(signature, signer.Algorithm.EcFieldSize, p1363);
            Base64Url.EncodeToUtf8(p1363, destination);
        }
        else
        {
            if (signature.Length != signer.SignatureLength)
            {
                throw new CryptographicException("The key manager returned an RSA signature of the wrong length.");
            }

            Base64Url.EncodeToUtf8(signature, destination);
        }

        return Encoding.ASCII.GetString(token);
    }
}
