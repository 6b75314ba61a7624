using Bridge.Cli.Commands;
using Bridge.Cli.Demo;
using Bridge.Cli.Tests.Output;

namespace Bridge.Cli.Tests.Commands;

/// <summary>The demo's summary table as a terminal shows it: denial reasons, and long identifiers cut only at boundaries.</summary>
public sealed class DemoSummaryTests
{
    private static readonly DemoStep[] Steps =
    [
        new("Register role 'payments'", "entry stored", true,
            "spiffe://example.org/aws/{account}/role/{role_name} ← aws:account:111122223333, aws:role:payments"),
        new("payments: X.509-SVID chains to the bundle", "valid", true,
            "spiffe://example.org/aws/111122223333/role/payments-settlement, expires 2026-12-07 02:00:00Z"),
        new("DENY unregistered role 'reporting' asks for a JWT-SVID", "refused", true, "400 invalid_request", DemoRunner.Describe("NotRegistered")),
        new("DENY payments' subject token used a second time", "refused", true, "400 invalid_request", DemoRunner.Describe("Replayed")),
        new("DENY a client without an SVID connects to ledger", "handshake refused", true, "ledger saw peer presented no certificate",
            MutualTlsCheck.Describe(MutualTlsCheck.Refusal.NoSvid)),
        new("DENY ledger's own SVID where payments is expected", "handshake refused", true, "ledger saw spiffe://example.org/ledger",
            MutualTlsCheck.Describe(MutualTlsCheck.Refusal.WrongSvid)),
    ];

    [Fact]
    public void Summary_DenialRows_NameTheReason()
    {
        var rows = Render(200);

        Assert.Equal(["Step", "Expected", "Result", "Reason", "Detail"], rows[0][0]);
        Assert.Equal(["not registered", "replayed", "no SVID", "wrong SVID"], rows.Skip(3).Select(r => r[0][3]));
        Assert.Equal(string.Empty, rows[1][0][3]);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(120)]
    [InlineData(140)]
    public void Summary_NarrowConsole_CutsTextOnlyAtSpacesAndPathBoundaries(int width)
    {
        var rows = Render(width);

        // Row by row and column by column, the lines of a cell must be the cell's text cut at a space or after / : , only.
        Assert.Equal(Steps.Length + 1, rows.Count);
        for (var step = 0; step < Steps.Length; step++)
        {
            string[] texts = [Steps[step].Name, Steps[step].Expected, string.Empty, Steps[step].Reason ?? string.Empty, Steps[step].Detail];
            foreach (var column in new[] { 0, 1, 3, 4 })
            {
                RenderedTables.AssertCutAtBoundaries([texts[column]], rows[step + 1].Select(line => line[column]), width);
            }
        }
    }

    /// <summary>The rendered table's rows (the header first), each as its lines, each line as its trimmed cells.</summary>
    private static List<List<string[]>> Render(int width)
    {
        var (console, output) = TestConsoles.Create();
        console.Profile.Width = width;
        var table = DemoCommand.BuildSummary(Steps, width);
        table.ShowRowSeparators = true;
        console.Write(table);

        return RenderedTables.Blocks(output.ToString());
    }
}
