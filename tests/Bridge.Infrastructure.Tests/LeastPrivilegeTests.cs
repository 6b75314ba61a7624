using System.Text.Json.Nodes;

namespace Bridge.Infrastructure.Tests;

public sealed class LeastPrivilegeTests(SynthesizedStages stages)
{
    public static TheoryData<string> Stages => ["Default", "Full"];

    [Theory]
    [MemberData(nameof(Stages))]
    public void EveryPolicyStatement_InEveryStack_HasNoWildcardWhereANarrowerGrantExists(string stage)
    {
        var synthesized = stage == "Default" ? stages.Default : stages.Full;
        Assert.NotEmpty(synthesized.Json);
        foreach (var (stackName, template) in synthesized.Json)
        {
            Assert.True(PolicyAudit.Violations(template).Count == 0, stackName + ": " + string.Join("; ", PolicyAudit.Violations(template)));
        }
    }

    [Fact]
    public void Violations_BroadStatements_AreAllReported()
    {
        // The audit itself must catch what it is there to catch, or the tests above prove nothing.
        var template = JsonNode.Parse("""
            {"Resources": {
              "P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [
                {"Sid": "A", "Effect": "Allow", "Action": "kms:*", "Resource": "arn:aws:kms:eu-west-1:111122223333:key/x"},
                {"Sid": "B", "Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": "*"},
                {"Sid": "C", "Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b"},
                {"Sid": "D", "Effect": "Allow", "Action": "kms:Sign", "Resource": "arn:aws:kms:*:111122223333:key/*"},
                {"Sid": "E", "Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*"}
              ]}}},
              "R": {"Type": "AWS::IAM::Role", "Properties": {"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}},
              "K": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [
                {"Sid": "Root", "Effect": "Allow", "Action": "kms:*", "Resource": "*"}
              ]}}}
            }}
            """)!.AsObject();

        var violations = PolicyAudit.Violations(template);

        Assert.Contains(violations, v => v.StartsWith("P A: wildcard action kms:*", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("P B: Resource *", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("P C: NotAction", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("P D: ARN with a wildcard", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("R: role has managed policies", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("K Root: wildcard action", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.StartsWith("P E", StringComparison.Ordinal));
        Assert.Equal(6, violations.Count);
    }

    [Fact]
    public void ExchangeFunction_KmsMode_HoldsExactlyTheActionsTheAppCalls()
    {
        var template = stages.Default.Json["Bridge-dev-Service"];

        var actions = PolicyAudit.IdentityStatements(template)
            .SelectMany(s => PolicyAudit.Strings(s.Statement["Action"]))
            .ToHashSet(StringComparer.Ordinal);

        // KmsKeyManager (docs/keys.md "Operations"), the DynamoDB stores' reads and replay writes, the function's logs.
        string[] expected =
        [
            "kms:CreateKey", "kms:ListAliases", "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:Sign",
            "kms:GetPublicKey", "kms:ScheduleKeyDeletion",
            "dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
            "logs:CreateLogStream", "logs:PutLogEvents",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ExchangeFunction_EnvelopeAndPcaMode_HoldsNoAsymmetricKeyManagementAndPcaOnlyOnTheConfiguredCa()
    {
        var statements = PolicyAudit.IdentityStatements(stages.Full.Json["Bridge-prod-Service"]).Select(s => s.Statement).ToList();

        var actions = statements.SelectMany(s => PolicyAudit.Strings(s["Action"])).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain("kms:CreateKey", actions);
        Assert.DoesNotContain("kms:Sign", actions);
        Assert.Contains("kms:Decrypt", actions);

        var pca = Assert.Single(statements, s => PolicyAudit.Strings(s["Action"]).Any(a => a.StartsWith("acm-pca:", StringComparison.Ordinal)));
        Assert.Equal([TestContext.PcaArn], PolicyAudit.Strings(pca["Resource"]));
        Assert.Equal(
            ["acm-pca:DescribeCertificateAuthority", "acm-pca:GetCertificate", "acm-pca:GetCertificateAuthorityCertificate", "acm-pca:IssueCertificate"],
            PolicyAudit.Strings(pca["Action"]).Order(StringComparer.Ordinal));

        var envelope = Assert.Single(statements, s => PolicyAudit.Strings(s["Action"]).Contains("kms:Decrypt"));
        Assert.IsType<JsonObject>(envelope["Resource"]); // a reference to the envelope key's ARN, never "*"
    }

    [Fact]
    public void ExchangeFunction_AwsIidWithAssumeRole_DescribesInstancesAndAssumesOnlyTheNamedRoleInEachListedAccount()
    {
        var statements = PolicyAudit.IdentityStatements(stages.Full.Json["Bridge-prod-Service"]).Select(s => s.Statement).ToList();

        var describe = Assert.Single(statements, s => PolicyAudit.Strings(s["Action"]).Contains("ec2:DescribeInstances"));
        Assert.Equal(["ec2:DescribeInstances"], PolicyAudit.Strings(describe["Action"]));
        Assert.Equal(["*"], PolicyAudit.Strings(describe["Resource"])); // DescribeInstances has no resource-level permissions
        var assume = Assert.Single(statements, s => PolicyAudit.Strings(s["Action"]).Contains("sts:AssumeRole"));
        Assert.Equal(["sts:AssumeRole"], PolicyAudit.Strings(assume["Action"]));
        Assert.Equal(
            ["arn:aws:iam::444455556666:role/BridgeIidReader", "arn:aws:iam::777788889999:role/BridgeIidReader"],
            PolicyAudit.Strings(assume["Resource"]));
    }

    [Fact]
    public void ExchangeFunction_AwsIidOff_HoldsNoEc2OrAssumeRole()
    {
        var actions = PolicyAudit.IdentityStatements(stages.Default.Json["Bridge-dev-Service"])
            .SelectMany(s => PolicyAudit.Strings(s.Statement["Action"]))
            .ToList();

        Assert.DoesNotContain(actions, a => a.StartsWith("ec2:", StringComparison.Ordinal) || a == "sts:AssumeRole");
    }
}
