using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Exchange;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Cli.Entries;

/// <summary>
/// Verifies a subject token for <c>bridge entry explain</c> with the service's own attestor composition
/// (<c>AddBridgeAttestors</c>) and settings: signature, issuer, audience and lifetime are checked exactly as
/// <c>POST /token</c> checks them, and nothing is shown for a token that fails. Only the attestor runs: no replay
/// cache is built or written, so explaining a token never spends its single use.
/// </summary>
internal static class TokenVerifier
{
    /// <summary>The service's embedded local default audience (src/ExchangeFunction/appsettings.json).</summary>
    private static readonly Dictionary<string, string?> LocalDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Bridge:Attestors:Oidc:Audience"] = "bridge",
    };

    /// <summary>The verified caller, or every reason there is none.</summary>
    public static async Task<(CallerFacts? Caller, IReadOnlyList<string> Errors, bool Misconfigured)> VerifyAsync(
        string token, string tokenType, IConfiguration environment, TrustDomain trustDomain, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(LocalDefaults).AddConfiguration(environment).Build();
        await using var services = new ServiceCollection().AddLogging().AddBridgeAttestors(configuration).BuildServiceProvider();
        AttestorRegistry registry;
        try
        {
            registry = services.GetRequiredService<AttestorRegistry>();
        }
        catch (OptionsValidationException exception)
        {
            return (null, [.. exception.Failures], true);
        }

        if (registry.Find(tokenType) is not { } attestor)
        {
            var known = registry.SubjectTokenTypes.ToArray();
            return (null, [known.Length == 0
                ? "No attestor is configured (Bridge:Attestors:Oidc:Issuers is empty), so no token can be verified; configure the issuers as for the service."
                : $"No configured attestor accepts token type '{tokenType}' (accepted: {string.Join(", ", known)})."], true);
        }

        var result = await attestor.AttestAsync(new AttestationRequest(token, tokenType), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return (null, [$"The token was not verified ({result.FailureKind}: {result.Detail ?? "no detail"}); nothing from it is shown or trusted."], false);
        }

        var identity = result.Identity;
        return (new CallerFacts
        {
            Attestor = identity.Attestor,
            ParentId = BridgeIds.AttestorParent(trustDomain, identity.Attestor),
            Selectors = identity.Selectors,
            TemplateValues = identity.TemplateValues,
            Issuer = identity.Issuer,
            Subject = identity.Subject,
        }, [], false);
    }
}
