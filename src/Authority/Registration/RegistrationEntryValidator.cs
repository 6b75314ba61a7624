using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Registration;

/// <summary>
/// Checks a registration entry before it is stored or loaded. Reports every problem at once, each message starting
/// with the snake_case field it concerns (<c>spiffe_id: ...</c>, <c>selectors[2]: ...</c>), as the file format and
/// the CLI name them. The rules follow SPIRE's entry validation, with <c>/bridge</c> as the reserved namespace. The
/// parent decides the kind of entry (<see cref="EntryParentKinds"/>): an attestor's entry, a workload entry under an
/// agent or a node set, or a node-set definition (docs/registration.md).
/// </summary>
public sealed partial class RegistrationEntryValidator
{
    /// <summary>The longest entry id.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest hint (SPIRE's <c>hintMaximumLength</c>).</summary>
    public const int MaxHintLength = 1024;

    /// <summary>The longest audience.</summary>
    public const int MaxAudienceLength = 255;

    /// <summary>The most audiences one entry may list.</summary>
    public const int MaxAudiences = 32;

    private readonly RegistrationEntryValidatorOptions _options;

    /// <summary>
    /// The entry rules of the authority <paramref name="authority"/> configures: its trust domain and its JWT-SVID
    /// lifetime cap. The service and the <c>bridge entry</c> command both derive them here.
    /// </summary>
    /// <exception cref="FormatException">The trust domain is not valid.</exception>
    public static RegistrationEntryValidator For(AuthorityOptions authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return new RegistrationEntryValidator(new RegistrationEntryValidatorOptions
        {
            TrustDomain = TrustDomain.Parse(authority.TrustDomain),
            MaxJwtSvidTtl = authority.MaxJwtSvidTtl,
        });
    }

    /// <summary>Creates a validator.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent (zero trust domain, maxima below minima).</exception>
    public RegistrationEntryValidator(RegistrationEntryValidatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrustDomain.IsZero)
        {
            throw new ArgumentException("A trust domain is required.", nameof(options));
        }

        if (options.MaxX509SvidTtl < MinX509SvidTtl || options.MaxJwtSvidTtl < MinJwtSvidTtl)
        {
            throw new ArgumentException("The maximum SVID lifetimes cannot be below the minimums.", nameof(options));
        }

        _options = options;
    }

    /// <summary>The shortest X.509-SVID lifetime an entry may ask for.</summary>
    public static TimeSpan MinX509SvidTtl { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The shortest JWT-SVID lifetime an entry may ask for.</summary>
    public static TimeSpan MinJwtSvidTtl { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The trust domain entries are checked against.</summary>
    public TrustDomain TrustDomain => _options.TrustDomain;

    /// <summary>Returns every problem with <paramref name="entry"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(RegistrationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = new List<string>();
        var kind = entry.ParentId.MemberOf(_options.TrustDomain) ? EntryParentKinds.Of(entry.ParentId) : EntryParentKind.Unknown;
        ValidateId(entry.Id, errors);
        if (kind == EntryParentKind.Server)
        {
            ValidateNodeSetDefinitionId(entry.SpiffeId, errors);
        }
        else
        {
            ValidateSpiffeId(entry.SpiffeId, kind, errors);
        }

        ValidateParentId(entry.ParentId, errors);
        ValidateSelectors(entry.Selectors, kind, errors);
        if (kind == EntryParentKind.Server)
        {
            ValidateNodeSetDefinitionFields(entry, errors);
        }
        else
        {
            ValidateTtl("x509_svid_ttl", entry.X509SvidTtl, MinX509SvidTtl, _options.MaxX509SvidTtl, errors);
            ValidateTtl("jwt_svid_ttl", entry.JwtSvidTtl, MinJwtSvidTtl, _options.MaxJwtSvidTtl, errors);
            ValidateAudiences(entry.Audiences, errors);
            ValidateDnsNames(entry.DnsNames, errors);
            if (entry.Hint is { Length: > MaxHintLength })
            {
                errors.Add($"hint: must have at most {MaxHintLength} characters");
            }
        }

        if (entry.Revision < 0)
        {
            errors.Add("revision: cannot be negative");
        }

        return errors;
    }

    /// <summary>True when <paramref name="id"/> is a well-formed entry id (<c>[A-Za-z0-9._:-]</c>, 1 to 128 chars).</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(IsIdChar);

    private static void ValidateId(string? id, List<string> errors)
    {
        if (string.IsNullOrEmpty(id))
        {
            errors.Add("id: is required");
        }
        else if (id.Length > MaxIdLength)
        {
            errors.Add($"id: must have at most {MaxIdLength} characters");
        }
        else if (!id.All(IsIdChar))
        {
            errors.Add("id: characters are limited to letters, digits, '.', '_', ':' and '-'");
        }
    }

    private void ValidateSpiffeId(string? spiffeId, EntryParentKind kind, List<string> errors)
    {
        if (string.IsNullOrEmpty(spiffeId))
        {
            errors.Add("spiffe_id: is required");
            return;
        }

        if (!SpiffeIdTemplate.TryParse(spiffeId, out var template, out var error))
        {
            errors.Add($"spiffe_id: {error}");
            return;
        }

        if (template.TrustDomain != _options.TrustDomain)
        {
            errors.Add($"spiffe_id: must be in trust domain {_options.TrustDomain.Name}");
        }

        var path = PathOf(template);
        if (path.Length == 0)
        {
            errors.Add("spiffe_id: must have a path");
        }
        else if (BridgeIds.IsReservedPath(path))
        {
            errors.Add($"spiffe_id: the path {BridgeIds.ReservedPathPrefix} and everything under it is reserved for Bridge" +
                (path.StartsWith(NodeSetPathPrefix, StringComparison.Ordinal)
                    ? $" (a node-set definition has parent_id {BridgeIds.Server(_options.TrustDomain)})"
                    : string.Empty));
        }

        if (kind.IsAgentSide() && template.HasPlaceholders)
        {
            // Placeholders are filled from an attestor's verified values; an agent-side entry is served without any.
            errors.Add("spiffe_id: placeholders are filled from an attestor's verified values, which an entry under an agent or a node set " +
                "does not have: write the SPIFFE ID in full");
        }

        if (_options.AllowedPlaceholderNames is { } allowed)
        {
            foreach (var name in template.PlaceholderNames.Where(n => !allowed.Contains(n)))
            {
                errors.Add($"spiffe_id: unknown placeholder {{{name}}}");
            }
        }
    }

    private void ValidateParentId(SpiffeId parentId, List<string> errors)
    {
        if (parentId.IsZero)
        {
            errors.Add("parent_id: is required");
        }
        else if (!parentId.MemberOf(_options.TrustDomain))
        {
            errors.Add($"parent_id: must be in trust domain {_options.TrustDomain.Name}");
        }
        else if (parentId.IsRoot)
        {
            errors.Add("parent_id: must have a path");
        }
        else
        {
            ValidateParentKind(parentId, errors);
        }
    }

    private static void ValidateSelectors(IReadOnlyList<Selector>? selectors, EntryParentKind kind, List<string> errors)
    {
        if (selectors is null || selectors.Count == 0)
        {
            errors.Add("selectors: at least one selector is required");
            return;
        }

        var seen = new HashSet<Selector>();
        for (var i = 0; i < selectors.Count; i++)
        {
            var selector = selectors[i];
            if (string.IsNullOrEmpty(selector.Type) || string.IsNullOrEmpty(selector.Value))
            {
                errors.Add($"selectors[{i}]: type and value are required");
            }
            else if (!seen.Add(selector))
            {
                errors.Add($"selectors[{i}]: duplicate selector");
            }
            else if (CheckSelectorForKind(selector, kind) is { } problem)
            {
                errors.Add($"selectors[{i}]: {problem}");
            }
        }
    }

    private static void ValidateTtl(string field, TimeSpan? ttl, TimeSpan min, TimeSpan max, List<string> errors)
    {
        if (ttl is not { } value)
        {
            return;
        }

        if (value < min || value > max)
        {
            errors.Add($"{field}: must be between {(long)min.TotalSeconds} and {(long)max.TotalSeconds} seconds");
        }
        else if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{field}: must be a whole number of seconds");
        }
    }

    private static void ValidateAudiences(IReadOnlyList<string>? audiences, List<string> errors)
    {
        if (audiences is null)
        {
            return;
        }

        if (audiences.Count > MaxAudiences)
        {
            errors.Add($"audiences: at most {MaxAudiences} audiences are allowed");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < audiences.Count; i++)
        {
            var audience = audiences[i];
            if (string.IsNullOrWhiteSpace(audience))
            {
                errors.Add($"audiences[{i}]: cannot be empty");
            }
            else if (audience.Length > MaxAudienceLength)
            {
                errors.Add($"audiences[{i}]: must have at most {MaxAudienceLength} characters");
            }
            else if (!seen.Add(audience))
            {
                errors.Add($"audiences[{i}]: duplicate audience");
            }
        }
    }

    private static void ValidateDnsNames(IReadOnlyList<string>? dnsNames, List<string> errors)
    {
        if (dnsNames is null)
        {
            return;
        }

        // DNS names compare case-insensitively, so "Web.example" duplicates "web.example".
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < dnsNames.Count; i++)
        {
            var name = dnsNames[i];
            if (DnsName.Check(name) is { } problem)
            {
                errors.Add($"dns_names[{i}]: not a valid DNS name: it {problem} ({DnsName.RuleSummary})");
            }
            else if (!seen.Add(name))
            {
                errors.Add($"dns_names[{i}]: duplicate DNS name");
            }
        }
    }

    private static string PathOf(SpiffeIdTemplate template)
    {
        var text = template.Template;
        var pathStart = text.IndexOf('/', "spiffe://".Length);
        return pathStart < 0 ? string.Empty : text[pathStart..];
    }

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-';
}
