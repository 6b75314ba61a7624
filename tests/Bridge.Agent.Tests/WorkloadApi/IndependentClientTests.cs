using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bridge.Testing;

namespace Bridge.Agent.Tests.WorkloadApi;

/// <summary>
/// The closest check here that a standard SPIFFE client works unchanged: Node's grpc-js, which shares no code with
/// Bridge, loads our proto file and talks to the agent over <c>unix:///path</c> (tests/workload-api-clients/node).
/// </summary>
public sealed class IndependentClientTests
{
    private static readonly string ClientDirectory = RepositoryRoot.Combine("tests", "workload-api-clients", "node");

    [Fact]
    public async Task GrpcJs_LoadingOurProto_FetchesX509SvidAndJwtSvid_AndIsRefusedWithoutTheHeader()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await EnsureInstalledAsync(cancellation);
        await using var host = await WorkloadApiHost.StartAsync();
        var web = host.TrustDomain.Identity("/web", ["unix:uid:0"], hint: "web");
        host.Cache.Publish([web]);

        var run = await ExternalTool.RunAsync(
            "node",
            ClientDirectory,
            ["workload-client.mjs", RepositoryRoot.Combine("src", "WorkloadApi", "Protos", "workload.proto"), $"unix://{host.SocketPath}"],
            cancellation);

        Assert.True(run.ExitCode == 0, run.Output);
        TestContext.Current.SendDiagnosticMessage(run.StandardOutput);
        using var result = JsonDocument.Parse(run.StandardOutput);
        var root = result.RootElement;
        Assert.Equal("INVALID_ARGUMENT", root.GetProperty("withoutHeader").GetString());
        var svid = Assert.Single(root.GetProperty("x509").EnumerateArray().ToArray());
        Assert.Equal("spiffe://example.org/web", svid.GetProperty("spiffe_id").GetString());
        Assert.Equal("web", svid.GetProperty("hint").GetString());
        Assert.Equal(web.X509Svid!.ChainDer.ToArray(), svid.GetProperty("x509_svid").GetBytesFromBase64());
        Assert.Equal(host.TrustDomain.Root.RawData, svid.GetProperty("bundle").GetBytesFromBase64());
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(svid.GetProperty("x509_svid_key").GetBytesFromBase64(), out _);
        using var leaf = X509CertificateLoader.LoadCertificate(svid.GetProperty("x509_svid").GetBytesFromBase64());
        using var pair = leaf.CopyWithPrivateKey(key);
        var jwt = root.GetProperty("jwt");
        Assert.Equal("spiffe://example.org/web", jwt.GetProperty("spiffe_id").GetString());
        Assert.Equal("spiffe://example.org/web", jwt.GetProperty("validated_spiffe_id").GetString());
        Assert.True(jwt.TryGetProperty("sub", out var sub), run.StandardOutput);
        Assert.Equal("spiffe://example.org/web", sub.GetString());
    }

    private static async Task EnsureInstalledAsync(CancellationToken cancellation)
    {
        if (Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "@grpc", "grpc-js")))
        {
            return;
        }

        // The pinned versions from package-lock.json, from the npm registry (as test.sh installs DynamoDB Local).
        var install = await ExternalTool.RunAsync("npm", ClientDirectory, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], cancellation);
        Assert.True(install.ExitCode == 0, install.Output);
    }
}
