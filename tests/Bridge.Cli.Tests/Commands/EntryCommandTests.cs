using Bridge.Cli.Commands;

namespace Bridge.Cli.Tests.Commands;

public sealed class EntryCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bridge-entries-");

    [Fact]
    public void Validate_ValidFile_ListsEntriesAndSucceeds()
    {
        var file = Write("""
            { "entries": [ {
                "id": "payments",
                "spiffe_id": "spiffe://example.org/aws/{account}/role/{role_name}",
                "parent_id": "spiffe://example.org/bridge/attestor/aws-sts",
                "selectors": ["aws:account:111122223333", "aws:role:payments"],
                "audiences": ["ledger"]
            } ] }
            """);
        var (console, output) = TestConsoles.Create();

        Assert.Equal(0, EntryCommand.Validate(file, "example.org", console));
        Assert.Contains("1 valid entries", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("aws:role:payments", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FileWithSeveralProblems_ReportsEveryErrorAndFails()
    {
        var file = Write("""
            { "entries": [ {
                "id": "bad",
                "spiffe_id": "spiffe://other.org/x",
                "parent_id": "spiffe://example.org/bridge/attestor/aws-sts",
                "selectors": []
            }, {
                "id": "reserved",
                "spiffe_id": "spiffe://example.org/bridge/agent",
                "parent_id": "spiffe://example.org/bridge/attestor/aws-sts",
                "selectors": ["aws:role:x"]
            } ] }
            """);
        var (console, output) = TestConsoles.Create();

        Assert.Equal(1, EntryCommand.Validate(file, "example.org", console));
        var text = output.ToString();
        Assert.Contains("spiffe_id", text, StringComparison.Ordinal);
        Assert.Contains("selectors", text, StringComparison.Ordinal);
        Assert.Contains("reserved", text, StringComparison.Ordinal);
        Assert.Contains("3 error(s)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFile_ExitsTwo()
    {
        var (console, output) = TestConsoles.Create();
        Assert.Equal(2, EntryCommand.Validate(new FileInfo(Path.Combine(_dir.FullName, "absent.json")), "example.org", console));
        Assert.Contains("does not exist", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadTrustDomain_ExitsTwo()
    {
        var (console, _) = TestConsoles.Create();
        Assert.Equal(2, EntryCommand.Validate(Write("{}"), "Not A Domain", console));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private FileInfo Write(string json)
    {
        var path = Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return new FileInfo(path);
    }
}
