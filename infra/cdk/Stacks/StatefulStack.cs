using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Bridge.Infrastructure.Settings;
using Constructs;

namespace Bridge.Infrastructure.Stacks;

/// <summary>
/// What must outlive a redeploy: the DynamoDB table (registration entries, replay records) and, in envelope mode, the
/// key that wraps the signing keys. Everything is RETAIN and the stack has termination protection. The asymmetric KMS
/// signing keys of <see cref="KeyMode.Kms"/> are not here: the function creates and rotates them itself under its alias
/// prefix, which this stack never changes. Logical ids here must never change (a new id is a new, empty table).
/// </summary>
public sealed class StatefulStack : Stack
{
    /// <summary>The principal tag that admits the exchange function's role to the envelope key.</summary>
    public const string StageTagKey = "bridge-stage";

    /// <summary>Creates the stack.</summary>
    public StatefulStack(Construct scope, string id, StageSettings settings, IStackProps props)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Same shape as DynamoDbTableSchema (docs/dynamodb.md): pk/sk, sparse GSI by_parent, TTL on expires_at.
        Table = new Table(this, "Table", new TableProps
        {
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "pk", Type = AttributeType.STRING },
            SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "sk", Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            TimeToLiveAttribute = "expires_at",
            PointInTimeRecovery = true,
            DeletionProtection = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Table.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
        {
            IndexName = "by_parent",
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "parent_id", Type = AttributeType.STRING },
            SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "sk", Type = AttributeType.STRING },
            ProjectionType = ProjectionType.ALL,
        });

        if (settings.KeyMode == KeyMode.KmsEnvelope)
        {
            EnvelopeKey = CreateEnvelopeKey(settings);
        }

        _ = new CfnOutput(this, "TableName", new CfnOutputProps { Value = Table.TableName, Description = "Bridge's DynamoDB table" });
    }

    /// <summary>The single table of the DynamoDB stores.</summary>
    public Table Table { get; }

    /// <summary>The symmetric key of envelope mode; null in <see cref="KeyMode.Kms"/>.</summary>
    public Key? EnvelopeKey { get; }

    private Key CreateEnvelopeKey(StageSettings settings)
    {
        var account = new AccountRootPrincipal();

        // Least privilege in the key policy itself: the account (and so its IAM admins) may administer the key but not
        // use it; cryptographic use needs both an IAM grant and the stage tag that only the function's role carries.
        var policy = new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "KeyAdministration",
                    Principals = [account],
                    Actions =
                    [
                        "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus",
                        "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:EnableKey", "kms:DisableKey",
                        "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription",
                        "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:UpdateAlias",
                        "kms:DeleteAlias", "kms:ListGrants", "kms:RevokeGrant",
                    ],
                    Resources = ["*"],
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "BridgeFunctionUse",
                    Principals = [account],
                    Actions = ["kms:Decrypt", "kms:GenerateDataKeyPair"],
                    Resources = ["*"],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object> { [$"aws:PrincipalTag/{StageTagKey}"] = settings.Stage },
                    },
                }),
            ],
        });

        return new Key(this, "EnvelopeKey", new KeyProps
        {
            Description = $"Bridge {settings.Stage}: wraps the signing keys of envelope mode",
            KeySpec = KeySpec.SYMMETRIC_DEFAULT,
            KeyUsage = KeyUsage.ENCRYPT_DECRYPT,
            EnableKeyRotation = true,
            Policy = policy,
            RemovalPolicy = RemovalPolicy.RETAIN,
            PendingWindow = Duration.Days(30),
        });
    }
}
