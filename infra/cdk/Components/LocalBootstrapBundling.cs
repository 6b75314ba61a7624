using System.Diagnostics;
using System.Runtime.InteropServices;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;
using Architecture = System.Runtime.InteropServices.Architecture;

namespace Bridge.Infrastructure.Components;

/// <summary>
/// Builds the Native AOT <c>bootstrap</c> on this machine with <c>scripts/publish-bootstrap.sh</c> when it can: a Linux
/// host of the function's architecture (Native AOT does not cross-compile between architectures without a cross
/// toolchain) with the .NET SDK on PATH. Otherwise it declines and the CDK bundles in the Docker image instead.
/// </summary>
internal sealed class LocalBootstrapBundling : DeputyBase, ILocalBundling
{
    private readonly string _repositoryRoot;
    private readonly string _runtimeIdentifier;
    private readonly Architecture _architecture;
    private readonly Func<string, Architecture, bool> _canPublishHere;

    /// <param name="canPublishHere"><see cref="CanPublishHere"/>, or what a test says about the host.</param>
    public LocalBootstrapBundling(string repositoryRoot, string runtimeIdentifier, Architecture architecture, Func<string, Architecture, bool> canPublishHere)
    {
        _repositoryRoot = repositoryRoot;
        _runtimeIdentifier = runtimeIdentifier;
        _architecture = architecture;
        _canPublishHere = canPublishHere;
    }

    /// <summary>Whether this machine can publish the bootstrap for <paramref name="architecture"/> itself (no Docker).</summary>
    public static bool CanPublishHere(string repositoryRoot, Architecture architecture) =>
        OperatingSystem.IsLinux()
        && RuntimeInformation.OSArchitecture == architecture
        && IsOnPath("dotnet")
        && File.Exists(Path.Combine(repositoryRoot, BootstrapCode.PublishScript));

    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        if (!_canPublishHere(_repositoryRoot, _architecture))
        {
            return false;
        }

        var script = Path.Combine(_repositoryRoot, BootstrapCode.PublishScript);
        var start = new ProcessStartInfo("bash") { WorkingDirectory = _repositoryRoot, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(_runtimeIdentifier);
        start.ArgumentList.Add(outputDir);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash for " + script);
        process.WaitForExit();

        // A failed local build is a build error to see, not a reason to try a slower Docker build of the same code.
        return process.ExitCode == 0
            ? true
            : throw new InvalidOperationException($"{BootstrapCode.PublishScript} {_runtimeIdentifier} failed with exit code {process.ExitCode}.");
    }

    private static bool IsOnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
