namespace Bridge.Testing.Aws.Sts;

/// <summary>A session the fake STS granted through <c>AssumeRoleWithWebIdentity</c>.</summary>
public sealed record FakeAssumedRole(string RoleArn, string RoleSessionName, string Subject, string AccessKeyId, DateTimeOffset Expiration);
