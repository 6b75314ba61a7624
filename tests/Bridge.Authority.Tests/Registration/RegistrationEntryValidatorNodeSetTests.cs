using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;
using static Bridge.Authority.Tests.Registration.TestEntries;

namespace Bridge.Authority.Tests.Registration;

/// <summary>
/// The rules that depend on the parent: node-set definitions, workload entries under agents and node sets, and the
/// workload selector syntax. Each failing case breaks exactly one rule of a valid entry.
/// </summary>
public sealed class RegistrationEntryValidatorNodeSetTests
{
    private static readonly SpiffeId Agent = SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc");
    private static readonly SpiffeId WebNodeSet = SpiffeId.Parse("spiffe://example.org/bridge/nodeset/web");
    private static readonly string Digest = new('a', 64);
    private const string EcsClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
    private const string EcsTaskArn = "arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef";

    private static readonly Dictionary<string, (Func<RegistrationEntry> Entry, string Error)> FailCases = new()
    {
        // Node-set definitions.
        ["definition/spiffe-id-not-a-node-set"] = (() => Definition() with { SpiffeId = "spiffe://example.org/web" }, "spiffe_id: a node-set definition (parent_id spiffe://example.org/bridge/server) must have the SPIFFE ID spiffe://example.org/bridge/nodeset/<name>"),
        ["definition/spiffe-id-below-a-node-set"] = (() => Definition() with { SpiffeId = "spiffe://example.org/bridge/nodeset/web/x" }, "spiffe_id: a node-set definition"),
        ["definition/spiffe-id-template"] = (() => Definition() with { SpiffeId = "spiffe://example.org/bridge/nodeset/{name}" }, "spiffe_id: a node-set definition"),
        ["definition/spiffe-id-other-trust-domain"] = (() => Definition() with { SpiffeId = "spiffe://other.org/bridge/nodeset/web" }, "spiffe_id: a node-set definition"),
        ["definition/spiffe-id-empty"] = (() => Definition() with { SpiffeId = "" }, "spiffe_id: is required"),
        ["definition/name-uppercase"] = (() => Definition() with { SpiffeId = "spiffe://example.org/bridge/nodeset/Web" }, "spiffe_id: node-set names are 1 to 63 lowercase"),
        ["definition/name-leading-dot"] = (() => Definition() with { SpiffeId = "spiffe://example.org/bridge/nodeset/.web" }, "spiffe_id: node-set names"),
        ["definition/name-leading-hyphen"] = (() => Definition() with { SpiffeId = "spiffe://example.org/bridge/nodeset/-web" }, "spiffe_id: node-set names"),
        ["definition/name-too-long"] = (() => Definition() with { SpiffeId = "spiffe://example.org/bridge/nodeset/" + new string('w', 64) }, "spiffe_id: node-set names"),
        ["definition/x509-ttl"] = (() => Definition() with { X509SvidTtl = TimeSpan.FromHours(1) }, "x509_svid_ttl: a node-set definition issues no SVIDs"),
        ["definition/jwt-ttl"] = (() => Definition() with { JwtSvidTtl = TimeSpan.FromMinutes(5) }, "jwt_svid_ttl: a node-set definition issues no SVIDs"),
        ["definition/audiences"] = (() => Definition() with { Audiences = ["sts.amazonaws.com"] }, "audiences: a node-set definition issues no SVIDs"),
        ["definition/dns-names"] = (() => Definition() with { DnsNames = ["web.example.org"] }, "dns_names: a node-set definition issues no SVIDs"),
        ["definition/hint"] = (() => Definition() with { Hint = "web tier" }, "hint: a node-set definition issues no SVIDs"),
        ["definition/hint-empty"] = (() => Definition() with { Hint = "" }, "hint: a node-set definition issues no SVIDs"),
        ["definition/expires-at"] = (() => Definition() with { ExpiresAt = DateTimeOffset.UnixEpoch }, "expires_at: a node-set definition cannot expire"),
        ["definition/unix-selector"] = (() => Definition() with { Selectors = [Tag, Selector.Parse("unix:uid:1000")] }, "selectors[1]: unix selectors describe workloads, not nodes"),
        ["definition/docker-selector"] = (() => Definition() with { Selectors = [Selector.Parse("docker:label:a:b")] }, "selectors[0]: docker selectors describe workloads"),
        ["definition/no-selectors"] = (() => Definition() with { Selectors = [] }, "selectors: at least one"),

        // Parents.
        ["parent/unknown-path"] = (() => Workload(SpiffeId.Parse("spiffe://example.org/p")), "parent_id: must be an attestor (spiffe://example.org/bridge/attestor/<name>), an agent"),
        ["parent/agent-without-segments"] = (() => Workload(SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid")), "parent_id: must be an attestor"),
        ["parent/agent-without-attestor"] = (() => Workload(SpiffeId.Parse("spiffe://example.org/bridge/agent/i-0abc")), "parent_id: must be an attestor"),
        ["parent/below-a-node-set"] = (() => Workload(SpiffeId.Parse("spiffe://example.org/bridge/nodeset/web/x")), "parent_id: must be an attestor"),
        ["parent/below-the-server"] = (() => Workload(SpiffeId.Parse("spiffe://example.org/bridge/server/x")), "parent_id: must be an attestor"),
        ["parent/bridge-itself"] = (() => Workload(SpiffeId.Parse("spiffe://example.org/bridge")), "parent_id: must be an attestor"),
        ["parent/node-set-name-uppercase"] = (() => Workload(SpiffeId.Parse("spiffe://example.org/bridge/nodeset/Web")), "parent_id: node-set names are"),
        ["parent/node-set-other-trust-domain"] = (() => Workload(SpiffeId.Parse("spiffe://other.org/bridge/nodeset/web")), "parent_id: must be in trust domain"),
        ["parent/agent-other-trust-domain"] = (() => Workload(SpiffeId.Parse("spiffe://other.org/bridge/agent/aws_iid/1/r/i")), "parent_id: must be in trust domain"),

        // SPIFFE IDs of workload entries.
        ["workload/template-under-node-set"] = (() => Workload(WebNodeSet) with { SpiffeId = "spiffe://example.org/aws/{account}" }, "spiffe_id: placeholders are filled from an attestor's verified values"),
        ["workload/template-under-agent"] = (() => Workload(Agent) with { SpiffeId = "spiffe://example.org/{instance}/web" }, "spiffe_id: placeholders are filled"),
        ["workload/spiffe-id-a-node-set"] = (() => Workload(WebNodeSet) with { SpiffeId = "spiffe://example.org/bridge/nodeset/web" }, "spiffe_id: the path /bridge and everything under it is reserved for Bridge (a node-set definition has parent_id spiffe://example.org/bridge/server)"),
        ["workload/spiffe-id-an-agent"] = (() => Workload(WebNodeSet) with { SpiffeId = Agent.ToString() }, "spiffe_id: the path /bridge and everything under it is reserved for Bridge"),
        ["workload/spiffe-id-the-server"] = (() => Workload(Agent) with { SpiffeId = "spiffe://example.org/bridge/server" }, "spiffe_id: the path /bridge"),
        ["attestor/spiffe-id-a-node-set"] = (() => Entry() with { SpiffeId = "spiffe://example.org/bridge/nodeset/web" }, "spiffe_id: the path /bridge"),

        // Workload selectors belong to agent-side entries.
        ["attestor/unix-selector"] = (() => Entry("web", Account, Selector.Parse("unix:uid:1000")), "selectors[1]: unix selectors are presented by workloads to an agent, never to an attestor"),
        ["attestor/docker-selector"] = (() => Entry("web", Selector.Parse("docker:image_id:sha256:" + new string('a', 64))), "selectors[0]: docker selectors are presented by workloads"),

        // Workload selector syntax.
        ["unix/uid-leading-zero"] = (() => WithSelector("unix:uid:01000"), "selectors[0]: unix:uid: must be followed by a decimal number from 0 to 4294967294"),
        ["unix/uid-negative"] = (() => WithSelector("unix:uid:-1"), "selectors[0]: unix:uid: must be followed by a decimal"),
        ["unix/uid-too-large"] = (() => WithSelector("unix:uid:4294967295"), "selectors[0]: unix:uid: must be followed by a decimal"),
        ["unix/uid-eleven-digits"] = (() => WithSelector("unix:uid:10000000000"), "selectors[0]: unix:uid: must be followed by a decimal"),
        ["unix/uid-empty"] = (() => WithSelector("unix:uid:"), "selectors[0]: unix:uid: must be followed by a decimal"),
        ["unix/uid-plus"] = (() => WithSelector("unix:uid:+5"), "selectors[0]: unix:uid: must be followed by a decimal"),
        ["unix/uid-non-ascii-digit"] = (() => WithSelector("unix:uid:\u0661"), "selectors[0]: unix:uid: must be followed by a decimal"),
        ["unix/gid-not-a-number"] = (() => WithSelector("unix:gid:staff"), "selectors[0]: unix:gid: must be followed by a decimal"),
        ["unix/user-by-number"] = (() => WithSelector("unix:user:1000"), "selectors[0]: unix:user: names a user by number; write unix:uid:1000 instead"),
        ["unix/group-by-number"] = (() => WithSelector("unix:group:50"), "selectors[0]: unix:group: names a group by number; write unix:gid:50 instead"),
        ["unix/user-empty"] = (() => WithSelector("unix:user:"), "selectors[0]: unix:user: must be followed by a user name"),
        ["unix/user-leading-hyphen"] = (() => WithSelector("unix:user:-web"), "selectors[0]: unix:user: must be followed by a user name"),
        ["unix/user-space"] = (() => WithSelector("unix:user:web app"), "selectors[0]: unix:user: must be followed"),
        ["unix/user-colon"] = (() => WithSelector("unix:user:web:app"), "selectors[0]: unix:user: must be followed"),
        ["unix/user-newline"] = (() => WithSelector("unix:user:web\n"), "selectors[0]: unix:user: must be followed"),
        ["unix/user-too-long"] = (() => WithSelector("unix:user:" + new string('u', 257)), "selectors[0]: unix:user: must be followed"),
        ["unix/group-slash"] = (() => WithSelector("unix:group:a/b"), "selectors[0]: unix:group: must be followed by a group name"),
        ["unix/path-relative"] = (() => WithSelector("unix:path:usr/bin/app"), "selectors[0]: unix:path: must be followed by an absolute path"),
        ["unix/path-root"] = (() => WithSelector("unix:path:/"), "selectors[0]: unix:path: must be followed by an absolute path"),
        ["unix/path-empty"] = (() => WithSelector("unix:path:"), "selectors[0]: unix:path: must be followed by an absolute path"),
        ["unix/path-double-slash"] = (() => WithSelector("unix:path:/usr//bin/app"), "selectors[0]: unix:path: the path cannot contain empty segments"),
        ["unix/path-trailing-slash"] = (() => WithSelector("unix:path:/usr/bin/"), "selectors[0]: unix:path: the path cannot contain empty segments"),
        ["unix/path-dot"] = (() => WithSelector("unix:path:/usr/./bin/app"), "selectors[0]: unix:path: the path cannot contain '.' or '..'"),
        ["unix/path-dot-dot"] = (() => WithSelector("unix:path:/opt/app/../bin/sh"), "selectors[0]: unix:path: the path cannot contain '.' or '..'"),
        ["unix/path-nul"] = (() => WithSelector("unix:path:/usr/bin/app\0"), "selectors[0]: unix:path: the path cannot contain control characters"),
        ["unix/path-too-long"] = (() => WithSelector("unix:path:/" + new string('p', 4096)), "selectors[0]: unix:path: the path must have at most 4096"),
        ["unix/sha256-uppercase"] = (() => WithSelector("unix:sha256:" + new string('A', 64)), "selectors[0]: unix:sha256: must be followed by 64 lowercase hexadecimal digits"),
        ["unix/sha256-short"] = (() => WithSelector("unix:sha256:" + new string('a', 63)), "selectors[0]: unix:sha256: must be followed by 64"),
        ["unix/sha256-long"] = (() => WithSelector("unix:sha256:" + new string('a', 65)), "selectors[0]: unix:sha256: must be followed by 64"),
        ["unix/sha256-trailing-newline"] = (() => WithSelector("unix:sha256:" + new string('a', 64) + "\n"), "selectors[0]: unix:sha256: must be followed by 64"),
        ["unix/unknown-key"] = (() => WithSelector("unix:pid:1"), "selectors[0]: not a unix selector Bridge knows (the forms are unix:uid:…, unix:gid:…"),
        ["unix/key-other-case"] = (() => WithSelector("unix:UID:1000"), "selectors[0]: not a unix selector Bridge knows"),
        ["docker/label-without-value"] = (() => WithSelector("docker:label:role"), "selectors[0]: docker:label: must be followed by <key>:<value>"),
        ["docker/label-empty-key"] = (() => WithSelector("docker:label::web"), "selectors[0]: docker:label: must be followed by <key>:<value>"),
        ["docker/label-key-space"] = (() => WithSelector("docker:label:my role:web"), "selectors[0]: docker:label: the label key cannot contain spaces"),
        ["docker/label-value-control"] = (() => WithSelector("docker:label:role:web\u001b[2J"), "selectors[0]: docker:label: the label value cannot contain control characters"),
        ["docker/image-id-tag"] = (() => WithSelector("docker:image_id:nginx:latest"), "selectors[0]: docker:image_id: must be followed by the image's content ID"),
        ["docker/image-id-bare-hex"] = (() => WithSelector("docker:image_id:" + new string('a', 64)), "selectors[0]: docker:image_id: must be followed by the image's content ID"),
        ["docker/image-id-uppercase"] = (() => WithSelector("docker:image_id:sha256:" + new string('A', 64)), "selectors[0]: docker:image_id: must be"),
        ["docker/unknown-key"] = (() => WithSelector("docker:name:web"), "selectors[0]: not a docker selector Bridge knows (the forms are docker:label:…, docker:image_id:…)"),
        ["unix/supplementary-gid-leading-zero"] = (() => WithSelector("unix:supplementary_gid:010"), "selectors[0]: unix:supplementary_gid: must be followed by a decimal number"),
        ["unix/supplementary-gid-name"] = (() => WithSelector("unix:supplementary_gid:docker"), "selectors[0]: unix:supplementary_gid: must be followed by a decimal"),
        ["unix/supplementary-group-by-number"] = (() => WithSelector("unix:supplementary_group:999"), "selectors[0]: unix:supplementary_group: names a group by number; write unix:supplementary_gid:999 instead"),
        ["unix/supplementary-group-space"] = (() => WithSelector("unix:supplementary_group:dev ops"), "selectors[0]: unix:supplementary_group: must be followed by a group name"),
        ["unix/supplementary-key-misspelled"] = (() => WithSelector("unix:supplementary_groups:docker"), "selectors[0]: not a unix selector Bridge knows"),
        ["attestor/ecs-selector"] = (() => Entry("web", Selector.Parse("ecs:task_family:web")), "selectors[0]: ecs selectors are presented by workloads to an agent, never to an attestor"),
        ["definition/ecs-selector"] = (() => Definition() with { Selectors = [Selector.Parse("ecs:task_family:web")] }, "selectors[0]: ecs selectors describe workloads, not nodes"),
        ["ecs/cluster-short-name"] = (() => WithSelector("ecs:cluster:prod"), "selectors[0]: ecs:cluster: must be followed by the cluster's ARN"),
        ["ecs/cluster-arn-of-a-task"] = (() => WithSelector("ecs:cluster:" + EcsTaskArn), "selectors[0]: ecs:cluster: must be followed by the cluster's ARN"),
        ["ecs/cluster-arn-short-account"] = (() => WithSelector("ecs:cluster:arn:aws:ecs:us-east-1:12345678901:cluster/prod"), "selectors[0]: ecs:cluster: must be"),
        ["ecs/task-arn-of-a-cluster"] = (() => WithSelector("ecs:task_arn:" + EcsClusterArn), "selectors[0]: ecs:task_arn: must be followed by a task ARN"),
        ["ecs/task-arn-trailing-newline"] = (() => WithSelector("ecs:task_arn:" + EcsTaskArn + "\n"), "selectors[0]: ecs:task_arn: must be"),
        ["ecs/family-with-revision"] = (() => WithSelector("ecs:task_family:web:3"), "selectors[0]: ecs:task_family: must be followed by a name"),
        ["ecs/family-empty"] = (() => WithSelector("ecs:task_family:"), "selectors[0]: ecs:task_family: must be followed by a name"),
        ["ecs/family-too-long"] = (() => WithSelector("ecs:task_family:" + new string('f', 256)), "selectors[0]: ecs:task_family: must be"),
        ["ecs/task-definition-without-revision"] = (() => WithSelector("ecs:task_definition:web"), "selectors[0]: ecs:task_definition: must be followed by <family>:<revision>"),
        ["ecs/task-definition-revision-zero"] = (() => WithSelector("ecs:task_definition:web:0"), "selectors[0]: ecs:task_definition: must be"),
        ["ecs/task-definition-revision-leading-zero"] = (() => WithSelector("ecs:task_definition:web:03"), "selectors[0]: ecs:task_definition: must be"),
        ["ecs/task-definition-latest"] = (() => WithSelector("ecs:task_definition:web:latest"), "selectors[0]: ecs:task_definition: must be"),
        ["ecs/container-name-slash"] = (() => WithSelector("ecs:container_name:web/app"), "selectors[0]: ecs:container_name: must be followed by a name"),
        ["ecs/unknown-key"] = (() => WithSelector("ecs:service_name:web"), "selectors[0]: not an ecs selector Bridge knows (the forms are ecs:cluster:…, ecs:task_arn:…, ecs:task_family:…, ecs:task_definition:…, ecs:container_name:…)"),
        ["docker/under-agent-too"] = (() => Workload(Agent) with { Selectors = [Selector.Parse("docker:image_id:latest")] }, "selectors[0]: docker:image_id: must be"),
    };

    private static readonly Dictionary<string, Func<RegistrationEntry>> OkCases = new()
    {
        ["definition/minimal"] = Definition,
        ["definition/one-selector"] = () => Definition() with { Selectors = [Tag] },
        ["definition/name-longest-with-every-allowed-char"] = () => Definition() with { SpiffeId = "spiffe://example.org/bridge/nodeset/0a._-" + new string('w', 57) },
        ["definition/name-one-character"] = () => Definition() with { SpiffeId = "spiffe://example.org/bridge/nodeset/w" },
        ["definition/selectors-of-any-other-type"] = () => Definition() with { Selectors = [Selector.Parse("aws_iid:instance_type:t3.micro"), Account] },
        ["definition/revision"] = () => Definition() with { Revision = 4 },
        ["node-set/minimal"] = () => Workload(WebNodeSet),
        ["agent/minimal"] = () => Workload(Agent),
        ["agent/other-attestor"] = () => Workload(SpiffeId.Parse("spiffe://example.org/bridge/agent/x509pop/ab12")),
        ["node-set/every-field"] = () => Workload(WebNodeSet) with
        {
            X509SvidTtl = TimeSpan.FromHours(1),
            JwtSvidTtl = TimeSpan.FromMinutes(5),
            Audiences = ["sts.amazonaws.com"],
            DnsNames = ["web.example.org"],
            Hint = "web tier",
            ExpiresAt = DateTimeOffset.UnixEpoch,
        },
        ["node-set/other-selector-types-left-to-warnings"] = () => Workload(WebNodeSet) with { Selectors = [Selector.Parse("k8s:ns:web")] },
        ["unix/every-form"] = () => Workload(WebNodeSet) with
        {
            Selectors =
            [
                Selector.Parse("unix:uid:0"),
                Selector.Parse("unix:uid:4294967294"),
                Selector.Parse("unix:gid:1000"),
                Selector.Parse("unix:user:www-data"),
                Selector.Parse("unix:user:_apt"),
                Selector.Parse("unix:user:host$"),
                Selector.Parse("unix:user:svc.web-1"),
                Selector.Parse("unix:group:1a"),
                Selector.Parse("unix:supplementary_gid:0"),
                Selector.Parse("unix:supplementary_gid:4294967294"),
                Selector.Parse("unix:supplementary_group:docker"),
                Selector.Parse("unix:supplementary_group:1a"),
                Selector.Parse("unix:path:/usr/bin/app"),
                Selector.Parse("unix:path:/opt/a:b/.hidden/app..1"),
                Selector.Parse("unix:sha256:" + Digest),
            ],
        },
        ["ecs/every-form"] = () => Workload(Agent) with
        {
            Selectors =
            [
                Selector.Parse("ecs:cluster:" + EcsClusterArn),
                Selector.Parse("ecs:cluster:arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/a_b-c"),
                Selector.Parse("ecs:task_arn:" + EcsTaskArn),
                Selector.Parse("ecs:task_arn:arn:aws:ecs:us-east-1:123456789012:task/0123456789abcdef0123456789abcdef"),
                Selector.Parse("ecs:task_family:web_api-2"),
                Selector.Parse("ecs:task_definition:web_api-2:12"),
                Selector.Parse("ecs:container_name:app"),
            ],
        },
        ["docker/every-form"] = () => Workload(Agent) with
        {
            Selectors =
            [
                Selector.Parse("docker:label:com.example.role:web"),
                Selector.Parse("docker:label:env:"),
                Selector.Parse("docker:label:url:https://example.org:8443/x y"),
                Selector.Parse("docker:image_id:sha256:" + Digest),
            ],
        },
    };

    public static TheoryData<string> FailCaseNames => [.. FailCases.Keys];

    public static TheoryData<string> OkCaseNames => [.. OkCases.Keys];

    private static Selector Tag { get; } = Selector.Parse("aws_iid:tag:role:web");

    [Theory]
    [MemberData(nameof(FailCaseNames))]
    public void Validate_OneRuleBroken_ReportsExactlyThatError(string name)
    {
        var (entry, expected) = FailCases[name];

        var errors = Validator.Validate(entry());

        var error = Assert.Single(errors);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OkCaseNames))]
    public void Validate_ValidEntry_ReportsNothing(string name) =>
        Assert.Empty(Validator.Validate(OkCases[name]()));

    [Fact]
    public void Validate_DefinitionWithEverySvidField_ReportsThemAll()
    {
        var entry = Definition() with
        {
            SpiffeId = "spiffe://example.org/bridge/nodeset/Web",
            Selectors = [Tag, Selector.Parse("unix:uid:1000"), Tag],
            X509SvidTtl = TimeSpan.FromHours(1),
            JwtSvidTtl = TimeSpan.FromMinutes(5),
            Audiences = ["a"],
            DnsNames = ["web.example.org"],
            Hint = "h",
            ExpiresAt = DateTimeOffset.UnixEpoch,
        };

        var errors = Validator.Validate(entry);

        Assert.Equal(
            ["spiffe_id:", "selectors[1]:", "selectors[2]:", "x509_svid_ttl:", "jwt_svid_ttl:", "audiences:", "dns_names:", "hint:", "expires_at:"],
            errors.Select(e => e[..(e.IndexOf(':', StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public void Validate_WorkloadEntryWithManySelectorProblems_ReportsThemAll()
    {
        var entry = Workload(WebNodeSet) with
        {
            SpiffeId = "spiffe://example.org/{account}",
            Selectors = [Selector.Parse("unix:uid:x"), Selector.Parse("unix:path:rel"), Selector.Parse("docker:image_id:latest")],
        };

        var errors = Validator.Validate(entry);

        Assert.Equal(["spiffe_id:", "selectors[0]:", "selectors[1]:", "selectors[2]:"], errors.Select(e => e[..(e.IndexOf(':', StringComparison.Ordinal) + 1)]));
    }

    private static RegistrationEntry Definition() => new()
    {
        Id = "web-nodes",
        SpiffeId = "spiffe://example.org/bridge/nodeset/web",
        ParentId = BridgeIds.Server(ExampleOrg),
        Selectors = [Tag, Selector.Parse("aws_iid:account_id:123456789012")],
    };

    private static RegistrationEntry Workload(SpiffeId parent) => new()
    {
        Id = "web",
        SpiffeId = "spiffe://example.org/web",
        ParentId = parent,
        Selectors = [Selector.Parse("unix:uid:1000")],
    };

    private static RegistrationEntry WithSelector(string selector) => Workload(WebNodeSet) with { Selectors = [Selector.Parse(selector)] };
}
