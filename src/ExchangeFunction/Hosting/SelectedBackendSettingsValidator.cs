using Bridge.Authority.Aws.AcmPca;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Aws.Kms.Envelope;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>
/// Validates the settings section of each AWS backend that <see cref="BackendOptions"/> selects, together with the
/// selection itself, so that one start reports every problem of every chosen backend at once. Sections of backends
/// that are not chosen are not checked: a local run needs no KMS key or CA ARN.
/// </summary>
internal sealed class SelectedBackendSettingsValidator(
    IOptions<KmsKeyManagerOptions> kms,
    IOptions<KmsEnvelopeKeyManagerOptions> envelope,
    IOptions<AcmPcaUpstreamOptions> acmPca) : IValidateOptions<BackendOptions>
{
    public ValidateOptionsResult Validate(string? name, BackendOptions options)
    {
        var failures = new List<string>();
        if (options.Keys == BackendOptionsValidator.Kms)
        {
            Collect(new KmsKeyManagerOptionsValidator().Validate(name, kms.Value), failures);
        }
        else if (options.Keys == BackendOptionsValidator.KmsEnvelope)
        {
            Collect(new KmsEnvelopeKeyManagerOptionsValidator().Validate(name, envelope.Value), failures);
        }

        if (options.Upstream == BackendOptionsValidator.AcmPca)
        {
            Collect(new AcmPcaUpstreamOptionsValidator().Validate(name, acmPca.Value), failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Each validator already names its section and key in every message ("Bridge:Keys:KmsEnvelope:WrappingKeyId ...").
    private static void Collect(ValidateOptionsResult result, List<string> failures)
    {
        if (result.Failed)
        {
            failures.AddRange(result.Failures);
        }
    }
}
