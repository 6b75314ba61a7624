using Bridge.Authority.Hosting;

namespace Bridge.Cli.Stores;

/// <summary>
/// The store a command works on: how messages name it, the <see cref="BackendOptions"/> properties <c>--store</c> and
/// <c>--file</c> set, and the other settings of that store whose errors concern the command.
/// </summary>
internal sealed record StoreSeam(string Description, string StoreKey, string FileKey, params string[] RelatedKeys)
{
    /// <summary>The registration store of <c>bridge entry</c>.</summary>
    public static StoreSeam Registration { get; } = new("entry store", nameof(BackendOptions.Registration), nameof(BackendOptions.RegistrationFile));

    /// <summary>The node store of <c>bridge agent</c>; the node expiry grace is read with it.</summary>
    public static StoreSeam Nodes { get; } =
        new("node store", nameof(BackendOptions.Nodes), nameof(BackendOptions.NodesFile), nameof(BackendOptions.NodeExpiryGrace));
}
