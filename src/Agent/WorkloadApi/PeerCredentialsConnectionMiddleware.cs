using System.Net.Sockets;
using System.Runtime.InteropServices;
using Bridge.Agent.Workloads;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// Reads <c>SO_PEERCRED</c> when a caller connects to the socket: the kernel recorded the caller's pid, uid and gid at
/// <c>connect()</c>, so nothing here comes from the workload. A connection whose credentials cannot be read carries no
/// <see cref="PeerCredentialsFeature"/> and every call on it is refused.
/// </summary>
internal static class PeerCredentialsConnectionMiddleware
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
    private const int UcredSize = 12;

    private static readonly ProcFileSystem Proc = new();

    public static ConnectionDelegate Create(ConnectionDelegate next) => connection =>
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket && TryRead(socket, out var credentials))
        {
            // Taken after the caller's connect(): attestation refuses a PID whose process started after this moment.
            connection.Features.Set(new PeerCredentialsFeature(credentials with { ConnectedAtTicks = Proc.ReadUptimeTicks() }));
        }

        return next(connection);
    };

    /// <summary>The peer of a connected Unix socket; false when the kernel gives none (or pid 0, which names no process).</summary>
    public static bool TryRead(Socket socket, out PeerCredentials credentials)
    {
        credentials = default;
        Span<byte> ucred = stackalloc byte[UcredSize];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) != UcredSize)
            {
                return false;
            }
        }
        catch (SocketException)
        {
            return false;
        }

        var processId = MemoryMarshal.Read<int>(ucred);
        if (processId <= 0)
        {
            return false;
        }

        credentials = new PeerCredentials(processId, MemoryMarshal.Read<uint>(ucred[4..]), MemoryMarshal.Read<uint>(ucred[8..]));
        return true;
    }
}
