namespace Bridge.ExchangeFunction.Hosting;

/// <summary>Which backend serves each seam. Section <c>Bridge:Backends</c>. The defaults need no AWS account.</summary>
public sealed class BackendOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Backends";

    /// <summary>
    /// <c>File</c> (PKCS#8 files, owner-only permissions), <c>InMemory</c> (keys die with the process) or <c>Kms</c>
    /// (AWS KMS asymmetric keys; settings in <c>Bridge:Keys:Kms</c>, see docs/keys.md).
    /// </summary>
    public string Keys { get; set; } = "File";

    /// <summary>Directory of the <c>File</c> key manager.</summary>
    public string KeysDirectory { get; set; } = ".bridge/keys";

    /// <summary><c>File</c> (a JSON file, validated at start), <c>InMemory</c> or <c>DynamoDb</c> (docs/dynamodb.md).</summary>
    public string Registration { get; set; } = "File";

    /// <summary>Path of the registration entries file.</summary>
    public string RegistrationFile { get; set; } = ".bridge/entries.json";

    /// <summary><c>InMemory</c> (one process) or <c>DynamoDb</c> (shared by every instance: what Lambda needs).</summary>
    public string Replay { get; set; } = "InMemory";

    /// <summary>The DynamoDB table of the <c>DynamoDb</c> backends (one table holds entries and replay records).</summary>
    public string? DynamoDbTable { get; set; }

    /// <summary>
    /// How often the DynamoDB entry index checks the table revision: the bound on how late an entry change made elsewhere
    /// is seen by a warm instance (0 to 5 minutes; 0 checks on every exchange).
    /// </summary>
    public TimeSpan DynamoDbIndexRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The AWS Region of DynamoDB; empty uses the SDK's default (the Lambda environment sets it).</summary>
    public string? DynamoDbRegion { get; set; }

    /// <summary>An explicit DynamoDB endpoint, such as DynamoDB Local; empty uses the Region's endpoint.</summary>
    public string? DynamoDbServiceUrl { get; set; }

    /// <summary>Where the self-signed upstream keeps its root certificate; empty keeps it in memory only.</summary>
    public string? RootCertificateFile { get; set; } = ".bridge/root.pem";
}
