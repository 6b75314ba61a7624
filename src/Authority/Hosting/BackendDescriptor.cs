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

    /// <summary>
    /// True when the data lives in this process only: gone when it exits, never seen by another instance. A backend
    /// whose data every instance shares (keys in KMS) refuses a process-local rotation state, or each instance would
    /// rotate on its own.
    /// </summary>
    public bool ProcessLocal { get; init; }

    /// <summary>Whether the chosen <paramref name="seam"/> backend among <paramref name="descriptors"/> keeps its data in this process only.</summary>
    /// <remarks>For the <see cref="Validate"/> of another backend, which runs while the backend choice itself is checked.</remarks>
    public static bool IsProcessLocal(IEnumerable<BackendDescriptor> descriptors, string seam, string chosen)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        return descriptors.Any(d => d.Seam == seam && d.Name == chosen && d.ProcessLocal);
    }

    /// <summary>False when listing everything the backend holds costs a scan (a table): the start then does not count entries.</summary>
    public bool CheapToList { get; init; } = true;
}
