using Bridge.Cli.Output;

namespace Bridge.Cli.Tests.Output;

public sealed class WrappedTextTests
{
    private const string SpiffeId = "spiffe://example.org/aws/111122223333/role/payments";

    public static TheoryData<string, string, int, string[]> Cases => new()
    {
        { "ok/fits on one line", SpiffeId, 60, [SpiffeId] },
        { "ok/SPIFFE ID breaks after a slash", SpiffeId, 30, ["spiffe://example.org/aws/", "111122223333/role/payments"] },
        { "ok/scheme stays whole", SpiffeId, 12, ["spiffe://", "example.org/", "aws/", "111122223333", "/role/", "payments"] },
        { "ok/words move whole to the next line", "ledger saw peer presented no certificate", 16, ["ledger saw peer", "presented no", "certificate"] },
        { "ok/a long word starts its own line", "issued to " + SpiffeId, 30, ["issued to", "spiffe://example.org/aws/", "111122223333/role/payments"] },
        { "ok/ARN breaks after a colon", "arn:aws:iam::111122223333:role/payments", 20, ["arn:aws:iam::", "111122223333:role/", "payments"] },
        { "ok/selector list breaks after a comma or colon", "aws:account:111122223333,aws:role:payments", 26, ["aws:account:111122223333,", "aws:role:payments"] },
        { "ok/a segment wider than the column breaks after a dot or hyphen", "spiffe://payments.prod.example.org/ledger-reconciliation", 16,
            ["spiffe://", "payments.prod.", "example.org/", "ledger-", "reconciliation"] },
        { "ok/a path break is kept where it fits, before any dot or hyphen", "spiffe://prod.example.org/ledger-writer", 30, ["spiffe://prod.example.org/", "ledger-writer"] },
        { "ok/a segment wider than the column is folded", "400 invalid_request", 10, ["400", "invalid_re", "quest"] },
        { "ok/line breaks are kept", "a\nb", 10, ["a", "b"] },
        { "ok/empty", string.Empty, 10, [string.Empty] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Wrap_BreaksOnlyAtBoundaries(string name, string text, int width, string[] expected)
    {
        var lines = WrappedText.Wrap(text, width);

        Assert.True(expected.SequenceEqual(lines), $"{name}: [{string.Join(" | ", lines)}]");
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{name}: '{l}' is wider than {width}"));
    }
}
