namespace Bridge.ExchangeFunction.Hosting;

/// <summary>
/// Where each backend chosen in <see cref="BackendOptions"/> keeps its data, in words a person can check: the absolute
/// path of a file backend, the table of a DynamoDB one. The service logs these at start and <c>bridge ca</c>,
/// <c>bridge entry</c> and <c>bridge agent</c> name them, so a run that acts on another location than expected is visible at once.
/// </summary>
internal static class BackendLocations
{
    public static string Keys(BackendOptions backends) => backends.Keys switch
    {
        BackendOptionsValidator.File => $"files in {LocalStatePaths.FullPath(backends.KeysDirectory)}",
        BackendOptionsValidator.InMemory => "in memory (they die with the process)",
        BackendOptionsValidator.Kms => "AWS KMS (Bridge:Keys:Kms)",
        BackendOptionsValidator.KmsEnvelope => "KMS-encrypted in the rotation state (Bridge:Keys:KmsEnvelope)",
        _ => backends.Keys,
    };

    public static string State(BackendOptions backends) => backends.State switch
    {
        BackendOptionsValidator.File => $"files in {LocalStatePaths.FullPath(backends.StateDirectory)}",
        BackendOptionsValidator.InMemory => "in memory (this process only)",
        BackendOptionsValidator.DynamoDb => Table(backends),
        _ => backends.State,
    };

    public static string Registration(BackendOptions backends) => backends.Registration switch
    {
        BackendOptionsValidator.File => LocalStatePaths.FullPath(backends.RegistrationFile),
        BackendOptionsValidator.InMemory => "in memory (this process only)",
        BackendOptionsValidator.DynamoDb => Table(backends),
        _ => backends.Registration,
    };

    public static string Nodes(BackendOptions backends) => backends.Nodes switch
    {
        BackendOptionsValidator.File => LocalStatePaths.FullPath(backends.NodesFile),
        BackendOptionsValidator.InMemory => "in memory (this process only; every node attests again after a restart)",
        BackendOptionsValidator.DynamoDb => Table(backends),
        _ => backends.Nodes,
    };

    /// <summary>The exported root certificate, or null when none is exported.</summary>
    public static string? RootCertificate(BackendOptions backends) =>
        backends.Upstream == BackendOptionsValidator.SelfSigned && !string.IsNullOrWhiteSpace(backends.RootCertificateFile)
            ? LocalStatePaths.FullPath(backends.RootCertificateFile)
            : null;

    private static string Table(BackendOptions backends) => $"DynamoDB table {backends.DynamoDbTable}";
}
