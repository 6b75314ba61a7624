using System.Collections.Frozen;

namespace Bridge.Spiffe.Id;

/// <summary>
/// Authorization predicates over SPIFFE IDs (go-spiffe <c>spiffeid.Match*</c>). The zero ID never matches: an
/// unset identity must not be authorized by accident.
/// </summary>
public static class SpiffeIdMatcher
{
    /// <summary>Matches every non-zero SPIFFE ID.</summary>
    public static Func<SpiffeId, bool> Any() => static id => !id.IsZero;

    /// <summary>Matches exactly <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="expected"/> is the zero ID.</exception>
    public static Func<SpiffeId, bool> Exact(SpiffeId expected)
    {
        if (expected.IsZero)
        {
            throw new ArgumentException("The expected SPIFFE ID must not be the zero ID.", nameof(expected));
        }

        return id => id == expected;
    }

    /// <summary>Matches any of <paramref name="expected"/> (a snapshot is taken; later changes are not seen).</summary>
    /// <exception cref="ArgumentException">One of the IDs is the zero ID.</exception>
    public static Func<SpiffeId, bool> OneOf(params IEnumerable<SpiffeId> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var set = expected.ToFrozenSet();
        if (set.Contains(default))
        {
            throw new ArgumentException("The expected SPIFFE IDs must not include the zero ID.", nameof(expected));
        }

        return set.Contains;
    }

    /// <summary>Matches every ID in <paramref name="trustDomain"/>, including the trust domain's own ID.</summary>
    /// <exception cref="ArgumentException"><paramref name="trustDomain"/> is the zero trust domain.</exception>
    public static Func<SpiffeId, bool> MemberOf(TrustDomain trustDomain)
    {
        if (trustDomain.IsZero)
        {
            throw new ArgumentException("The trust domain must not be the zero trust domain.", nameof(trustDomain));
        }

        return id => id.MemberOf(trustDomain);
    }
}
