using System.Text.Json.Nodes;

namespace Bridge.Infrastructure.Tests;

/// <summary>
/// Walks every IAM policy statement of a template (identity policies, inline role policies, managed policies, KMS key
/// policies) and lists what breaks least privilege: wildcard actions, NotAction/NotResource, <c>Resource: "*"</c> for an
/// action that can be scoped, ARNs with a wildcard account or Region, and managed policies on roles.
/// </summary>
internal static class PolicyAudit
{
    /// <summary>Actions with no resource to scope to (Service Authorization Reference: no resource type).</summary>
    public static readonly HashSet<string> UnscopableActions = new(StringComparer.Ordinal) { "kms:CreateKey", "kms:ListAliases", "ec2:DescribeInstances" };

    public static List<string> Violations(JsonObject template)
    {
        var violations = new List<string>();
        foreach (var (logicalId, node) in template["Resources"]!.AsObject())
        {
            var resource = node!.AsObject();
            var properties = resource["Properties"] as JsonObject;
            switch ((string?)resource["Type"])
            {
                case "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy":
                    Check(logicalId, properties?["PolicyDocument"], keyPolicy: false, violations);
                    break;
                case "AWS::IAM::Role":
                    if (properties?["ManagedPolicyArns"] is JsonArray { Count: > 0 })
                    {
                        violations.Add($"{logicalId}: role has managed policies");
                    }

                    foreach (var inline in properties?["Policies"] as JsonArray ?? [])
                    {
                        Check(logicalId, inline!["PolicyDocument"], keyPolicy: false, violations);
                    }

                    break;
                case "AWS::KMS::Key":
                    // In a key policy "Resource": "*" means "this key"; its actions are still checked.
                    Check(logicalId, properties?["KeyPolicy"], keyPolicy: true, violations);
                    break;
            }
        }

        return violations;
    }

    /// <summary>Every statement of the identity policies in a template: (logical id, statement).</summary>
    public static IEnumerable<(string LogicalId, JsonObject Statement)> IdentityStatements(JsonObject template) =>
        template["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == "AWS::IAM::Policy")
            .SelectMany(r => r.Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => (r.Key, s!.AsObject())));

    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(item => item is JsonValue value && value.TryGetValue<string>(out var text) ? text : "<intrinsic>")],
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => ["<intrinsic>"],
    };

    private static void Check(string logicalId, JsonNode? document, bool keyPolicy, List<string> violations)
    {
        foreach (var statementNode in document?["Statement"] as JsonArray ?? [])
        {
            var statement = statementNode!.AsObject();
            var sid = (string?)statement["Sid"] ?? "(no sid)";
            var where = $"{logicalId} {sid}";
            if (statement.ContainsKey("NotAction") || statement.ContainsKey("NotResource"))
            {
                violations.Add($"{where}: NotAction/NotResource");
            }

            var actions = Strings(statement["Action"]);
            foreach (var action in actions.Where(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal) || a.Contains('*', StringComparison.Ordinal)))
            {
                violations.Add($"{where}: wildcard action {action}");
            }

            // Trust policies (AssumeRolePolicyDocument) are not walked here and carry no Resource.
            var resources = Strings(statement["Resource"]);
            if (!keyPolicy && resources.Contains("*") && !actions.All(UnscopableActions.Contains))
            {
                violations.Add($"{where}: Resource * for {string.Join(",", actions.Where(a => !UnscopableActions.Contains(a)))}");
            }

            foreach (var arn in resources.Where(r => r.StartsWith("arn:", StringComparison.Ordinal)))
            {
                var parts = arn.Split(':');
                if (parts.Length < 6 || parts[1..5].Any(p => p.Contains('*', StringComparison.Ordinal)))
                {
                    violations.Add($"{where}: ARN with a wildcard partition, service, Region or account: {arn}");
                }
            }
        }
    }
}
