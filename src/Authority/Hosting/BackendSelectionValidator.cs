using Bridge.Abstractions.Nodes;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Hosting;

/// <summary>
/// Checks at start that <c>Bridge:Backends</c> names a registered backend for every seam, then the settings of each
/// chosen backend (and only those: a local run needs no KMS key or table), reporting every problem at once.
/// </summary>
internal sealed class BackendSelectionValidator(IEnumerable<BackendDescriptor> descriptors, IServiceProvider services)
    : IValidateOptions<BackendOptions>
{
    private static readonly string[] Seams =
        [BackendSeams.Keys, BackendSeams.Registration, BackendSeams.Replay, BackendSeams.State, BackendSeams.Nodes, BackendSeams.Upstream];

    private readonly BackendDescriptor[] _descriptors = [.. descriptors];

    public ValidateOptionsResult Validate(string? name, BackendOptions options)
    {
        var errors = new List<string>();
        foreach (var seam in Seams)
        {
            var chosen = BackendSeams.Chosen(options, seam);
            if (BackendCatalog.Find(_descriptors, seam, chosen) is not { } backend)
            {
                var names = string.Join(", ", _descriptors.Where(d => d.Seam == seam).Select(d => d.Name));
                errors.Add($"{BackendOptions.SectionName}:{seam}: '{chosen}' is not one of {names}.");
            }
            else if (backend.Validate is { } validate)
            {
                errors.AddRange(validate(services, options));
            }
        }

        if (options.NodeExpiryGrace < TimeSpan.Zero || options.NodeExpiryGrace > NodeRecords.MaxExpiryGrace)
        {
            errors.Add($"{BackendOptions.SectionName}:NodeExpiryGrace: '{options.NodeExpiryGrace}' is not between 0 and {NodeRecords.MaxExpiryGrace.TotalDays} days.");
        }

        // Backends sharing a setting (one DynamoDB table for four seams) report its problem once.
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Distinct(StringComparer.Ordinal));
    }
}
