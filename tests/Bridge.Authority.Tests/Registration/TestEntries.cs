using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Tests.Registration;

/// <summary>Entries and a validator for trust domain example.org.</summary>
internal static class TestEntries
{
    public static readonly TrustDomain ExampleOrg = TrustDomain.Parse("example.org");
    public static readonly SpiffeId Parent = SpiffeId.Parse("spiffe://example.org/bridge/attestor/aws-sts");
    public static readonly SpiffeId OtherParent = SpiffeId.Parse("spiffe://example.org/bridge/attestor/eks");
    public static readonly Selector Account = Selector.Parse("aws:account:123456789012");
    public static readonly Selector Role = Selector.Parse("aws:role:web");
    public static readonly Selector Region = Selector.Parse("aws:region:eu-west-1");

    public static RegistrationEntryValidator Validator { get; } = new(new RegistrationEntryValidatorOptions { TrustDomain = ExampleOrg });

    public static RegistrationEntry Entry(string id = "web", params Selector[] selectors) => new()
    {
        Id = id,
        SpiffeId = $"spiffe://example.org/workload/{id}",
        ParentId = Parent,
        Selectors = selectors.Length == 0 ? [Account] : selectors,
    };
}
