using Amazon.CDK;
using Bridge.Infrastructure.Components;
using Bridge.Infrastructure.Settings;
using Constructs;

namespace Bridge.Infrastructure.Stacks;

/// <summary>
/// An example consumer: what a workload account deploys to let one SPIFFE ID assume a role with its JWT-SVID. It has
/// no permissions attached; add the ones the workload needs.
/// </summary>
public sealed class ConsumerStack : Stack
{
    /// <summary>Creates the stack for a fixed issuer (custom domain).</summary>
    public ConsumerStack(Construct scope, string id, StageSettings settings, IStackProps props)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Consumer = new OidcConsumerRole(this, "Consumer", new OidcConsumerRoleProps
        {
            IssuerUrl = settings.FixedIssuer ?? throw new ArgumentException("The consumer needs a fixed issuer (custom domain).", nameof(settings)),
            Audience = settings.ConsumerAudience,
            SpiffeId = settings.ConsumerSpiffeId ?? throw new ArgumentException("No consumer SPIFFE ID.", nameof(settings)),
        });
        _ = new CfnOutput(this, "RoleArn", new CfnOutputProps { Value = Consumer.Role.RoleArn });
    }

    /// <summary>The provider and role.</summary>
    public OidcConsumerRole Consumer { get; }
}
