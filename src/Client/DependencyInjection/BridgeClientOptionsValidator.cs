using System.Net;
using Microsoft.Extensions.Options;

namespace Bridge.Client.DependencyInjection;

/// <summary>Validates <see cref="BridgeClientOptions"/>, reporting every problem at once.</summary>
public sealed class BridgeClientOptionsValidator : IValidateOptions<BridgeClientOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, BridgeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ValidateAddress(options.BaseAddress, errors);
        if (options.SubjectTokenProvider is null)
        {
            errors.Add("SubjectTokenProvider is required.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            errors.Add("MaxAttempts must be between 1 and 10.");
        }

        RequirePositive(options.InitialBackoff, nameof(options.InitialBackoff), errors);
        RequirePositive(options.MaxBackoff, nameof(options.MaxBackoff), errors);
        RequirePositive(options.AttemptTimeout, nameof(options.AttemptTimeout), errors);
        RequirePositive(options.TotalTimeout, nameof(options.TotalTimeout), errors);
        RequirePositive(options.RefreshRetryInterval, nameof(options.RefreshRetryInterval), errors);
        if (options.MaxBackoff < options.InitialBackoff)
        {
            errors.Add("MaxBackoff must not be less than InitialBackoff.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            errors.Add("TotalTimeout must not be less than AttemptTimeout.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateAddress(Uri? address, List<string> errors)
    {
        if (address is null)
        {
            errors.Add("BaseAddress is required.");
            return;
        }

        if (!address.IsAbsoluteUri)
        {
            errors.Add("BaseAddress must be an absolute URI.");
            return;
        }

        // Subject tokens are bearer evidence: plain HTTP is acceptable only when the bytes never leave the machine.
        var https = address.Scheme == Uri.UriSchemeHttps;
        var loopbackHttp = address.Scheme == Uri.UriSchemeHttp && IsLoopback(address);
        if (!https && !loopbackHttp)
        {
            errors.Add("BaseAddress must use https (http is allowed for loopback only).");
        }

        if (!string.IsNullOrEmpty(address.UserInfo) || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment))
        {
            errors.Add("BaseAddress must not contain user info, a query or a fragment.");
        }
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));

    private static void RequirePositive(TimeSpan value, string name, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(name + " must be positive.");
        }
    }
}
