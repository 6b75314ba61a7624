using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Bridge.Testing.Aws.Sts;

/// <summary>
/// <c>AssumeRole</c> as IAM judges it for a caller with fixed credentials: the role must have been allowed with
/// <see cref="AllowAssumeRole"/> (its trust policy), otherwise AccessDenied; the session name and duration are checked
/// as STS checks them. Granted sessions get fresh <c>ASIA…</c> keys, recorded in <see cref="AssumeRoleSessions"/>.
/// </summary>
public sealed partial class FakeStsServer
{
    private const int MaxAssumeRoleSeconds = 43_200;
    private readonly ConcurrentDictionary<string, bool> _assumableRoles = new(StringComparer.Ordinal);

    /// <summary>The sessions granted by <c>AssumeRole</c>, in order (the subject is <see cref="CallerArn"/>).</summary>
    public ConcurrentQueue<FakeAssumedRole> AssumeRoleSessions { get; } = new();

    /// <summary>Lets the caller assume <paramref name="roleArn"/> with <c>AssumeRole</c>.</summary>
    public void AllowAssumeRole(string roleArn)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleArn);
        _assumableRoles[roleArn] = true;
    }

    private (HttpStatusCode Status, XElement Body) AssumeRole(IFormCollection form)
    {
        var roleArn = form["RoleArn"].ToString();
        var sessionName = form["RoleSessionName"].ToString();
        var durationText = form["DurationSeconds"].FirstOrDefault();
        var problems = new List<string>();
        if (roleArn.Length < 20)
        {
            problems.Add("Value at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        }

        if (!RoleSessionNamePattern().IsMatch(sessionName))
        {
            problems.Add("Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }

        var duration = 3600;
        if (durationText is not null
            && (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration is < MinSessionSeconds or > MaxAssumeRoleSeconds))
        {
            problems.Add($"Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to {MinSessionSeconds}");
        }

        if (problems.Count > 0)
        {
            var message = $"{problems.Count} validation error{(problems.Count == 1 ? string.Empty : "s")} detected: " + string.Join("; ", problems);
            return (HttpStatusCode.BadRequest, Error("ValidationError", message));
        }

        if (!_assumableRoles.ContainsKey(roleArn))
        {
            return (HttpStatusCode.Forbidden, Error("AccessDenied", $"User: {CallerArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}"));
        }

        var expires = TimeProvider.GetUtcNow().AddSeconds(duration);
        var accessKeyId = "ASIA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        AssumeRoleSessions.Enqueue(new FakeAssumedRole(roleArn, sessionName, CallerArn, accessKeyId, expires));
        var arnParts = roleArn.Split(':', 6);
        var assumedArn = $"arn:{arnParts[1]}:sts::{arnParts[4]}:assumed-role/{roleArn[(roleArn.LastIndexOf('/') + 1)..]}/{sessionName}";
        var body = new XElement(
            XName.Get("AssumeRoleResponse", Namespace),
            new XElement(
                XName.Get("AssumeRoleResult", Namespace),
                new XElement(
                    XName.Get("AssumedRoleUser", Namespace),
                    new XElement(XName.Get("Arn", Namespace), assumedArn),
                    new XElement(XName.Get("AssumedRoleId", Namespace), "AROAEXAMPLEROLEID:" + sessionName)),
                new XElement(
                    XName.Get("Credentials", Namespace),
                    new XElement(XName.Get("AccessKeyId", Namespace), accessKeyId),
                    new XElement(XName.Get("SecretAccessKey", Namespace), Convert.ToBase64String(RandomNumberGenerator.GetBytes(30))),
                    new XElement(XName.Get("SessionToken", Namespace), Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))),
                    new XElement(XName.Get("Expiration", Namespace), expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))),
            new XElement(
                XName.Get("ResponseMetadata", Namespace),
                new XElement(XName.Get("RequestId", Namespace), Guid.NewGuid().ToString())));
        return (HttpStatusCode.OK, body);
    }
}
