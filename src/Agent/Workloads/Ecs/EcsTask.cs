namespace Bridge.Agent.Workloads.Ecs;

/// <summary>The task the agent runs in, checked and in selector form.</summary>
/// <param name="ClusterArn">The cluster's ARN (built from the task ARN when the endpoint gives a short name).</param>
/// <param name="TaskArn">The task's ARN.</param>
/// <param name="Family">The task definition family.</param>
/// <param name="Revision">The task definition revision, decimal.</param>
/// <param name="ContainerNames">Each container's name by its runtime id.</param>
internal sealed record EcsTask(string ClusterArn, string TaskArn, string Family, string Revision, IReadOnlyDictionary<string, string> ContainerNames);
