using System.Globalization;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation;
using Bridge.Authority.Rotation.Engine;
using Bridge.Cli.Authority;
using Bridge.Cli.Entries;
using Bridge.Cli.Tests.Commands;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.Tests.Output;

/// <summary>
/// <c>bridge entry list</c> tables on 100 to 140 column consoles and <c>bridge ca show</c> ones on 120 and 140: long SPIFFE IDs, X.509 names
/// and selectors are cut only at spaces and after <c>/ : , ; = . -</c>, never inside a segment; only opaque numbers and
/// thumbprints, which have no segments, may be folded anywhere.
/// </summary>
public sealed class CliTableWrappingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static readonly RegistrationEntry[] Entries =
    [
        new()
        {
            Id = "payments",
            SpiffeId = "spiffe://payments.prod.eu-west-1.example.org/aws/111122223333/role/payments-settlement-batch/{role_name}",
            ParentId = SpiffeId.Parse("spiffe://payments.prod.eu-west-1.example.org/bridge/attestor/aws-sts"),
            Selectors = [new Selector("aws", "account:111122223333"), new Selector("aws", "role:payments-settlement-batch")],
            Audiences = ["sts.amazonaws.com", "spiffe://payments.prod.eu-west-1.example.org/ledger/reconcile"],
            JwtSvidTtl = TimeSpan.FromMinutes(10),
            ExpiresAt = At,
            Revision = 3,
        },
        new()
        {
            Id = "ledger",
            SpiffeId = "spiffe://payments.prod.eu-west-1.example.org/k8s/ns/ledger-reconcile/sa/ledger-writer",
            ParentId = SpiffeId.Parse("spiffe://payments.prod.eu-west-1.example.org/bridge/attestor/k8s-oidc"),
            Selectors = [new Selector("k8s", "ns:ledger-reconcile"), new Selector("k8s", "sa:ledger-writer")],
            Revision = 1,
        },
    ];

    [Theory]
    [InlineData(100)]
    [InlineData(120)]
    [InlineData(140)]
    public void EntryList_LongSpiffeIds_CutOnlyAtBoundaries(int width)
    {
        var (console, output) = TestConsoles.Create();
        console.Profile.Width = width;

        EntryRendering.Write(console, Entries, json: false);

        var blocks = RenderedTables.Blocks(output.ToString());
        Assert.Equal(2, blocks.Count);
        AssertColumns(blocks[0], [["Entry", "SPIFFE ID", "Parent", "Selectors", "Audiences", "TTL (X.509 / JWT)", "Expires", "Rev"]], width);
        AssertColumns(blocks[1], [.. Entries.Select(e => new[]
        {
            e.Id, e.SpiffeId, e.ParentId.ToString(), string.Join("\n", e.Selectors), e.Audiences.Count == 0 ? "(no JWT-SVIDs)" : string.Join("\n", e.Audiences),
            e.JwtSvidTtl is null ? "default / default" : "default / 10m", e.ExpiresAt is null ? "never" : "2026-12-07 02:00:00Z",
            e.Revision.ToString(CultureInfo.InvariantCulture),
        })], width);
    }

    // At 100 columns neither table can fit whole: a row's unbreakable pieces (a 43-character key thumbprint, two
    // 32-digit serials, 15-character slot pieces) and headers need more than the console has, and Spectre folds what it
    // must.
    [Theory]
    [InlineData(120)]
    [InlineData(140)]
    public void CaShow_RealSizedNamesAndSlots_CutOnlyAtBoundariesOrInsideHexNumbers(int width)
    {
        var (console, output) = TestConsoles.Create();
        console.Profile.Width = width;
        const string issuer = "SERIALNUMBER=220CCD37A1B2C3D4E5F60718293A4B5C, O=SPIFFE, C=US";
        const string kid = "Xq3mZ0vA7tL2kP9sR4wY1nB6cD8eF5gH0jK2lM4nO6p";
        var cas = new X509CaDescription(7, [new X509CaSlotDescription(
            "x509-ca-20261207020000-ab12cd34", SlotStatus.Active, KeyType.EcP256, "5A3F0CCD37A1B2C3D4E5F60718293A4B", "0A1B2C3D",
            "SERIALNUMBER=9F8E7D6C5B4A39281706F5E4D3C2B1A0, O=SPIFFE, C=US", issuer, At, At.AddDays(7), At, At, At, null,
            ["0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"])]);
        var keys = new JwtKeySetDescription(4, [new JwtKeySlotInfo("jwt-20261207020000-0f1e2d3c", SlotStatus.Active, kid, KeyType.EcP256, true, At, At, At, null, null)], At);

        AuthorityRendering.WriteJwtKeys(console, keys);
        AuthorityRendering.WriteCas(console, cas);

        var blocks = RenderedTables.Blocks(output.ToString());
        Assert.Equal(4, blocks.Count);
        AssertColumns(blocks[0], [["Slot", "Status", "kid", "Type", "Published", "Prepared", "Activated", "Retired", "Published until"]], width);
        AssertColumns(blocks[2], [["Slot", "Status", "Serial", "Not before", "Not after", "Activated", "Issuer", "Upstream root (SHA-256)"]], width);
        AssertColumns(blocks[3], [["x509-ca-20261207020000-ab12cd34", "Active", "5A3F0CCD37A1B2C3D4E5F60718293A4B", "2026-12-07 02:00:00Z", "2026-12-14 02:00:00Z", "2026-12-07 02:00:00Z", issuer, "0123456789abcdef…"]], width);

        // A thumbprint is one opaque base64url word: it may be folded anywhere, but must be shown whole.
        Assert.Equal(kid, string.Concat(blocks[1].Select(line => line[2])));
        AssertColumns([.. blocks[1].Select(line => line.Where((_, column) => column != 2).ToArray())],
            [["jwt-20261207020000-0f1e2d3c", "Active", "EcP256", "yes", "2026-12-07 02:00:00Z", "2026-12-07 02:00:00Z", "-", "-"]], width);
    }

    /// <summary>Each column of a rendered block holds its cells' texts, in row order, cut only at boundaries.</summary>
    private static void AssertColumns(List<string[]> block, string[][] rows, int width)
    {
        Assert.All(block, line => Assert.Equal(rows[0].Length, line.Length));
        for (var column = 0; column < rows[0].Length; column++)
        {
            RenderedTables.AssertCutAtBoundaries([.. rows.Select(r => r[column])], block.Select(line => line[column]), width);
        }
    }
}
