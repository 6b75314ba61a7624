using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bridge.Testing.Aws.Ec2;

/// <summary>
/// A local EC2 endpoint on 127.0.0.1 speaking the EC2 Query protocol (form-encoded <c>Action=DescribeInstances&amp;
/// Version=2016-11-15&amp;InstanceId.N=…</c>, XML answers), so the real AWS SDK EC2 client is exercised on the wire. It
/// answers <c>DescribeInstances</c> for instances added with <see cref="AddInstance"/> and, as EC2 does, fails with
/// <c>InvalidInstanceID.NotFound</c> when an asked-for ID is unknown. SigV4 is not checked, only its presence and the
/// access key recorded. <see cref="FailNext"/> injects errors such as throttling (<c>RequestLimitExceeded</c>).
/// </summary>
public sealed partial class FakeEc2Server : IAsyncDisposable
{
    private const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private readonly Lock _lock = new();
    private readonly ConcurrentQueue<FakeEc2Call> _calls = new();
    private readonly ConcurrentDictionary<string, FakeEc2Instance> _instances = new(StringComparer.Ordinal);
    private readonly List<(string Code, HttpStatusCode Status, int Remaining)> _faults = [];
    private readonly WebApplication _app;

    private FakeEc2Server(WebApplication app, Uri serviceUrl)
    {
        _app = app;
        ServiceUrl = serviceUrl;
    }

    /// <summary>The endpoint to give the SDK as <c>ServiceURL</c>.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>Every call received, in order (refused ones included).</summary>
    public IReadOnlyCollection<FakeEc2Call> Calls => _calls;

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeEc2Server> StartAsync()
    {
        var app = LoopbackWebApplication.CreateBuilder().Build();
        FakeEc2Server? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        server = new FakeEc2Server(app, LoopbackWebApplication.BaseAddress(app));
        return server;
    }

    /// <summary>Adds (or replaces) an instance.</summary>
    public void AddInstance(FakeEc2Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        _instances[instance.InstanceId] = instance;
    }

    /// <summary>Answers the next <paramref name="count"/> calls with the EC2 error <paramref name="code"/>.</summary>
    public void FailNext(int count, string code = "RequestLimitExceeded", HttpStatusCode status = HttpStatusCode.ServiceUnavailable)
    {
        lock (_lock)
        {
            _faults.Add((code, status, count));
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    [GeneratedRegex(@"Credential=([^/,\s]+)/", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialPattern();

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            await WriteAsync(context, HttpStatusCode.BadRequest, Error("InvalidAction", "Not an EC2 Query request.")).ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        var ids = form.Keys
            .Where(k => k.StartsWith("InstanceId.", StringComparison.Ordinal))
            .OrderBy(k => int.TryParse(k["InstanceId.".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .Select(k => form[k].ToString())
            .ToList();
        var authorization = context.Request.Headers.Authorization.ToString();
        var credential = CredentialPattern().Match(authorization);
        var call = new FakeEc2Call(
            form["Action"].FirstOrDefault(),
            form["Version"].FirstOrDefault(),
            ids,
            authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal),
            credential.Success ? credential.Groups[1].Value : null,
            context.Request.Headers["X-Amz-Security-Token"].FirstOrDefault());
        _calls.Enqueue(call);
        var (status, body) = Dispatch(call);
        await WriteAsync(context, status, body).ConfigureAwait(false);
    }

    private (HttpStatusCode Status, XElement Body) Dispatch(FakeEc2Call call)
    {
        lock (_lock)
        {
            var fault = _faults.FindIndex(f => f.Remaining > 0);
            if (fault >= 0)
            {
                var (code, status, remaining) = _faults[fault];
                _faults[fault] = (code, status, remaining - 1);
                return (status, Error(code, "Injected fault."));
            }
        }

        if (call.Version != "2016-11-15" || call.Action != "DescribeInstances")
        {
            return (HttpStatusCode.BadRequest, Error("InvalidAction", $"The action {call.Action} is not valid for this web service."));
        }

        var unknown = call.InstanceIds.Where(id => !_instances.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            var malformed = unknown.FirstOrDefault(id => !InstanceIdPattern().IsMatch(id));
            return malformed is not null
                ? (HttpStatusCode.BadRequest, Error("InvalidInstanceID.Malformed", $"Invalid id: \"{malformed}\""))
                : (HttpStatusCode.BadRequest, Error("InvalidInstanceID.NotFound", $"The instance ID{(unknown.Count > 1 ? "s" : string.Empty)} '{string.Join(", ", unknown)}' do{(unknown.Count > 1 ? string.Empty : "es")} not exist"));
        }

        var instances = call.InstanceIds.Count == 0 ? _instances.Values.ToList() : call.InstanceIds.Select(id => _instances[id]).ToList();
        return (HttpStatusCode.OK, Describe(instances));
    }

    [GeneratedRegex(@"^i-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceIdPattern();

    private static XElement Describe(IEnumerable<FakeEc2Instance> instances) =>
        E("DescribeInstancesResponse",
            E("requestId", Guid.NewGuid().ToString()),
            E("reservationSet", instances.Select(i =>
                E("item",
                    E("reservationId", "r-" + i.InstanceId[2..]),
                    E("ownerId", i.OwnerId),
                    E("groupSet"),
                    E("instancesSet", E("item", Instance(i)))))));

    private static IEnumerable<XElement> Instance(FakeEc2Instance i)
    {
        yield return E("instanceId", i.InstanceId);
        yield return E("imageId", i.ImageId);
        yield return E("instanceState", E("code", StateCode(i.State)), E("name", i.State));
        yield return E("instanceType", i.InstanceType);
        if (i.SubnetId is not null)
        {
            yield return E("subnetId", i.SubnetId);
        }

        if (i.VpcId is not null)
        {
            yield return E("vpcId", i.VpcId);
        }

        yield return E("groupSet", i.SecurityGroups.Select(g => E("item", E("groupId", g.Id), E("groupName", g.Name))));
        if (i.Tags.Count > 0)
        {
            yield return E("tagSet", i.Tags.Select(t => E("item", E("key", t.Key), E("value", t.Value))));
        }

        if (i.InstanceProfileArn is not null)
        {
            yield return E("iamInstanceProfile", E("arn", i.InstanceProfileArn), E("id", "AIPAEXAMPLE0PROFILE0ID"));
        }
    }

    private static string StateCode(string state) => state switch
    {
        "pending" => "0",
        "running" => "16",
        "shutting-down" => "32",
        "terminated" => "48",
        "stopping" => "64",
        "stopped" => "80",
        _ => "16",
    };

    private static XElement E(string name, params object?[] content) => new(XName.Get(name, Namespace), content);

    // EC2's error document has no namespace: <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>.
    private static XElement Error(string code, string message) =>
        new("Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
            new XElement("RequestID", Guid.NewGuid().ToString()));

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, XElement body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        var bytes = Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting));
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }
}
