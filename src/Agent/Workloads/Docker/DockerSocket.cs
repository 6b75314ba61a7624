namespace Bridge.Agent.Workloads.Docker;

/// <summary>The <c>unix://</c> address form of the Docker socket setting (the one Docker's own <c>DOCKER_HOST</c> uses).</summary>
internal static class DockerSocket
{
    private const string Scheme = "unix://";

    /// <summary>The socket's absolute path, or null when <paramref name="address"/> is not <c>unix://</c> and an absolute path.</summary>
    public static string? TryGetPath(string? address)
    {
        if (address is null || !address.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }

        var path = address[Scheme.Length..];
        return path.Length > 1 && path.StartsWith('/') && !path.Any(char.IsControl) ? path : null;
    }
}
