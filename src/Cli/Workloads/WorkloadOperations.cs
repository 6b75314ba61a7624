using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Bridge.Client.WorkloadApi;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Bridge.Spiffe.Tls;
using Grpc.Core;

namespace Bridge.Cli.Workloads;

/// <summary>
/// What <c>bridge workload</c> does as a workload: asks the local agent's SPIFFE Workload API for this process's
/// identity and uses it for mutual TLS with another workload. Each line it prints is a complete fact, so a person reads
/// it and a script (the lab, the demo) parses it: <c>listening on</c>, <c>accepted</c>, <c>refused</c>, <c>connected</c>.
/// </summary>
internal sealed class WorkloadOperations(WorkloadApiOptions options, TextWriter output, TimeProvider time)
{
    public const int Succeeded = 0;
    public const int Refused = 1;
    public const int UsageError = 2;
    public const int Unavailable = 3;

    // What the two sides say once the handshake is done: proof that application data flowed over the channel.
    private const string Greeting = "hello over mTLS from ";

    /// <summary><c>fetch</c>: this process's X.509-SVID, once.</summary>
    public async Task<int> FetchX509Async(CancellationToken cancellationToken)
    {
        var (client, failure) = Connect();
        if (client is null)
        {
            return failure;
        }

        using (client)
        {
            try
            {
                var response = await client.FetchX509SvidAsync(time, cancellationToken).ConfigureAwait(false);
                var leaf = response.Svid.Leaf;
                await WriteAsync($"spiffe_id   {response.Svid.Id}").ConfigureAwait(false);
                await WriteAsync($"hint        {response.Hint ?? "-"}").ConfigureAwait(false);
                await WriteAsync($"serial      {leaf.SerialNumber}").ConfigureAwait(false);
                await WriteAsync($"not_after   {Format(leaf.NotAfter)}").ConfigureAwait(false);
                await WriteAsync($"chain       {response.Svid.Certificates.Count} certificate(s), key {leaf.PublicKey.Oid.FriendlyName}").ConfigureAwait(false);
                await WriteAsync($"bundles     {string.Join(", ", response.Bundles.Bundles.Select(b => b.TrustDomain.ToString()))}").ConfigureAwait(false);
                return Succeeded;
            }
            catch (WorkloadApiException ex)
            {
                return await RefusalAsync(ex).ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>jwt</c>: a JWT-SVID for <paramref name="audience"/>, printed with its claims (the token is the output asked for).</summary>
    public async Task<int> FetchJwtAsync(IReadOnlyList<string> audience, bool printToken, CancellationToken cancellationToken)
    {
        var (client, failure) = Connect();
        if (client is null)
        {
            return failure;
        }

        using (client)
        {
            try
            {
                var svid = await new WorkloadApiJwtSource(client, time).FetchJwtSvidAsync(audience, cancellationToken: cancellationToken).ConfigureAwait(false);
                await WriteAsync($"spiffe_id   {svid.Id}").ConfigureAwait(false);
                await WriteAsync($"audience    {string.Join(", ", svid.Audience)}").ConfigureAwait(false);
                await WriteAsync($"expires_at  {Format(svid.ExpiresAt.UtcDateTime)}").ConfigureAwait(false);
                if (printToken)
                {
                    await WriteAsync(svid.Token).ConfigureAwait(false);
                }

                return Succeeded;
            }
            catch (WorkloadApiException ex)
            {
                return await RefusalAsync(ex).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <c>mtls-serve</c>: listens on loopback, then for each of <paramref name="connections"/> connections runs a TLS
    /// handshake that requires a client SVID from the bundle and one of <paramref name="allowed"/>, and greets it.
    /// </summary>
    public async Task<int> ServeAsync(int port, IReadOnlySet<SpiffeId> allowed, int connections, CancellationToken cancellationToken)
    {
        var (client, failure) = Connect();
        if (client is null)
        {
            return failure;
        }

        using (client)
        {
            await using var source = new WorkloadApiX509Source(client, time);
            X509Svid svid;
            try
            {
                svid = (await client.FetchX509SvidAsync(time, cancellationToken).ConfigureAwait(false)).Svid;
            }
            catch (WorkloadApiException ex)
            {
                return await RefusalAsync(ex).ConfigureAwait(false);
            }

            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            await WriteAsync($"listening on {listener.LocalEndpoint} as {svid.Id}").ConfigureAwait(false);
            var refused = 0;
            for (var i = 0; i < connections; i++)
            {
                using var socket = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                var outcome = await ServeOneAsync(socket, source, allowed, cancellationToken).ConfigureAwait(false);
                refused += outcome ? 0 : 1;
            }

            return refused == 0 ? Succeeded : Refused;
        }
    }

    /// <summary>
    /// <c>mtls-connect</c>: connects to <paramref name="port"/> on loopback with this process's SVID and accepts the
    /// server only if its SVID is one of <paramref name="allowed"/>. When the agent issues no identity and
    /// <paramref name="trustBundle"/> is given, it still tries, presenting no certificate, to show what the server does.
    /// </summary>
    public async Task<int> ConnectAsync(int port, IReadOnlySet<SpiffeId> allowed, SpiffeBundle? trustBundle, CancellationToken cancellationToken)
    {
        var (client, failure) = Connect();
        if (client is null)
        {
            return failure;
        }

        using (client)
        {
            SslClientAuthenticationOptions tls;
            try
            {
                var response = await client.FetchX509SvidAsync(time, cancellationToken).ConfigureAwait(false);
                tls = SpiffeTls.CreateClientOptions(response.Svid, response.Bundles, allowed.Contains, time);
            }
            catch (WorkloadApiException ex) when (ex.StatusCode == StatusCode.PermissionDenied && trustBundle is not null)
            {
                await RefusalAsync(ex).ConfigureAwait(false);
                tls = new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    AllowTlsResume = false,
                    RemoteCertificateValidationCallback = SpiffeTls.CreateValidator(trustBundle, allowed.Contains, time),
                };
            }
            catch (WorkloadApiException ex)
            {
                return await RefusalAsync(ex).ConfigureAwait(false);
            }

            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                await using var stream = new SslStream(socket.GetStream());
                await stream.AuthenticateAsClientAsync(tls, cancellationToken).ConfigureAwait(false);

                // In TLS 1.3 the client finishes before the server has judged its certificate: only the server's
                // greeting proves the server accepted this client.
                var greeting = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
                if (greeting is null || !greeting.StartsWith(Greeting, StringComparison.Ordinal))
                {
                    await WriteAsync("refused: the server closed the connection without a greeting (it did not accept this client)").ConfigureAwait(false);
                    return Refused;
                }

                await WriteAsync($"connected to {greeting[Greeting.Length..]}: mutual TLS, each side checked the other's SPIFFE ID").ConfigureAwait(false);
                return tls.ClientCertificateContext is null ? Refused : Succeeded;
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException)
            {
                await WriteAsync("refused: the TLS handshake failed (" + ex.GetType().Name + ")").ConfigureAwait(false);
                return Refused;
            }
        }
    }

    private async Task<bool> ServeOneAsync(TcpClient socket, WorkloadApiX509Source source, IReadOnlySet<SpiffeId> allowed, CancellationToken cancellationToken)
    {
        SpiffeId? seen = null;
        var options = await SpiffeTls.CreateServerOptionsAsync(source, id => (seen = id) is { } s && allowed.Contains(s), time, cancellationToken).ConfigureAwait(false);
        var verify = options.RemoteCertificateValidationCallback!;
        string? refusal = null;
        options.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            var accepted = verify(sender, certificate, chain, errors);
            refusal = accepted ? null
                : certificate is null ? "the client presented no certificate"
                : seen is null ? "the client's certificate is not an SVID of a trusted bundle"
                : $"{seen} is not allowed";
            return accepted;
        };

        await using var stream = new SslStream(socket.GetStream());
        try
        {
            await stream.AuthenticateAsServerAsync(options, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Greeting + source.Current!.Id + "\n"), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            await WriteAsync($"accepted {seen}").ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await WriteAsync("refused: " + (refusal ?? "the TLS handshake failed")).ConfigureAwait(false);
            return false;
        }
    }

    private (WorkloadApiClient? Client, int Failure) Connect()
    {
        try
        {
            return (new WorkloadApiClient(options), Succeeded);
        }
        catch (ArgumentException ex)
        {
            output.WriteLine("error: " + ex.Message.Split(" (Parameter")[0] + $" Pass --socket or set {WorkloadApiOptions.EndpointSocketVariable}.");
            return (null, UsageError);
        }
    }

    private async Task<int> RefusalAsync(WorkloadApiException ex)
    {
        var (text, code) = ex.StatusCode switch
        {
            StatusCode.PermissionDenied => ("no identity issued: the agent answered PermissionDenied (no registration entry matches this process)", Refused),
            StatusCode.Unavailable => ("the Workload API is unavailable (is the agent running, and is this the right socket?)", Unavailable),
            StatusCode.DeadlineExceeded => ("the Workload API did not answer in time", Unavailable),
            _ => ($"the Workload API answered {ex.StatusCode}: {ex.Message}", Refused),
        };
        await WriteAsync("refused: " + text).ConfigureAwait(false);
        return code;
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Array.IndexOf(buffer, (byte)'\n', 0, length) >= 0)
            {
                break;
            }
        }

        return length == 0 ? null : Encoding.UTF8.GetString(buffer, 0, length).TrimEnd('\n');
    }

    private async Task WriteAsync(string line)
    {
        await output.WriteLineAsync(line).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static string Format(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
