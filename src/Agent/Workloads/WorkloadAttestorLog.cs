namespace Bridge.Agent.Workloads;

/// <summary>
/// Source-generated log messages of the workload attestors (event ids 8200–8299). Selectors are facts about local
/// processes, not secrets, but they are counted rather than listed; environment variables are never read.
/// </summary>
internal static partial class WorkloadAttestorLog
{
    [LoggerMessage(EventId = 8200, Level = LogLevel.Warning, Message = "Workload attestation refused for pid {ProcessId} (uid {UserId}): {Reason}")]
    public static partial void Refused(ILogger logger, int processId, uint userId, string reason);

    [LoggerMessage(EventId = 8201, Level = LogLevel.Debug, Message = "Workload pid {ProcessId} (uid {UserId}) attested: {SelectorCount} selectors.")]
    public static partial void Attested(ILogger logger, int processId, uint userId, int selectorCount);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Information, Message = "unix: the executable {Path} of pid {ProcessId} has {Size} bytes, more than Unix:HashMaxBytes ({MaxBytes}): no unix:sha256 selector.")]
    public static partial void ExecutableTooLargeToHash(ILogger logger, string path, int processId, long size, long maxBytes);

    [LoggerMessage(EventId = 8203, Level = LogLevel.Information, Message = "unix: the executable of pid {ProcessId} is no longer at {Path} (deleted or replaced on disk): no unix:path selector.")]
    public static partial void ExecutableNotAtPath(ILogger logger, int processId, string path);

    [LoggerMessage(EventId = 8204, Level = LogLevel.Warning, Message = "unix: statx is unavailable ({Detail}): executables are hashed at every attestation instead of once per file.")]
    public static partial void FileIdentityUnavailable(ILogger logger, string detail);

    [LoggerMessage(EventId = 8210, Level = LogLevel.Warning, Message = "docker: container {ContainerId} has a label key that cannot be a selector key (empty, ':', whitespace or control characters): it gives no selector.")]
    public static partial void DockerLabelSkipped(ILogger logger, string containerId);

    [LoggerMessage(EventId = 8220, Level = LogLevel.Information, Message = "ecs: task metadata read: task {TaskArn}, task definition {Family}:{Revision}, {ContainerCount} containers.")]
    public static partial void EcsTaskMetadataRead(ILogger logger, string taskArn, string family, string revision, int containerCount);

    [LoggerMessage(EventId = 8221, Level = LogLevel.Information, Message = "ecs: pid {ProcessId} is in no container of task {TaskArn}: no ecs selectors.")]
    public static partial void EcsCallerOutsideTask(ILogger logger, int processId, string taskArn);
}
