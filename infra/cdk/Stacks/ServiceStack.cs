using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Bridge.Infrastructure.Components;
using Bridge.Infrastructure.Settings;
using Constructs;
using LambdaFunction = Amazon.CDK.AWS.Lambda.Function;

namespace Bridge.Infrastructure.Stacks;

/// <summary>
/// The stateless service: the Native AOT exchange function, its HTTP API (optionally on a custom domain, so the issuer
/// URL survives a replaced API), throttling, logs, the rotation schedule and alarms. Safe to destroy and redeploy.
/// </summary>
public sealed class ServiceStack : Stack
{
    /// <summary>The event the rotation schedule sends; the function runs key and CA rotation when it receives it.</summary>
    public const string RotationEventJson = """{"bridge":"rotate"}""";

    /// <summary>Creates the stack.</summary>
    public ServiceStack(Construct scope, string id, StageSettings settings, StatefulStack state, IStackProps props)
        : this(scope, id, settings, state, props, BootstrapBuildHost.Current)
    {
    }

    /// <summary>Creates the stack, building the bootstrap (unless prebuilt) with what <paramref name="buildHost"/> offers.</summary>
    internal ServiceStack(Construct scope, string id, StageSettings settings, StatefulStack state, IStackProps props, BootstrapBuildHost buildHost)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);

        // The API comes first: without a custom domain its endpoint is the issuer, which the function's settings need.
        Api = new HttpApi(this, "Api", new HttpApiProps
        {
            Description = $"Bridge {settings.Stage}: SPIFFE token exchange",
            CreateDefaultStage = false,

            // With a custom domain, the generated endpoint would be a second issuer URL: turn it off.
            DisableExecuteApiEndpoint = settings.CustomDomain is not null,
        });
        IssuerUrl = settings.FixedIssuer ?? Api.ApiEndpoint;
        Audience = settings.Audience ?? IssuerUrl + "/token";

        Role = new Role(this, "ExchangeRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"Bridge {settings.Stage}: the exchange function",
        });
        Amazon.CDK.Tags.Of(Role).Add(StatefulStack.StageTagKey, settings.Stage);

        LogGroup = new LogGroup(this, "ExchangeLogs", new Amazon.CDK.AWS.Logs.LogGroupProps
        {
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        Function = new LambdaFunction(this, "Exchange", new FunctionProps
        {
            Description = $"Bridge {settings.Stage}: SPIFFE token exchange (Native AOT)",
            Runtime = Runtime.PROVIDED_AL2023,
            Handler = "bootstrap",
            Architecture = settings.Arm64 ? Architecture.ARM_64 : Architecture.X86_64,
            Code = BootstrapCode.Create(this, settings, buildHost),
            MemorySize = 512,
            Timeout = Duration.Seconds(10),
            Role = Role,
            LogGroup = LogGroup,
            Environment = ExchangeEnvironment.Create(settings, IssuerUrl, Audience, state.Table.TableName, state.EnvelopeKey?.KeyArn),
        });
        GrantLeastPrivilege(settings, state);

        var integration = new HttpLambdaIntegration("ExchangeIntegration", Function);
        AddRoute("/token", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.POST, integration);
        AddRoute("/.well-known/openid-configuration", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.GET, integration);
        AddRoute("/keys", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.GET, integration);
        AddRoute("/bundle", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.GET, integration);
        AddRoute("/health/ready", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.GET, integration);

        // The agent API (docs/agent-api.md), route by route: the API serves exactly what the function implements.
        AddRoute("/agent/v1/attest", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.POST, integration);
        AddRoute("/agent/v1/renew", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.POST, integration);
        AddRoute("/agent/v1/entries", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.GET, integration);
        AddRoute("/agent/v1/x509-svids", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.POST, integration);
        AddRoute("/agent/v1/jwt-svids", Amazon.CDK.AWS.Apigatewayv2.HttpMethod.POST, integration);

        _ = new HttpStage(this, "Stage", new HttpStageProps
        {
            HttpApi = Api,
            StageName = "$default",
            AutoDeploy = true,
            Throttle = new ThrottleSettings { RateLimit = settings.ThrottleRate, BurstLimit = settings.ThrottleBurst },
            DomainMapping = CreateDomainMapping(settings),
        });

        RotationRule = new Rule(this, "RotationSchedule", new RuleProps
        {
            Description = $"Bridge {settings.Stage}: rotate signing keys and the CA",
            Schedule = Schedule.Rate(Duration.Minutes(settings.RotationIntervalMinutes)),
            Targets =
            [
                new Amazon.CDK.AWS.Events.Targets.LambdaFunction(Function, new LambdaFunctionProps
                {
                    Event = RuleTargetInput.FromObject(new Dictionary<string, object> { ["bridge"] = "rotate" }),
                    RetryAttempts = 2,
                }),
            ],
        });

        Alarms = new ServiceAlarms(this, "Alarms", Function, Api);
        Telemetry = new ExchangeTelemetry(this, "Telemetry", settings);

        _ = new CfnOutput(this, "Issuer", new CfnOutputProps { Value = IssuerUrl, Description = "JWT-SVID issuer (IAM OIDC provider URL)" });
        _ = new CfnOutput(this, "ExchangeAudience", new CfnOutputProps { Value = Audience, Description = "Audience workloads request from STS GetWebIdentityToken" });
        _ = new CfnOutput(this, "FunctionName", new CfnOutputProps { Value = Function.FunctionName });
    }

    /// <summary>The HTTP API.</summary>
    public HttpApi Api { get; }

    /// <summary>The issuer URL: <c>https://&lt;custom domain&gt;</c>, or the API endpoint (a deploy-time token).</summary>
    public string IssuerUrl { get; }

    /// <summary>Bridge's own audience that subject tokens must carry.</summary>
    public string Audience { get; }

    /// <summary>The exchange function's execution role (no managed policies).</summary>
    public Role Role { get; }

    /// <summary>The function's log group.</summary>
    public LogGroup LogGroup { get; }

    /// <summary>The Native AOT exchange function.</summary>
    public LambdaFunction Function { get; }

    /// <summary>The schedule that sends <see cref="RotationEventJson"/> to the function.</summary>
    public Rule RotationRule { get; }

    internal ServiceAlarms Alarms { get; }

    /// <summary>The dashboard and alarms on the function's own metrics.</summary>
    internal ExchangeTelemetry Telemetry { get; }

    private void AddRoute(string path, Amazon.CDK.AWS.Apigatewayv2.HttpMethod method, HttpLambdaIntegration integration) =>
        Api.AddRoutes(new AddRoutesOptions { Path = path, Methods = [method], Integration = integration });

    private DomainMappingOptions? CreateDomainMapping(StageSettings settings)
    {
        if (settings.CustomDomain is null)
        {
            return null;
        }

        var domain = new DomainName(this, "Domain", new DomainNameProps
        {
            DomainName = settings.CustomDomain,
            Certificate = Certificate.FromCertificateArn(this, "Certificate", settings.CertificateArn!),
        });
        _ = new CfnOutput(this, "DomainTarget", new CfnOutputProps
        {
            Value = domain.RegionalDomainName,
            Description = $"Point {settings.CustomDomain} here (CNAME, or a Route 53 alias)",
        });
        return new DomainMappingOptions { DomainName = domain };
    }

    /// <summary>Exactly the calls the exchange makes; never the CDK's broad <c>Grant…ReadWriteData</c> helpers.</summary>
    private void GrantLeastPrivilege(StageSettings settings, StatefulStack state)
    {
        // Logs: only this log group (no AWSLambdaBasicExecutionRole, whose resource is "*").
        Role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteOwnLogs",
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [LogGroup.LogGroupArn],
        }));

        // DynamoDB: entry index loads (Query), the table revision (GetItem), replay records (conditional PutItem).
        // Entry writes (TransactWriteItems) come from the `bridge entry` CLI with the operator's credentials.
        Role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadEntriesWriteReplay",
            Actions = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
            Resources = [state.Table.TableArn],
        }));

        if (settings.KeyMode == KeyMode.Kms)
        {
            foreach (var statement in SigningKeyGrants.ForKmsMode(settings.Partition, settings.Region, settings.Account, settings.KeyNamespace))
            {
                Role.AddToPrincipalPolicy(statement);
            }
        }
        else
        {
            Role.AddToPrincipalPolicy(SigningKeyGrants.ForEnvelopeMode(state.EnvelopeKey!.KeyArn));
        }

        if (settings.Upstream == UpstreamMode.AcmPca)
        {
            Role.AddToPrincipalPolicy(SigningKeyGrants.ForPrivateCa(settings.PcaArn!));
        }

        // aws_iid node attestor (docs/attestors/aws-iid.md): DescribeInstances has no resource-level permissions, so it
        // is "*" and granted only when enabled; the role to assume is named in each allowed account, never "*".
        if (settings.AwsIid is { DescribeInstances: true } iid)
        {
            Role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "DescribeAttestedInstances",
                Actions = ["ec2:DescribeInstances"],
                Resources = ["*"],
            }));
            if (iid.AssumeRoleName is { } roleName)
            {
                Role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "AssumeInstanceAccountRoles",
                    Actions = ["sts:AssumeRole"],
                    Resources = [.. iid.AllowedAccounts.Select(account => $"arn:{settings.Partition}:iam::{account}:role/{roleName}")],
                }));
            }
        }
    }
}
