using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using static Bridge.Authority.Tests.Registration.TestEntries;

namespace Bridge.Authority.Tests.Registration;

public sealed class RegistrationEntryValidatorTests
{
    // Each failing case breaks exactly one rule of a valid entry; the expected text is the start of its only error.
    private static readonly Dictionary<string, (Func<RegistrationEntry, RegistrationEntry> Change, string Error)> FailCases = new()
    {
        ["fail/id-empty"] = (e => e with { Id = "" }, "id: is required"),
        ["fail/id-too-long"] = (e => e with { Id = new string('a', 129) }, "id: must have at most 128"),
        ["fail/id-bad-char"] = (e => e with { Id = "web/1" }, "id: characters"),
        ["fail/id-space"] = (e => e with { Id = "web 1" }, "id: characters"),
        ["fail/spiffe-id-empty"] = (e => e with { SpiffeId = "" }, "spiffe_id: is required"),
        ["fail/spiffe-id-wrong-scheme"] = (e => e with { SpiffeId = "https://example.org/web" }, "spiffe_id: scheme"),
        ["fail/spiffe-id-other-trust-domain"] = (e => e with { SpiffeId = "spiffe://other.org/web" }, "spiffe_id: must be in trust domain example.org"),
        ["fail/spiffe-id-root"] = (e => e with { SpiffeId = "spiffe://example.org" }, "spiffe_id: must have a path"),
        ["fail/spiffe-id-reserved"] = (e => e with { SpiffeId = "spiffe://example.org/bridge/attestor/x" }, "spiffe_id: the path /bridge"),
        ["fail/spiffe-id-reserved-exact"] = (e => e with { SpiffeId = "spiffe://example.org/bridge" }, "spiffe_id: the path /bridge"),
        ["fail/spiffe-id-reserved-other-case"] = (e => e with { SpiffeId = "spiffe://example.org/Bridge/x" }, "spiffe_id: the path /bridge"),
        ["fail/spiffe-id-reserved-template"] = (e => e with { SpiffeId = "spiffe://example.org/bridge/{account}" }, "spiffe_id: the path /bridge"),
        ["fail/spiffe-id-empty-segment"] = (e => e with { SpiffeId = "spiffe://example.org/a//b" }, "spiffe_id: path cannot contain empty segments"),
        ["fail/spiffe-id-dot-segment"] = (e => e with { SpiffeId = "spiffe://example.org/a/../b" }, "spiffe_id: path cannot contain dot segments"),
        ["fail/spiffe-id-trailing-slash"] = (e => e with { SpiffeId = "spiffe://example.org/a/" }, "spiffe_id: path cannot have a trailing slash"),
        ["fail/spiffe-id-query"] = (e => e with { SpiffeId = "spiffe://example.org/a?b" }, "spiffe_id: cannot contain a query"),
        ["fail/template-uppercase-name"] = (e => e with { SpiffeId = "spiffe://example.org/{Account}" }, "spiffe_id: placeholder names"),
        ["fail/template-digit-first"] = (e => e with { SpiffeId = "spiffe://example.org/{1st}" }, "spiffe_id: placeholder names"),
        ["fail/template-empty-name"] = (e => e with { SpiffeId = "spiffe://example.org/{}" }, "spiffe_id: placeholder names"),
        ["fail/template-unclosed"] = (e => e with { SpiffeId = "spiffe://example.org/{account" }, "spiffe_id: '{' without"),
        ["fail/template-unopened"] = (e => e with { SpiffeId = "spiffe://example.org/account}" }, "spiffe_id: '}' without"),
        ["fail/template-nested"] = (e => e with { SpiffeId = "spiffe://example.org/{a{b}}" }, "spiffe_id: placeholders cannot nest"),
        ["fail/template-in-trust-domain"] = (e => e with { SpiffeId = "spiffe://{td}/web" }, "spiffe_id: placeholders are allowed only in the path"),
        ["fail/template-spans-segments"] = (e => e with { SpiffeId = "spiffe://example.org/{a/b}" }, "spiffe_id: placeholder names"),
        ["fail/parent-missing"] = (e => e with { ParentId = default }, "parent_id: is required"),
        ["fail/parent-other-trust-domain"] = (e => e with { ParentId = SpiffeId.Parse("spiffe://other.org/bridge/attestor/x") }, "parent_id: must be in trust domain"),
        ["fail/parent-root"] = (e => e with { ParentId = SpiffeId.Parse("spiffe://example.org") }, "parent_id: must have a path"),
        ["fail/selectors-empty"] = (e => e with { Selectors = [] }, "selectors: at least one"),
        ["fail/selectors-default"] = (e => e with { Selectors = [Account, default] }, "selectors[1]: type and value are required"),
        ["fail/selectors-duplicate"] = (e => e with { Selectors = [Account, Role, Account] }, "selectors[2]: duplicate"),
        ["fail/x509-ttl-too-short"] = (e => e with { X509SvidTtl = TimeSpan.FromSeconds(59) }, "x509_svid_ttl: must be between 60 and 604800"),
        ["fail/x509-ttl-too-long"] = (e => e with { X509SvidTtl = TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1) }, "x509_svid_ttl: must be between"),
        ["fail/x509-ttl-negative"] = (e => e with { X509SvidTtl = TimeSpan.FromMinutes(-5) }, "x509_svid_ttl: must be between"),
        ["fail/x509-ttl-fraction"] = (e => e with { X509SvidTtl = TimeSpan.FromMilliseconds(90_500) }, "x509_svid_ttl: must be a whole number"),
        ["fail/jwt-ttl-too-short"] = (e => e with { JwtSvidTtl = TimeSpan.FromSeconds(29) }, "jwt_svid_ttl: must be between 30 and 3600"),
        ["fail/jwt-ttl-too-long"] = (e => e with { JwtSvidTtl = TimeSpan.FromSeconds(3601) }, "jwt_svid_ttl: must be between"),
        ["fail/jwt-ttl-fraction"] = (e => e with { JwtSvidTtl = TimeSpan.FromMilliseconds(30_001) }, "jwt_svid_ttl: must be a whole number"),
        ["fail/audience-empty"] = (e => e with { Audiences = ["a", ""] }, "audiences[1]: cannot be empty"),
        ["fail/audience-whitespace"] = (e => e with { Audiences = [" "] }, "audiences[0]: cannot be empty"),
        ["fail/audience-too-long"] = (e => e with { Audiences = [new string('a', 256)] }, "audiences[0]: must have at most 255"),
        ["fail/audience-duplicate"] = (e => e with { Audiences = ["a", "b", "a"] }, "audiences[2]: duplicate"),
        ["fail/audiences-too-many"] = (e => e with { Audiences = [.. Enumerable.Range(0, 33).Select(i => $"aud-{i}")] }, "audiences: at most 32"),
        ["fail/dns-label-too-long"] = (e => e with { DnsNames = [new string('a', 64) + ".example.org"] }, "dns_names[0]: not a valid DNS name"),
        ["fail/dns-leading-hyphen"] = (e => e with { DnsNames = ["-web.example.org"] }, "dns_names[0]: not a valid"),
        ["fail/dns-trailing-hyphen"] = (e => e with { DnsNames = ["web-.example.org"] }, "dns_names[0]: not a valid"),
        ["fail/dns-underscore"] = (e => e with { DnsNames = ["we_b.example.org"] }, "dns_names[0]: not a valid"),
        ["fail/dns-empty-label"] = (e => e with { DnsNames = ["web..example.org"] }, "dns_names[0]: not a valid"),
        ["fail/dns-trailing-dot"] = (e => e with { DnsNames = ["web.example.org."] }, "dns_names[0]: not a valid"),
        ["fail/dns-empty"] = (e => e with { DnsNames = [""] }, "dns_names[0]: not a valid"),
        ["fail/dns-wildcard-inside"] = (e => e with { DnsNames = ["web.*.example.org"] }, "dns_names[0]: not a valid"),
        ["fail/dns-bare-wildcard"] = (e => e with { DnsNames = ["*."] }, "dns_names[0]: not a valid"),
        ["fail/dns-wildcard-over-tld"] = (e => e with { DnsNames = ["*.com"] }, "dns_names[0]: not a valid DNS name: it has a wildcard over a single label"),
        ["fail/dns-ip-address"] = (e => e with { DnsNames = ["10.0.0.1"] }, "dns_names[0]: not a valid DNS name: it ends in an all-numeric label"),
        ["fail/dns-too-long"] = (e => e with { DnsNames = [LongDnsName(254)] }, "dns_names[0]: not a valid"),
        ["fail/dns-duplicate-other-case"] = (e => e with { DnsNames = ["web.example.org", "WEB.example.org"] }, "dns_names[1]: duplicate"),
        ["fail/hint-too-long"] = (e => e with { Hint = new string('h', 1025) }, "hint: must have at most 1024"),
        ["fail/revision-negative"] = (e => e with { Revision = -1 }, "revision: cannot be negative"),
    };

    private static readonly Dictionary<string, Func<RegistrationEntry, RegistrationEntry>> OkCases = new()
    {
        ["ok/minimal"] = e => e,
        ["ok/id-longest-with-every-allowed-char"] = e => e with { Id = ("aZ09._:-" + new string('x', 128))[..128] },
        ["ok/template"] = e => e with { SpiffeId = "spiffe://example.org/aws/{account}/role/{role_name}" },
        ["ok/template-part-of-segment"] = e => e with { SpiffeId = "spiffe://example.org/role-{role_name}.{account}" },
        ["ok/template-repeated-placeholder"] = e => e with { SpiffeId = "spiffe://example.org/{account}/{account}" },
        ["ok/bridge-lookalike-paths"] = e => e with { SpiffeId = "spiffe://example.org/bridges/web" },
        ["ok/bridge-below-top"] = e => e with { SpiffeId = "spiffe://example.org/web/bridge" },
        ["ok/parent-agent"] = e => e with { ParentId = SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc") },
        ["ok/ttl-minimums"] = e => e with { X509SvidTtl = TimeSpan.FromMinutes(1), JwtSvidTtl = TimeSpan.FromSeconds(30) },
        ["ok/ttl-maximums"] = e => e with { X509SvidTtl = TimeSpan.FromDays(7), JwtSvidTtl = TimeSpan.FromHours(1) },
        ["ok/audiences-32-of-255-chars"] = e => e with { Audiences = [.. Enumerable.Range(0, 32).Select(i => $"{i:D3}" + new string('a', 252))] },
        ["ok/dns-names"] = e => e with { DnsNames = ["web.example.org", "*.web.example.org", "localhost", "a-b.c1", new string('a', 63) + ".org"] },
        ["ok/dns-longest"] = e => e with { DnsNames = [LongDnsName(253)] },
        ["ok/hint-longest"] = e => e with { Hint = new string('h', 1024) },
        ["ok/expired"] = e => e with { ExpiresAt = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        ["ok/selectors-differing-in-case"] = e => e with { Selectors = [Role, Selector.Parse("aws:role:WEB")] },
    };

    public static TheoryData<string> FailCaseNames => [.. FailCases.Keys];

    public static TheoryData<string> OkCaseNames => [.. OkCases.Keys];

    [Theory]
    [MemberData(nameof(FailCaseNames))]
    public void Validate_OneRuleBroken_ReportsExactlyThatError(string name)
    {
        var (change, expected) = FailCases[name];

        var errors = Validator.Validate(change(Entry()));

        var error = Assert.Single(errors);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OkCaseNames))]
    public void Validate_ValidEntry_ReportsNothing(string name) =>
        Assert.Empty(Validator.Validate(OkCases[name](Entry())));

    [Fact]
    public void Validate_ManyProblems_ReportsThemAll()
    {
        var entry = new RegistrationEntry
        {
            Id = "",
            SpiffeId = "spiffe://other.org/bridge/x",
            ParentId = default,
            Selectors = [],
            X509SvidTtl = TimeSpan.FromSeconds(1),
            JwtSvidTtl = TimeSpan.FromDays(1),
            Audiences = ["", "a", "a"],
            DnsNames = ["-x"],
            Hint = new string('h', 2000),
            Revision = -3,
        };

        var errors = Validator.Validate(entry);

        Assert.Equal(
            [
                "id:", "spiffe_id:", "spiffe_id:", "parent_id:", "selectors:", "x509_svid_ttl:", "jwt_svid_ttl:",
                "audiences[0]:", "audiences[2]:", "dns_names[0]:", "hint:", "revision:",
            ],
            errors.Select(e => e[..(e.IndexOf(':', StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public void Validate_PlaceholderOutsideVocabulary_Reported()
    {
        var validator = new RegistrationEntryValidator(new RegistrationEntryValidatorOptions
        {
            TrustDomain = ExampleOrg,
            AllowedPlaceholderNames = new HashSet<string>(StringComparer.Ordinal) { "account", "role_name" },
        });

        var errors = validator.Validate(Entry() with { SpiffeId = "spiffe://example.org/{account}/{session_name}" });

        Assert.Equal(["spiffe_id: unknown placeholder {session_name}"], errors);
    }

    [Fact]
    public void Validate_PlaceholderInVocabulary_Accepted()
    {
        var validator = new RegistrationEntryValidator(new RegistrationEntryValidatorOptions
        {
            TrustDomain = ExampleOrg,
            AllowedPlaceholderNames = new HashSet<string>(StringComparer.Ordinal) { "account" },
        });

        Assert.Empty(validator.Validate(Entry() with { SpiffeId = "spiffe://example.org/{account}" }));
    }

    [Fact]
    public void Validate_ConfiguredMaxima_AreEnforced()
    {
        var validator = new RegistrationEntryValidator(new RegistrationEntryValidatorOptions
        {
            TrustDomain = ExampleOrg,
            MaxX509SvidTtl = TimeSpan.FromHours(2),
            MaxJwtSvidTtl = TimeSpan.FromMinutes(10),
        });

        var errors = validator.Validate(Entry() with
        {
            X509SvidTtl = TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1),
            JwtSvidTtl = TimeSpan.FromMinutes(11),
        });

        Assert.Equal(
            ["x509_svid_ttl: must be between 60 and 7200 seconds", "jwt_svid_ttl: must be between 30 and 600 seconds"],
            errors);
    }

    [Fact]
    public void Constructor_ZeroTrustDomain_Throws() =>
        Assert.Throws<ArgumentException>(() => new RegistrationEntryValidator(new RegistrationEntryValidatorOptions { TrustDomain = default }));

    [Fact]
    public void Constructor_MaximumBelowMinimum_Throws() =>
        Assert.Throws<ArgumentException>(() => new RegistrationEntryValidator(
            new RegistrationEntryValidatorOptions { TrustDomain = ExampleOrg, MaxJwtSvidTtl = TimeSpan.FromSeconds(10) }));

    private static string LongDnsName(int length)
    {
        // Labels of 63 characters joined by dots, trimmed to the length, never ending in a dot.
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 5))[..length];
        return name.EndsWith('.') ? name[..^1] + "b" : name;
    }
}
