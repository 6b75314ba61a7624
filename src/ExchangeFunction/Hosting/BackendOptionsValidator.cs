using Bridge.Abstractions.Nodes;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>Checks <see cref="BackendOptions"/> at start and reports every problem at once.</summary>
internal sealed class BackendOptionsValidator : IValidateOptions<BackendOptions>
{
    public const string File = "File";
    public const string InMemory = "InMemory";
    public const string Kms = "Kms";
    public const string DynamoDb = "DynamoDb";
    public const string KmsEnvelope = "KmsEnvelope";
    public const string SelfSigned = "SelfSigned";
    public const string AcmPca = "AcmPca";

    public ValidateOptionsResult Validate(string? name, BackendOptions options)
    {
        var errors = new List<string>();
        var prefix = BackendOptions.SectionName + ":";
        if (options.Keys is not (File or InMemory or Kms or KmsEnvelope))
        {
            errors.Add($"{prefix}Keys: '{options.Keys}' is not one of File, InMemory, Kms, KmsEnvelope.");
        }
        else if (options.Keys == InMemory && options.State != InMemory)
        {
            // The state names keys by id; kept beyond the process, it would name keys that died with it.
            errors.Add($"{prefix}State: Keys=InMemory needs State=InMemory (in-memory keys die with the process, persisted state would outlive them).");
        }
        else if (options.Keys is Kms or KmsEnvelope && options.State == InMemory)
        {
            // Instances sharing KMS keys must agree on which key and CA are active, or each would rotate on its own.
            errors.Add($"{prefix}State: InMemory cannot be used with Keys={options.Keys}; every instance must share the rotation state (use DynamoDb).");
        }
        else if (options.Keys == File && string.IsNullOrWhiteSpace(options.KeysDirectory))
        {
            errors.Add($"{prefix}KeysDirectory: required when Keys is File.");
        }

        if (options.Registration is not (File or InMemory or DynamoDb))
        {
            errors.Add($"{prefix}Registration: '{options.Registration}' is not one of File, InMemory, DynamoDb.");
        }
        else if (options.Registration == File && string.IsNullOrWhiteSpace(options.RegistrationFile))
        {
            errors.Add($"{prefix}RegistrationFile: required when Registration is File.");
        }

        if (options.Replay is not (InMemory or DynamoDb))
        {
            errors.Add($"{prefix}Replay: '{options.Replay}' is not one of InMemory, DynamoDb.");
        }

        if (options.State is not (File or InMemory or DynamoDb))
        {
            errors.Add($"{prefix}State: '{options.State}' is not one of File, InMemory, DynamoDb.");
        }
        else if (options.State == File && string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            errors.Add($"{prefix}StateDirectory: required when State is File.");
        }

        if (options.Nodes is not (File or InMemory or DynamoDb))
        {
            errors.Add($"{prefix}Nodes: '{options.Nodes}' is not one of File, InMemory, DynamoDb.");
        }
        else if (options.Nodes == File && string.IsNullOrWhiteSpace(options.NodesFile))
        {
            errors.Add($"{prefix}NodesFile: required when Nodes is File.");
        }
        else if (options.Nodes == File && options.NodesFile.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{prefix}NodesFile: contains characters that are not valid in a path.");
        }

        if (options.NodeExpiryGrace < TimeSpan.Zero || options.NodeExpiryGrace > NodeRecords.MaxExpiryGrace)
        {
            errors.Add($"{prefix}NodeExpiryGrace: '{options.NodeExpiryGrace}' is not between 0 and {NodeRecords.MaxExpiryGrace.TotalDays} days.");
        }

        if (options.Upstream is not (SelfSigned or AcmPca))
        {
            errors.Add($"{prefix}Upstream: '{options.Upstream}' is not one of SelfSigned, AcmPca.");
        }

        if ((options.Registration == DynamoDb || options.Replay == DynamoDb || options.State == DynamoDb || options.Nodes == DynamoDb)
            && string.IsNullOrWhiteSpace(options.DynamoDbTable))
        {
            errors.Add($"{prefix}DynamoDbTable: required when Registration, Replay, State or Nodes is DynamoDb.");
        }

        if (!string.IsNullOrWhiteSpace(options.DynamoDbServiceUrl) && !Uri.TryCreate(options.DynamoDbServiceUrl, UriKind.Absolute, out _))
        {
            errors.Add($"{prefix}DynamoDbServiceUrl: '{options.DynamoDbServiceUrl}' is not an absolute URL.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
