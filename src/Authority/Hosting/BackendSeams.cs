using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Abstractions.State;
using Bridge.Abstractions.Upstream;

namespace Bridge.Authority.Hosting;

/// <summary>
/// The seams a backend can serve, each named as its key in <c>Bridge:Backends</c> (<c>Bridge:Backends:Keys=Kms</c>),
/// and the interface the authority consumes it through.
/// </summary>
public static class BackendSeams
{
    /// <summary><see cref="IKeyManager"/>: where signing keys live.</summary>
    public const string Keys = "Keys";

    /// <summary><see cref="IRegistrationStore"/>: the registration entries.</summary>
    public const string Registration = "Registration";

    /// <summary><see cref="IReplayCache"/>: single use of subject tokens and proofs.</summary>
    public const string Replay = "Replay";

    /// <summary><see cref="IAuthorityStateStore"/>: the rotation state shared by every instance.</summary>
    public const string State = "State";

    /// <summary><see cref="INodeStore"/>: attested-node records.</summary>
    public const string Nodes = "Nodes";

    /// <summary><see cref="IUpstreamAuthority"/>: who signs Bridge's intermediate CA.</summary>
    public const string Upstream = "Upstream";

    /// <summary>The seam served through <paramref name="seamType"/>.</summary>
    /// <exception cref="ArgumentException">The type is not one of the seams' interfaces.</exception>
    public static string Of(Type seamType)
    {
        ArgumentNullException.ThrowIfNull(seamType);
        return seamType == typeof(IKeyManager) ? Keys
            : seamType == typeof(IRegistrationStore) ? Registration
            : seamType == typeof(IReplayCache) ? Replay
            : seamType == typeof(IAuthorityStateStore) ? State
            : seamType == typeof(INodeStore) ? Nodes
            : seamType == typeof(IUpstreamAuthority) ? Upstream
            : throw new ArgumentException($"{seamType.Name} is not a backend seam.", nameof(seamType));
    }

    /// <summary>The backend <paramref name="options"/> chooses for <paramref name="seam"/>.</summary>
    public static string Chosen(BackendOptions options, string seam)
    {
        ArgumentNullException.ThrowIfNull(options);
        return seam switch
        {
            Keys => options.Keys,
            Registration => options.Registration,
            Replay => options.Replay,
            State => options.State,
            Nodes => options.Nodes,
            Upstream => options.Upstream,
            _ => throw new ArgumentException($"'{seam}' is not a backend seam.", nameof(seam)),
        };
    }
}
