using System.Security.Cryptography;
using Bridge.Authority.Registration;
using Bridge.Authority.Tests.Ca;
using Bridge.Spiffe.Id;
using static Bridge.Authority.Tests.Registration.TestEntries;

namespace Bridge.Authority.Tests.Registration;

/// <summary>
/// The one DNS-name rule: its cases, and that the entry validator and the X.509-SVID issuer agree on every one of
/// them (an entry the validator accepts can always be issued; one it refuses is never issued).
/// </summary>
public sealed class DnsNameTests
{
    private static readonly SpiffeId Workload = SpiffeId.Parse("spiffe://example.org/web");

    public static TheoryData<string> ValidNames =>
    [
        "web.example.org",
        "*.web.example.org",
        "*.example.org",
        "localhost",
        "a-b.c1",
        "WEB.Example.ORG",
        "xn--bcher-kva.example",
        "xn--mnchen-3ya.de",
        "1.example.org",
        "0x1.example",
        new string('a', 63) + ".org",
        LongName(253),
    ];

    public static TheoryData<string, string> InvalidNames => new()
    {
        { "", "is empty" },
        { "*.com", "wildcard over a single label" },
        { "*.localhost", "wildcard over a single label" },
        { "*", "wildcard over a single label" },
        { "*.", "ends with a dot" },
        { "web.example.org.", "ends with a dot" },
        { "a.*.example.org", "wildcard other than the whole left-most label" },
        { "*.*.example.org", "wildcard other than the whole left-most label" },
        { "w*.example.org", "wildcard other than the whole left-most label" },
        { "**.example.org", "wildcard other than the whole left-most label" },
        { "-web.example.org", "starting or ending with '-'" },
        { "web-.example.org", "starting or ending with '-'" },
        { "we_b.example.org", "character other than" },
        { "web example.org", "character other than" },
        { "web..example.org", "empty label" },
        { ".example.org", "empty label" },
        { "bücher.example", "not ASCII" },
        { "xn--.example", "starting or ending with '-'" },
        { "xn--zzzzzzzzzzzzzz.example", "not valid punycode" },
        { "192.168.0.1", "all-numeric label" },
        { "example.123", "all-numeric label" },
        { new string('a', 64) + ".org", "label longer than 63" },
        { LongName(254), "longer than 253" },
    };

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Check_ValidName_HasNoProblem(string name) => Assert.Null(DnsName.Check(name));

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Check_InvalidName_SaysWhy(string name, string problem)
    {
        Assert.Contains(problem, DnsName.Check(name), StringComparison.Ordinal);
        Assert.False(DnsName.IsValid(name));
    }

    [Fact]
    public void Check_Null_IsEmpty() => Assert.Equal("is empty", DnsName.Check(null));

    [Theory]
    [MemberData(nameof(ValidNames))]
    public async Task ValidatorAndIssuer_AcceptTheSameName(string name)
    {
        Assert.Empty(Validator.Validate(Entry() with { DnsNames = [name] }));
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [name], TimeSpan.FromHours(1), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([name], CertificateInspector.SubjectAlternativeNames(result.Leaf!).DnsNames);
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task ValidatorAndIssuer_RefuseTheSameName(string name, string problem)
    {
        var errors = Validator.Validate(Entry() with { DnsNames = [name] });
        Assert.StartsWith("dns_names[0]: not a valid DNS name: it ", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Contains(problem, errors[0], StringComparison.Ordinal);
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        await Assert.ThrowsAsync<ArgumentException>(
            () => fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [name], TimeSpan.FromHours(1), CancellationToken.None));
    }

    private static string LongName(int length)
    {
        // Labels of 63 characters joined by dots, trimmed to the length, never ending in a dot.
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 5))[..length];
        return name.EndsWith('.') ? name[..^1] + "b" : name;
    }
}
