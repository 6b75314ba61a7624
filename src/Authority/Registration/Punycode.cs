namespace Bridge.Authority.Registration;

/// <summary>
/// Checks that the part of an A-label after <c>xn--</c> is well-formed punycode (RFC 3492 §6.2) that encodes at least one
/// non-ASCII code point. Written out because the service runs in invariant globalization mode, where
/// <c>IdnMapping</c> cannot be relied on; only the shape is checked, not the IDNA 2008 character tables.
/// </summary>
internal static class Punycode
{
    private const int Base = 36;
    private const int TMin = 1;
    private const int TMax = 26;
    private const int Skew = 38;
    private const int Damp = 700;
    private const int InitialBias = 72;
    private const int InitialN = 0x80;

    public static bool IsValidEncoding(ReadOnlySpan<char> encoded)
    {
        var delimiter = encoded.LastIndexOf('-');
        var outputLength = delimiter > 0 ? delimiter : 0;
        var position = delimiter > 0 ? delimiter + 1 : 0;
        if (position >= encoded.Length)
        {
            // Nothing after the basic code points: no non-ASCII character is encoded, so this is no A-label.
            return false;
        }

        long n = InitialN;
        long i = 0;
        var bias = InitialBias;
        while (position < encoded.Length)
        {
            var oldI = i;
            long w = 1;
            for (var k = Base; ; k += Base)
            {
                if (position >= encoded.Length || Digit(encoded[position++]) is not (>= 0 and var digit))
                {
                    return false;
                }

                i += digit * w;
                var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                if (i > int.MaxValue)
                {
                    return false;
                }

                if (digit < t)
                {
                    break;
                }

                w *= Base - t;
                if (w > int.MaxValue)
                {
                    return false;
                }
            }

            outputLength++;
            bias = Adapt(i - oldI, outputLength, oldI == 0);
            n += i / outputLength;
            i %= outputLength;
            if (n > 0x10FFFF || n is >= 0xD800 and <= 0xDFFF)
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static int Digit(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= 'A' and <= 'Z' => c - 'A',
        >= '0' and <= '9' => c - '0' + 26,
        _ => -1,
    };

    private static int Adapt(long delta, int points, bool first)
    {
        delta = first ? delta / Damp : delta / 2;
        delta += delta / points;
        var k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }

        return (int)(k + ((Base - TMin + 1) * delta / (delta + Skew)));
    }
}
