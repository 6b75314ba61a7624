namespace Bridge.Authority.Issuance.Jwt;

/// <summary>
/// Converts ECDSA signatures from DER (RFC 3279 <c>Ecdsa-Sig-Value</c>, what key managers and KMS return) to the
/// fixed-length IEEE P1363 form <c>r || s</c> that JWS requires (RFC 7518 §3.4).
/// </summary>
internal static class JwsSignatureConverter
{
    private const byte SequenceTag = 0x30;
    private const byte IntegerTag = 0x02;

    /// <summary>
    /// Converts <paramref name="der"/> into <paramref name="destination"/>, which must be
    /// 2 × <paramref name="fieldSize"/> bytes. Only strict DER is accepted: minimal lengths and integers, positive
    /// non-zero values that fit the field, and no trailing data.
    /// </summary>
    /// <returns>False when <paramref name="der"/> is malformed; <paramref name="destination"/> is then unspecified.</returns>
    public static bool TryConvertDerToP1363(ReadOnlySpan<byte> der, int fieldSize, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fieldSize);
        if (destination.Length != 2 * fieldSize)
        {
            throw new ArgumentException($"The destination must be {2 * fieldSize} bytes.", nameof(destination));
        }

        if (der.IsEmpty || der[0] != SequenceTag)
        {
            return false;
        }

        var offset = 1;
        if (!TryReadLength(der, ref offset, out var sequenceLength) || offset + sequenceLength != der.Length)
        {
            return false;
        }

        return TryReadInteger(der, ref offset, destination[..fieldSize])
            && TryReadInteger(der, ref offset, destination[fieldSize..])
            && offset == der.Length;
    }

    /// <summary>Converts <paramref name="der"/>, throwing when it is malformed.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The signature is not valid DER for the field size.</exception>
    public static void ConvertDerToP1363(ReadOnlySpan<byte> der, int fieldSize, Span<byte> destination)
    {
        if (!TryConvertDerToP1363(der, fieldSize, destination))
        {
            throw new System.Security.Cryptography.CryptographicException(
                "The key manager returned an ECDSA signature that is not valid DER for its curve.");
        }
    }

    private static bool TryReadLength(ReadOnlySpan<byte> der, ref int offset, out int length)
    {
        length = 0;
        if (offset >= der.Length)
        {
            return false;
        }

        var first = der[offset++];
        if (first < 0x80)
        {
            length = first;
        }
        else if (first == 0x81)
        {
            // One length byte suffices for every curve up to P-521; DER requires it only for lengths of 128 and up.
            if (offset >= der.Length || der[offset] < 0x80)
            {
                return false;
            }

            length = der[offset++];
        }
        else
        {
            return false;
        }

        return length <= der.Length - offset;
    }

    private static bool TryReadInteger(ReadOnlySpan<byte> der, ref int offset, Span<byte> destination)
    {
        if (offset >= der.Length || der[offset++] != IntegerTag || !TryReadLength(der, ref offset, out var length) || length == 0)
        {
            return false;
        }

        var value = der.Slice(offset, length);
        offset += length;

        // r and s are positive: a set high bit would make the DER integer negative.
        if ((value[0] & 0x80) != 0)
        {
            return false;
        }

        if (value[0] == 0 && value.Length > 1)
        {
            // A leading zero is allowed only to keep a high bit from reading as a sign bit.
            if ((value[1] & 0x80) == 0)
            {
                return false;
            }

            value = value[1..];
        }

        // Zero is not a valid r or s; a value wider than the field cannot come from this curve.
        if (value.Length > destination.Length || !value.ContainsAnyExcept((byte)0))
        {
            return false;
        }

        destination[..^value.Length].Clear();
        value.CopyTo(destination[^value.Length..]);
        return true;
    }
}
