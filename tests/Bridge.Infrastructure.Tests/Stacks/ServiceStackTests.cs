using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace Bridge.Infrastructure.Tests.Stacks;

public sealed class ServiceStackTests(SynthesizedStages stages)
{
    [Fact]
    public void Function_IsTheNativeAotBootstrapOnProvidedAl2023Arm64ByDefault()
    {
        stages.Default.Service.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Runtime"] = "provided.al2023",
            ["Handler"] = "bootstrap",
            ["Architectures"] = new[] { "arm64" },
        });
    }

    [Fact]
    public void Function_X8664Context_IsX8664()
    {
        stages.Full.Service.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Architectures"] = new[] { "x86_64" },
        });
    }

    [Fact]
    public void Function_Environment_ConfiguresTheAwsBackendsAndOneStsIssuerPerAccount()
    {
        var variables = FunctionVariables(stages.Default, "Bridge-dev-Service");

        Assert.Equal("example.org", (string?)variables["Bridge__Authority__TrustDomain"]);
        Assert.Equal("Kms", (string?)variables["Bridge__Backends__Keys"]);
        Assert.Equal("example-org-dev", (string?)variables["Bridge__Keys__Kms__AliasNamespace"]);
        Assert.Equal("DynamoDb", (string?)variables["Bridge__Backends__Registration"]);
        Assert.Equal("DynamoDb", (string?)variables["Bridge__Backends__Replay"]);
        Assert.Equal("DynamoDb", (string?)variables["Bridge__Backends__Nodes"]);
        Assert.Equal(string.Empty, (string?)variables["Bridge__Backends__RootCertificateFile"]);
        Assert.Equal($"aws-sts-{TestContext.WorkloadAccount}", (string?)variables["Bridge__Attestors__Oidc__Issuers__0__Name"]);
        Assert.Equal(TestContext.StsIssuer, (string?)variables["Bridge__Attestors__Oidc__Issuers__0__Issuer"]);
        Assert.Equal("AwsSts", (string?)variables["Bridge__Attestors__Oidc__Issuers__0__Profile"]);
        Assert.Equal(TestContext.WorkloadAccount, (string?)variables["Bridge__Attestors__Oidc__Issuers__0__AllowedAccounts__0"]);

        // Without a custom domain the issuer is the API's own endpoint, resolved at deploy time.
        Assert.Contains("ApiEndpoint", variables["Bridge__Authority__Issuer"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.IsType<JsonObject>(variables["Bridge__Backends__DynamoDbTable"]);
    }

    [Fact]
    public void Function_AwsIid_ConfiguresTheNodeAttestorOnlyWhenSet()
    {
        var full = FunctionVariables(stages.Full, "Bridge-prod-Service");
        var minimal = FunctionVariables(stages.Default, "Bridge-dev-Service");

        Assert.Equal("true", (string?)full["Bridge__NodeAttestors__AwsIid__Enabled"]);
        Assert.Equal("444455556666", (string?)full["Bridge__NodeAttestors__AwsIid__AllowedAccounts__0"]);
        Assert.Equal("777788889999", (string?)full["Bridge__NodeAttestors__AwsIid__AllowedAccounts__1"]);
        Assert.Equal("true", (string?)full["Bridge__NodeAttestors__AwsIid__DescribeInstances"]);
        Assert.Equal("BridgeIidReader", (string?)full["Bridge__NodeAttestors__AwsIid__AssumeRoleName"]);
        Assert.Equal("30.00:00:00", (string?)full["Bridge__NodeAttestors__AwsIid__MaxInstanceAge"]);
        Assert.DoesNotContain(minimal, v => v.Key.StartsWith("Bridge__NodeAttestors__", StringComparison.Ordinal));
    }

    [Fact]
    public void Function_CustomDomain_IssuerIsTheFixedHttpsUrlAndTheGeneratedEndpointIsOff()
    {
        var variables = FunctionVariables(stages.Full, "Bridge-prod-Service");

        Assert.Equal("https://bridge.example.org", (string?)variables["Bridge__Authority__Issuer"]);
        Assert.Equal("https://bridge.example.org/token", (string?)variables["Bridge__Attestors__Oidc__Audience"]);
        stages.Full.Service.HasResourceProperties("AWS::ApiGatewayV2::Api", new Dictionary<string, object> { ["DisableExecuteApiEndpoint"] = true });
        stages.Full.Service.HasResourceProperties("AWS::ApiGatewayV2::DomainName", new Dictionary<string, object>
        {
            ["DomainName"] = "bridge.example.org",
            ["DomainNameConfigurations"] = new object[] { new Dictionary<string, object> { ["CertificateArn"] = TestContext.CertificateArn } },
        });
    }

    [Fact]
    public void Role_HasNoManagedPolicies()
    {
        var role = Assert.Single(stages.Default.Resources("Bridge-dev-Service", "AWS::IAM::Role")).Resource;
        Assert.Null(role["Properties"]!["ManagedPolicyArns"]);
        Assert.Null(role["Properties"]!["Policies"]);
    }

    [Fact]
    public void KmsGrants_CreateOnlySigningKeys_AndUseOnlyKeysBehindTheDeploymentsAliases()
    {
        var statements = PolicyAudit.IdentityStatements(stages.Default.Json["Bridge-dev-Service"]).ToDictionary(s => (string?)s.Statement["Sid"] ?? string.Empty, s => s.Statement);

        var create = statements["CreateSigningKeys"]["Condition"]!["StringEquals"]!;
        Assert.Equal("SIGN_VERIFY", (string?)create["kms:KeyUsage"]);
        Assert.Equal("AWS_KMS", (string?)create["kms:KeyOrigin"]);
        Assert.Equal(["ECC_NIST_P256", "ECC_NIST_P384", "RSA_2048", "RSA_3072", "RSA_4096"], PolicyAudit.Strings(create["kms:KeySpec"]));

        Assert.Equal(
            [$"arn:aws:kms:{TestContext.Region}:{TestContext.Account}:alias/bridge/example-org-dev/*"],
            PolicyAudit.Strings(statements["PointOwnAliases"]["Resource"]));

        var use = statements["UseAliasedKeys"];
        Assert.Equal(["kms:DescribeKey", "kms:Sign"], PolicyAudit.Strings(use["Action"]).Order(StringComparer.Ordinal));
        Assert.Equal("alias/bridge/example-org-dev/*", (string?)use["Condition"]!["ForAnyValue:StringLike"]!["kms:ResourceAliases"]);

        foreach (var sid in new[] { "AliasSigningKeys", "ReadAndRetireSigningKeys" })
        {
            Assert.Equal("SIGN_VERIFY", (string?)statements[sid]["Condition"]!["StringEquals"]!["kms:KeyUsage"]);
            Assert.Equal([$"arn:aws:kms:{TestContext.Region}:{TestContext.Account}:key/*"], PolicyAudit.Strings(statements[sid]["Resource"]));
        }
    }

    [Fact]
    public void Api_RoutesTheExchangeDiscoveryKeysBundleReadinessAndTheAgentApi()
    {
        var routes = stages.Default.Resources("Bridge-dev-Service", "AWS::ApiGatewayV2::Route")
            .Select(r => (string?)r.Resource["Properties"]!["RouteKey"])
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "GET /.well-known/openid-configuration", "GET /agent/v1/entries", "GET /bundle", "GET /health/ready", "GET /keys",
                "POST /agent/v1/attest", "POST /agent/v1/jwt-svids", "POST /agent/v1/renew", "POST /agent/v1/x509-svids", "POST /token",
            ],
            routes);
        stages.Default.Service.HasResourceProperties("AWS::ApiGatewayV2::Integration", new Dictionary<string, object>
        {
            ["IntegrationType"] = "AWS_PROXY",
            ["PayloadFormatVersion"] = "2.0",
        });
    }

    [Fact]
    public void Stage_IsThrottled()
    {
        stages.Default.Service.HasResourceProperties("AWS::ApiGatewayV2::Stage", new Dictionary<string, object>
        {
            ["StageName"] = "$default",
            ["AutoDeploy"] = true,
            ["DefaultRouteSettings"] = new Dictionary<string, object> { ["ThrottlingRateLimit"] = 50, ["ThrottlingBurstLimit"] = 100 },
        });
    }

    [Fact]
    public void Logs_AreKeptThirtyDaysInTheFunctionsOwnGroup()
    {
        stages.Default.Service.HasResourceProperties("AWS::Logs::LogGroup", new Dictionary<string, object> { ["RetentionInDays"] = 30 });
        stages.Default.Service.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["LoggingConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["LogGroup"] = Match.AnyValue() }),
        });
    }

    [Fact]
    public void RotationSchedule_SendsTheFixedRotateEventToTheFunction()
    {
        var rule = Assert.Single(stages.Default.Resources("Bridge-dev-Service", "AWS::Events::Rule")).Resource;

        Assert.Equal("rate(1 hour)", (string?)rule["Properties"]!["ScheduleExpression"]);
        var target = Assert.Single(rule["Properties"]!["Targets"]!.AsArray())!;
        Assert.Equal("""{"bridge":"rotate"}""", (string?)target["Input"]);
        Assert.Contains("Exchange", target["Arn"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Alarms_CoverErrorsThrottlesP99DurationAndApi5xx()
    {
        var alarms = stages.Default.Resources("Bridge-dev-Service", "AWS::CloudWatch::Alarm")
            .Select(a => a.Resource["Properties"]!)
            .Where(p => ((string?)p["Namespace"])?.StartsWith("AWS/", StringComparison.Ordinal) == true)
            .Select(p => $"{(string?)p["Namespace"]}/{(string?)p["MetricName"]}/{(string?)p["Statistic"] ?? (string?)p["ExtendedStatistic"]}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            ["AWS/ApiGateway/5xx/Sum", "AWS/Lambda/Duration/p99", "AWS/Lambda/Errors/Sum", "AWS/Lambda/Throttles/Sum"],
            alarms);
    }

    [Fact]
    public void TelemetryAlarms_ReadTheFunctionsEmfMetricsInItsStageNamespace()
    {
        var properties = stages.Default.Resources("Bridge-dev-Service", "AWS::CloudWatch::Alarm")
            .Select(a => a.Resource["Properties"]!)
            .Where(p => p["Namespace"] is null || !((string)p["Namespace"]!).StartsWith("AWS/", StringComparison.Ordinal))
            .ToList();
        var single = properties.Where(p => p["MetricName"] is not null)
            .Select(p => $"{(string?)p["Namespace"]}/{(string?)p["MetricName"]}/{(string?)p["Statistic"] ?? (string?)p["ExtendedStatistic"]}"
                + $"/{(string?)p["ComparisonOperator"]}/{(double)p["Threshold"]!}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "Bridge/example-org-dev/bridge.aws.throttles/Sum/GreaterThanOrEqualToThreshold/5",
                "Bridge/example-org-dev/bridge.ca.time_to_expiry/Minimum/LessThanThreshold/7200",
                "Bridge/example-org-dev/bridge.exchange.duration/p99/GreaterThanThreshold/0.5",
                "Bridge/example-org-dev/bridge.key.time_to_expiry/Minimum/LessThanThreshold/7200",
            ],
            single);
        var latency = properties.Single(p => (string?)p["MetricName"] == "bridge.exchange.duration");
        Assert.Equal("""[{"Name":"outcome","Value":"issued"}]""", latency["Dimensions"]!.ToJsonString());

        // The refusal rate: refused (all minus issued) over all exchanges, from the EMF roll-ups.
        var rate = Assert.Single(properties, p => p["Metrics"] is not null);
        var queries = rate["Metrics"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal("100 * (total - FILL(issued, 0)) / total", (string?)queries.Single(q => q["Expression"] is not null)["Expression"]);
        var issued = queries.Single(q => (string?)q["Id"] == "issued")["MetricStat"]!;
        Assert.Equal("bridge.exchange.requests", (string?)issued["Metric"]!["MetricName"]);
        Assert.Equal("""[{"Name":"outcome","Value":"issued"}]""", issued["Metric"]!["Dimensions"]!.ToJsonString());
        Assert.Null(queries.Single(q => (string?)q["Id"] == "total")["MetricStat"]!["Metric"]!["Dimensions"]);
        Assert.Equal(50, (double)rate["Threshold"]!);
    }

    [Fact]
    public void Function_PublishesItsMetricsUnderTheNamespaceTheDashboardReads()
    {
        var variables = FunctionVariables(stages.Default, "Bridge-dev-Service");
        var dashboard = Assert.Single(stages.Default.Resources("Bridge-dev-Service", "AWS::CloudWatch::Dashboard")).Resource;
        var body = dashboard["Properties"]!["DashboardBody"]!.ToJsonString();

        Assert.Equal("Bridge/example-org-dev", (string?)variables["Bridge__Telemetry__EmfNamespace"]);
        foreach (var metric in new[] { "bridge.exchange.requests", "bridge.exchange.duration", "bridge.aws.call.duration", "bridge.aws.throttles", "bridge.ca.time_to_expiry", "bridge.key.time_to_expiry" })
        {
            Assert.Contains(metric, body, StringComparison.Ordinal);
        }

        Assert.Contains("Bridge/example-org-dev", body, StringComparison.Ordinal);
    }

    private static JsonObject FunctionVariables(SynthesizedStage stage, string stackName)
    {
        var function = Assert.Single(stage.Resources(stackName, "AWS::Lambda::Function")).Resource;
        return function["Properties"]!["Environment"]!["Variables"]!.AsObject();
    }
}
