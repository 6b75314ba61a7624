using Bridge.Infrastructure.Stacks;

namespace Bridge.Infrastructure;

/// <summary>The stacks of one stage.</summary>
/// <param name="State">DynamoDB and KMS, retained.</param>
/// <param name="Service">The function and API.</param>
/// <param name="Consumer">The example consumer role, when <c>bridge:consumerSpiffeId</c> is set.</param>
public sealed record BridgeStacks(StatefulStack State, ServiceStack Service, ConsumerStack? Consumer);
