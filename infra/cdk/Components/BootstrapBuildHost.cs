using Architecture = System.Runtime.InteropServices.Architecture;

namespace Bridge.Infrastructure.Components;

/// <summary>
/// What the machine running the CDK app offers to build the function's <c>bootstrap</c> from source: a local Native AOT
/// publish (<see cref="LocalBootstrapBundling"/>), or else Docker. Tests substitute both answers.
/// </summary>
/// <param name="CanPublishLocally">Whether <c>scripts/publish-bootstrap.sh</c> can run here for the architecture, given the repository root.</param>
/// <param name="FindDockerProblem">Null when Docker can bundle; otherwise why not, in one line.</param>
internal sealed record BootstrapBuildHost(Func<string, Architecture, bool> CanPublishLocally, Func<string?> FindDockerProblem)
{
    /// <summary>This machine, asked when the stack is built (Docker only when a local publish is impossible).</summary>
    public static BootstrapBuildHost Current { get; } =
        new(LocalBootstrapBundling.CanPublishHere, () => new DockerEngineProbe().FindProblem());
}
