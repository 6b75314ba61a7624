namespace Bridge.Authority.Hosting;

/// <summary>
/// One backend a backend project offers for one seam (<see cref="BackendSeams"/>): the name that chooses it in
/// <c>Bridge:Backends</c>, the settings it checks when chosen, and where it keeps its data. Registered through
/// <see cref="BridgeAuthorityBuilder.AddBackend{TSeam}"/>; the start-time check lists every registered name of a seam.
/// </summary>
public sealed class BackendDescriptor
{
    /// <summary>Describes backend <paramref name="name"/> of <paramref name="seam"/>.</summary>
    public BackendDescriptor(string seam, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(seam);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Seam = seam;
        Name = name;
    }

    /// <summary>The seam (<see cref="BackendSeams"/>).</summary>
    public string Seam { get; }

    /// <summary>The value of the seam's key that chooses this backend (<c>Kms</c>, <c>DynamoDb</c>); case-sensitive.</summary>
    public string Name { get; }

    /// <summary>
    /// The problems of this backend's settings, checked at start only when it is chosen, so a local run needs no KMS key
    /// or table. Each message names its full key (<c>Bridge:Backends:DynamoDbTable: required ...</c>).
    /// </summary>
    public Func<IServiceProvider, BackendOptions, IEnumerable<string>>? Validate { get; init; }

    /// <summary>
    /// Where the backend keeps its data, in words a person can check (an absolute path, a table). The service logs it at
    /// start and the <c>bridge</c> commands name it, so acting on another location than expected is visible at once.
    /// </summary>
    public Func<IServiceProvider, BackendOptions, string>? Location { get; init; }

    /// <summary>False when listing everything the backend holds costs a scan (a table): the start then does not count entries.</summary>
    public bool CheapToList { get; init; } = true;
}
