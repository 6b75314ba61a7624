using Microsoft.Extensions.Options;

namespace Bridge.Agent.Cache;

/// <summary>Validates <see cref="IdentityCacheOptions"/> at start, every problem at once, each naming its full key.</summary>
internal sealed class IdentityCacheOptionsValidator : IValidateOptions<IdentityCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityCacheOptions options)
    {
        const string Section = IdentityCacheOptions.SectionName;
        var problems = new List<string>();
        if (options.SyncInterval < TimeSpan.FromSeconds(1) || options.SyncInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"{Section}:SyncInterval: must be between 00:00:01 and 01:00:00.");
        }

        if (options.MaxBatchSize is < 1 or > IdentityCacheOptions.ServerBatchLimit)
        {
            problems.Add($"{Section}:MaxBatchSize: must be between 1 and {IdentityCacheOptions.ServerBatchLimit} (the server's limit).");
        }

        if (options.RetryBackoffMin < TimeSpan.FromMilliseconds(100))
        {
            problems.Add($"{Section}:RetryBackoffMin: must be at least 00:00:00.1.");
        }

        if (options.RetryBackoffMax < options.RetryBackoffMin || options.RetryBackoffMax > options.SyncInterval)
        {
            problems.Add($"{Section}:RetryBackoffMax: must be at least RetryBackoffMin and at most SyncInterval.");
        }

        // Renewing too early wastes the server's signatures; too late leaves no time to retry through an outage.
        if (!(options.RenewAt >= 0.2 && options.RenewAt <= 0.8))
        {
            problems.Add($"{Section}:RenewAt: must be a fraction between 0.2 and 0.8 of an SVID's lifetime.");
        }

        if (!(options.RenewJitter >= 0 && options.RenewJitter <= 0.15))
        {
            problems.Add($"{Section}:RenewJitter: must be a fraction between 0 and 0.15 of an SVID's lifetime.");
        }

        if (options.MaxCachedJwtSvids is < 1 or > 1_000_000)
        {
            problems.Add($"{Section}:MaxCachedJwtSvids: must be between 1 and 1000000.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
