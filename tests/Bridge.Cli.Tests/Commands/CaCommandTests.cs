using System.Text.Json;
using Bridge.Cli.Commands;

namespace Bridge.Cli.Tests.Commands;

/// <summary><c>bridge ca show | rotate</c> over the local file backends, through the service's own composition.</summary>
public sealed class CaCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bridge-ca-");

    [Fact]
    public async Task RotateInit_FreshState_CreatesTheFirstKeyAndCa_ThenShowSeesThemFromAnotherRun()
    {
        var rotate = await RunAsync("rotate", "--init");
        var first = await RunAsync("show", "--json");
        var second = await RunAsync("show", "--json");

        Assert.True(rotate.Exit == 0, rotate.Output);
        Assert.Contains("Created", rotate.Output, StringComparison.Ordinal);
        Assert.Contains("Minted", rotate.Output, StringComparison.Ordinal);
        using var shown = JsonDocument.Parse(first.Output);
        var key = Assert.Single(shown.RootElement.GetProperty("jwt_keys").GetProperty("slots").EnumerateArray());
        Assert.Equal("Active", key.GetProperty("status").GetString());
        Assert.True(key.GetProperty("published").GetBoolean());
        var ca = Assert.Single(shown.RootElement.GetProperty("x509_cas").GetProperty("slots").EnumerateArray());
        Assert.Equal("Active", ca.GetProperty("status").GetString());

        // A second process composition reads the same persisted state: same key, same CA.
        Assert.Equal(first.Output, second.Output);
    }

    [Fact]
    public async Task Rotate_NothingDue_SaysSoAndChangesNothing()
    {
        await RunAsync("rotate", "--init");
        var before = await RunAsync("show", "--json");

        var again = await RunAsync("rotate");

        Assert.Equal(0, again.Exit);
        Assert.Contains("Nothing was due", again.Output, StringComparison.Ordinal);
        Assert.Equal(before.Output, (await RunAsync("show", "--json")).Output);
    }

    [Fact]
    public async Task Show_Tables_NameTheStoreAndListBothParts()
    {
        await RunAsync("rotate", "--init");

        var (exit, output) = await RunAsync("show");

        Assert.Equal(0, exit);
        Assert.Contains($"Rotation state: files in {Path.Combine(_dir.FullName, "state")}", output, StringComparison.Ordinal);
        Assert.Contains("JWT signing keys", output, StringComparison.Ordinal);
        Assert.Contains("X.509 intermediate CAs", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_InvalidSettings_ListsEveryProblemAndExitsTwo()
    {
        var (console, output) = TestConsoles.Create();

        var exit = await CaCommand.Create(console).Parse([
            "show", "--Bridge:Authority:TrustDomain=Not A Domain", "--Bridge:Backends:State=Nowhere", "--Bridge:Backends:Keys=Vault"])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        var text = output.ToString();
        Assert.Contains("TrustDomain", text, StringComparison.Ordinal);
        Assert.Contains("State: 'Nowhere'", text, StringComparison.Ordinal);
        Assert.Contains("Keys: 'Vault'", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("show")]
    [InlineData("rotate")]
    public async Task EmptyStore_IsRefusedNamingTheStore_AndNothingIsMinted(string command)
    {
        var (exit, output) = await RunAsync(command);

        Assert.Equal(CaCommand.EmptyStore, exit);
        Assert.Contains($"no signing key or CA yet in this store (rotation state: files in {Path.Combine(_dir.FullName, "state")}", output, StringComparison.Ordinal);
        Assert.Contains("bridge ca rotate --init", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_dir.FullName, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RelativeStatePath_ResolvesAgainstTheWorkingDirectory_AsTheServiceDoes()
    {
        // The service resolves its relative .bridge/ paths against the working directory (LocalStatePaths); the
        // command names the same absolute path for the same setting.
        var root = ".bridge-test-" + Guid.NewGuid().ToString("N");
        var relative = Path.Combine(root, "state");
        var (console, output) = TestConsoles.Create();
        var service = $"files in {Bridge.Authority.Files.LocalStatePaths.FullPath(relative)}";

        var exit = await CaCommand.Create(console).Parse([
            "show", $"--Bridge:Backends:StateDirectory={relative}", $"--Bridge:Backends:KeysDirectory={Path.Combine(root, "keys")}",
            $"--Bridge:Backends:RegistrationFile={Path.Combine(root, "entries.json")}", "--Bridge:Backends:RootCertificateFile="])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Directory.Delete(Path.GetFullPath(root), recursive: true);
        Assert.Equal(CaCommand.EmptyStore, exit);
        Assert.Equal($"files in {Path.GetFullPath(relative)}", service);
        Assert.Contains($"(rotation state: {service};", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var (console, output) = TestConsoles.Create();
        string[] settings =
        [
            $"--Bridge:Backends:KeysDirectory={Path.Combine(_dir.FullName, "keys")}",
            $"--Bridge:Backends:StateDirectory={Path.Combine(_dir.FullName, "state")}",
            $"--Bridge:Backends:RegistrationFile={Path.Combine(_dir.FullName, "entries.json")}",
            "--Bridge:Backends:RootCertificateFile=",
        ];
        var exit = await CaCommand.Create(console).Parse([.. args, .. settings]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        return (exit, output.ToString());
    }
}
