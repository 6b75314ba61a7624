namespace Bridge.Authority.Rotation;

/// <summary>The outcome of one <see cref="JwtKeyRotator.RotateAsync"/> run.</summary>
/// <param name="Revision">The state document's revision after the run.</param>
/// <param name="Steps">The steps taken, in order; empty when nothing was due.</param>
/// <param name="NextStepAt">When the next step becomes due, for scheduling.</param>
public sealed record RotationReport(long Revision, IReadOnlyList<RotationStep> Steps, DateTimeOffset NextStepAt);
