using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Bridge.Infrastructure.Settings;
using Constructs;

namespace Bridge.Infrastructure.Components;

/// <summary>
/// The function's code: a prebuilt <c>bootstrap</c> directory when <c>bridge:bootstrapDir</c> names one, otherwise the
/// exchange built from this repository's source (never a stale <c>bin/</c> path).
/// </summary>
internal static class BootstrapCode
{
    /// <summary>The build script, relative to the repository root: <c>publish-bootstrap.sh &lt;rid&gt; &lt;outdir&gt;</c>.</summary>
    public const string PublishScript = "scripts/publish-bootstrap.sh";

    /// <summary>The fallback build image (Amazon Linux 2023); it must provide the .NET SDK and clang for Native AOT.</summary>
    public const string BuildImage = "public.ecr.aws/sam/build-provided.al2023";

    // Only what `dotnet publish src/ExchangeFunction` reads is hashed and sent to Docker.
    private static readonly string[] SourceExcludes =
    [
        ".git", ".bridge", "cdk.out", "artifacts", "benchmarks", "docs", "events", "infra", "tests", "tools",
        "**/bin", "**/obj", "**/node_modules", "**/TestResults",
    ];

    /// <summary>The function's code asset in <paramref name="scope"/>'s stack.</summary>
    /// <exception cref="InvalidOperationException">
    /// The bootstrap must be built for this synth, this machine cannot publish it itself and Docker is unavailable.
    /// </exception>
    public static Code Create(Construct scope, StageSettings settings, BootstrapBuildHost host)
    {
        if (settings.BootstrapDir is not null)
        {
            return Code.FromAsset(settings.BootstrapDir);
        }

        var root = FindRepositoryRoot();
        var architecture = settings.Arm64 ? System.Runtime.InteropServices.Architecture.Arm64 : System.Runtime.InteropServices.Architecture.X64;

        // Checked before the CDK stages the asset (it bundles while the stack is built), and only when this synth bundles
        // the stack at all: `cdk deploy Bridge-<stage>-State` needs no bootstrap.
        if (!host.CanPublishLocally(root, architecture) && Stack.Of(scope).BundlingRequired && host.FindDockerProblem() is { } dockerProblem)
        {
            throw new InvalidOperationException(DockerUnavailableMessage(settings, dockerProblem));
        }

        return Code.FromAsset(root, new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            Exclude = SourceExcludes,
            Bundling = new BundlingOptions
            {
                Image = DockerImage.FromRegistry(BuildImage),
                Platform = settings.Arm64 ? "linux/arm64" : "linux/amd64",
                Command = ["bash", "-c", $"./{PublishScript} {settings.RuntimeIdentifier} /asset-output"],
                Local = new LocalBootstrapBundling(root, settings.RuntimeIdentifier, architecture, host.CanPublishLocally),
            },
        });
    }

    private static string DockerUnavailableMessage(StageSettings settings, string dockerProblem)
    {
        var rid = settings.RuntimeIdentifier;
        return $"Cannot build the exchange function's bootstrap ({rid}): this machine cannot publish it itself (that needs Linux on "
            + $"{(settings.Arm64 ? "arm64" : "x86_64")} with the .NET SDK), and Docker cannot build it either: {dockerProblem}. "
            + $"Publish it where Native AOT can ({PublishScript} {rid} DIR) and pass -c {ContextKeys.BootstrapDir}=DIR "
            + "(docs/deploy.md, \"Offline synth\").";
    }

    /// <summary>The directory holding Bridge.sln, searched upwards from the working directory (cdk runs at the root).</summary>
    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Bridge.sln not found above {Directory.GetCurrentDirectory()}: run cdk from the repository, or pass -c {ContextKeys.BootstrapDir}=<dir>.");
    }
}
