using System.Security.Cryptography;
using Bridge.Agent.Workloads;
using Bridge.Agent.Workloads.Unix;
using Bridge.Testing.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Tests.Workloads;

/// <summary>Builds the attestors the way the agent does, over a given proc tree and account files.</summary>
internal static class WorkloadTestKit
{
    public static IOptions<WorkloadAttestorOptions> Options(Action<WorkloadAttestorOptions>? configure = null)
    {
        var options = new WorkloadAttestorOptions();
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public static UnixWorkloadAttestor Unix(
        ProcFileSystem? proc = null,
        Action<WorkloadAttestorOptions>? configure = null,
        ExecutableDigests? digests = null,
        UnixAccountNames? accounts = null,
        CapturingLogger<UnixWorkloadAttestor>? logger = null) =>
        new(proc ?? new ProcFileSystem(), accounts ?? new UnixAccountNames(), digests ?? Digests(), Options(configure), logger ?? new CapturingLogger<UnixWorkloadAttestor>());

    public static ExecutableDigests Digests() => new(new CapturingLogger<ExecutableDigests>());

    public static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A copy of sleep at a path of the test's choosing (another file, so it may be deleted or replaced).</summary>
    public static string CopyOfSleep(string directory, string name = "sleep-copy")
    {
        var path = Path.Combine(directory, name);
        File.Copy("/usr/bin/sleep", path);
        return path;
    }

    public static async Task<IReadOnlyList<string>> AttestAsync(this IWorkloadAttestor attestor, int processId, uint userId = 0, uint groupId = 0) =>
        await attestor.AttestAsync(new PeerCredentials(processId, userId, groupId), TestContext.Current.CancellationToken);
}
