using System.Net;
using System.Text.Json;
using Bridge.Authority.Exchange;
using Bridge.Cli.Dev;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;
using Bridge.Spiffe.Svid.X509;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Cli.Demo;

internal sealed partial class DemoRunner
{
    /// <summary>
    /// Validates the JWT-SVID twice: as AWS IAM does (discovery document → jwks_uri → keys; iss and aud), with an
    /// independent JOSE implementation, and as a SPIFFE relying party does, with the trust bundle.
    /// </summary>
    private async Task ValidateJwtSvidAsync(HttpClient http, string? token, SpiffeBundle? bundle, SpiffeId expected, CancellationToken cancellationToken)
    {
        var discoveryJson = await http.GetStringAsync(new Uri(".well-known/openid-configuration", UriKind.Relative), cancellationToken);
        Artifacts.OpenIdConfigurationJson = discoveryJson;
        using var discovery = JsonDocument.Parse(discoveryJson);
        var issuer = discovery.RootElement.GetProperty("issuer").GetString()!;
        var jwksUri = discovery.RootElement.GetProperty("jwks_uri").GetString()!;
        var jwksJson = await http.GetStringAsync(new Uri(jwksUri), cancellationToken);
        Artifacts.JwksJson = jwksJson;

        if (token is null)
        {
            Record("JWT-SVID validates via discovery + JWKS (as AWS IAM)", "valid", false, "no JWT-SVID was issued");
            return;
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = "ledger",
            IssuerSigningKeys = new JsonWebKeySet(jwksJson).GetSigningKeys(),
            ValidAlgorithms = ["ES256", "ES384", "RS256"],
            RequireExpirationTime = true,
        });
        var subject = result.IsValid ? ((JsonWebToken)result.SecurityToken).Subject : null;
        Record("JWT-SVID validates via discovery + JWKS (as AWS IAM)", "valid", result.IsValid && subject == expected.ToString(),
            result.IsValid ? $"iss {issuer}, sub {subject}" : result.Exception?.GetType().Name ?? "invalid");

        if (bundle is null)
        {
            return;
        }

        var svid = JwtSvidValidator.Validate(token, bundle, "ledger", time.GetUtcNow());
        Record("JWT-SVID validates with the SPIFFE bundle", "valid", svid.IsValid && svid.Svid!.Id == expected,
            svid.IsValid ? $"sub {svid.Svid!.Id}, aud {string.Join(",", svid.Svid.Audience)}" : svid.Error!);
    }

    private void VerifyX509Svids(SpiffeBundle? bundle, TrustDomain trustDomain, params (DemoWorkload Workload, SvidCredential? Svid)[] svids)
    {
        foreach (var (workload, svid) in svids)
        {
            if (bundle is null || svid is null)
            {
                Record($"{workload.Role}: X.509-SVID chains to the bundle", "valid", false, "missing SVID or bundle");
                continue;
            }

            var result = X509SvidVerifier.Verify([svid.Leaf, .. svid.Intermediates], bundle, time.GetUtcNow());
            Record($"{workload.Role}: X.509-SVID chains to the bundle", "valid",
                result.IsValid && result.Id == workload.ExpectedId(trustDomain),
                result.IsValid ? $"{result.Id}, expires {svid.Leaf.NotAfter:u}" : result.Error!);
        }
    }

    private async Task MutualTlsAsync(SpiffeBundle? bundle, TrustDomain trustDomain, SvidCredential? payments, SvidCredential? ledger)
    {
        if (bundle is null || payments is null || ledger is null)
        {
            Record("mTLS payments → ledger", "connected", false, "missing SVIDs");
            return;
        }

        var outcome = await MutualTlsCheck.RunAsync(ledger, payments, bundle, Payments.ExpectedId(trustDomain), Ledger.ExpectedId(trustDomain), time);
        Record("mTLS payments → ledger, each side checks the peer's SPIFFE ID", "connected", outcome.Connected,
            $"ledger saw {outcome.ServerSaw}; payments saw {outcome.ClientSaw}");
    }

    private async Task VerifyDenialsAsync(
        DemoExchange client, DemoAuditTrail audit, LocalStsIssuer sts, string usedToken, SpiffeBundle? bundle, TrustDomain trustDomain,
        SvidCredential? ledger, SvidCredential? payments, CancellationToken cancellationToken)
    {
        // /token answers each refusal alike; the audit log says why, and each denial must happen for its own reason.
        var unregistered = sts.MintRoleToken(DemoWorkload.Account, "reporting", DemoExchangeHost.BridgeAudience, TimeSpan.FromMinutes(5));
        var denied = await client.RequestJwtSvidAsync(unregistered, "ledger", cancellationToken);
        var deniedReason = audit.TakeLastFailure();
        Record("DENY unregistered role 'reporting' asks for a JWT-SVID", "refused",
            denied.Refusal is { StatusCode: HttpStatusCode.BadRequest, Error: "invalid_request" } && denied.Svid is null
            && deniedReason == nameof(ExchangeFailureKind.NotRegistered), denied.Describe(), Describe(deniedReason));

        var replayed = await client.RequestJwtSvidAsync(usedToken, "ledger", cancellationToken);
        var replayedReason = audit.TakeLastFailure();
        Record("DENY payments' subject token used a second time", "refused",
            replayed.Refusal is { StatusCode: HttpStatusCode.BadRequest } && replayed.Svid is null && replayedReason == nameof(ExchangeFailureKind.Replayed),
            replayed.Describe(), Describe(replayedReason));

        if (bundle is null || ledger is null || payments is null)
        {
            Record("DENY mTLS checks", "refused", false, "missing SVIDs");
            return;
        }

        var anonymous = await MutualTlsCheck.RunAsync(ledger, null, bundle, Payments.ExpectedId(trustDomain), Ledger.ExpectedId(trustDomain), time);
        Record("DENY a client without an SVID connects to ledger", "handshake refused",
            !anonymous.Connected && anonymous.ServerRefusal == MutualTlsCheck.Refusal.NoSvid, $"ledger saw {anonymous.ServerSaw}",
            MutualTlsCheck.Describe(anonymous.ServerRefusal));

        // A valid SVID of the wrong workload is refused too: access follows identity, not possession of any cert.
        var impostor = await MutualTlsCheck.RunAsync(ledger, ledger, bundle, Payments.ExpectedId(trustDomain), Ledger.ExpectedId(trustDomain), time);
        Record("DENY ledger's own SVID where payments is expected", "handshake refused",
            !impostor.Connected && impostor.ServerRefusal == MutualTlsCheck.Refusal.WrongSvid, $"ledger saw {impostor.ServerSaw}",
            MutualTlsCheck.Describe(impostor.ServerRefusal));
    }

    /// <summary>A failure kind of the audit log as the summary shows it: <c>NotRegistered</c> → "not registered".</summary>
    internal static string Describe(string? failureKind) =>
        failureKind is null ? "no audit event" : string.Concat(failureKind.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
