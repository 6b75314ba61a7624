using Amazon.CDK.Assertions;

namespace Bridge.Infrastructure.Tests.Stacks;

public sealed class StatefulStackTests(SynthesizedStages stages)
{
    [Fact]
    public void Table_IsRetainedWithPointInTimeRecoveryTtlAndTheAppsKeySchema()
    {
        var template = stages.Default.State;

        template.ResourceCountIs("AWS::DynamoDB::Table", 1);
        template.HasResource("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["DeletionPolicy"] = "Retain",
            ["UpdateReplacePolicy"] = "Retain",
        });
        template.HasResourceProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["BillingMode"] = "PAY_PER_REQUEST",
            ["DeletionProtectionEnabled"] = true,
            ["PointInTimeRecoverySpecification"] = new Dictionary<string, object> { ["PointInTimeRecoveryEnabled"] = true },
            ["TimeToLiveSpecification"] = new Dictionary<string, object> { ["AttributeName"] = "expires_at", ["Enabled"] = true },
            ["KeySchema"] = new object[]
            {
                new Dictionary<string, object> { ["AttributeName"] = "pk", ["KeyType"] = "HASH" },
                new Dictionary<string, object> { ["AttributeName"] = "sk", ["KeyType"] = "RANGE" },
            },
            ["GlobalSecondaryIndexes"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["IndexName"] = "by_parent",
                    ["KeySchema"] = new object[]
                    {
                        new Dictionary<string, object> { ["AttributeName"] = "parent_id", ["KeyType"] = "HASH" },
                        new Dictionary<string, object> { ["AttributeName"] = "sk", ["KeyType"] = "RANGE" },
                    },
                    ["Projection"] = new Dictionary<string, object> { ["ProjectionType"] = "ALL" },
                },
            },
        });
    }

    [Fact]
    public void Stack_HasTerminationProtection()
    {
        Assert.True(stages.Default.Stacks.State.TerminationProtection);
    }

    [Fact]
    public void KmsMode_CreatesNoKmsKey_BecauseTheFunctionOwnsItsSigningKeys()
    {
        stages.Default.State.ResourceCountIs("AWS::KMS::Key", 0);
    }

    [Fact]
    public void EnvelopeMode_CreatesOneRetainedRotatingSymmetricKey()
    {
        var template = stages.Full.State;

        template.ResourceCountIs("AWS::KMS::Key", 1);
        template.HasResource("AWS::KMS::Key", new Dictionary<string, object>
        {
            ["DeletionPolicy"] = "Retain",
            ["UpdateReplacePolicy"] = "Retain",
        });
        template.HasResourceProperties("AWS::KMS::Key", new Dictionary<string, object>
        {
            ["KeySpec"] = "SYMMETRIC_DEFAULT",
            ["KeyUsage"] = "ENCRYPT_DECRYPT",
            ["EnableKeyRotation"] = true,
        });
    }

    [Fact]
    public void EnvelopeKeyPolicy_LetsTheAccountAdministerButOnlyTheTaggedFunctionRoleUseTheKey()
    {
        var key = Assert.Single(stages.Full.Resources("Bridge-prod-State", "AWS::KMS::Key")).Resource;
        var statements = key["Properties"]!["KeyPolicy"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();

        var administration = Assert.Single(statements, s => (string?)s["Sid"] == "KeyAdministration");
        string[] cryptographic = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKeyPair", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"];
        Assert.DoesNotContain(PolicyAudit.Strings(administration["Action"]), cryptographic.Contains);

        var use = Assert.Single(statements, s => (string?)s["Sid"] == "BridgeFunctionUse");
        Assert.Equal("prod", (string?)use["Condition"]!["StringEquals"]!["aws:PrincipalTag/bridge-stage"]);
        Assert.Equal(2, statements.Count);
    }
}
