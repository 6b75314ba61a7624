using System.Text;
using System.Text.Json;
using Bridge.Agent.Server;
using Bridge.Protocol.Agents;

namespace Bridge.Agent.Tests.Node;

/// <summary>
/// The bodies the agent writes, byte for byte (docs/agent-api.md), and the answers it reads: the agent and the exchange
/// share Bridge.Protocol's types, each with its own serializer settings, and the wire must stay what v1 says.
/// </summary>
public sealed class AgentApiWireTests
{
    [Fact]
    public void Attest_WithoutWebIdentityToken_OmitsTheMember()
    {
        using var evidence = JsonDocument.Parse("""{"document":"e30","signature":"c2ln"}""");

        var json = Write(new AgentAttestationBody { Attestor = "aws_iid", Evidence = evidence.RootElement, Csr = "AQID" }, AgentApiJsonContext.Default.AgentAttestationBody);

        Assert.Equal("""{"attestor":"aws_iid","evidence":{"document":"e30","signature":"c2ln"},"csr":"AQID"}""", json);
    }

    [Fact]
    public void Attest_WithWebIdentityToken_SendsItLast()
    {
        using var evidence = JsonDocument.Parse("{}");

        var json = Write(
            new AgentAttestationBody { Attestor = "aws_sts", Evidence = evidence.RootElement, Csr = "AQID", WebIdentityToken = "a.b.c" },
            AgentApiJsonContext.Default.AgentAttestationBody);

        Assert.Equal("""{"attestor":"aws_sts","evidence":{},"csr":"AQID","web_identity_token":"a.b.c"}""", json);
    }

    [Fact]
    public void RenewAndSvidRequests_AreTheDocumentedBodies()
    {
        Assert.Equal("""{"csr":"AQID"}""", Write(new AgentRenewalBody { Csr = "AQID" }, AgentApiJsonContext.Default.AgentRenewalBody));
        Assert.Equal(
            """{"requests":[{"entry_id":"e1","csr":"AQID"},{"entry_id":"e2","csr":"BAUG"}]}""",
            Write(
                new AgentX509SvidBatchRequest { Requests = [new() { EntryId = "e1", Csr = [1, 2, 3] }, new() { EntryId = "e2", Csr = [4, 5, 6] }] },
                AgentApiJsonContext.Default.AgentX509SvidBatchRequest));
        Assert.Equal(
            """{"entry_id":"e1","audience":["ledger","sts.amazonaws.com"]}""",
            Write(new AgentJwtSvidRequest { EntryId = "e1", Audience = ["ledger", "sts.amazonaws.com"] }, AgentApiJsonContext.Default.AgentJwtSvidRequest));
    }

    [Fact]
    public void Entries_WithoutOptionalMembers_AreRead_AndUnknownMembersIgnored()
    {
        var entries = AgentApiJson.TryDeserialize(
            """{"revision":"r1","trust_domain":"example.org","bundle":{"keys":[]},"later":1,"entries":[{"id":"e1","spiffe_id":"spiffe://example.org/w","parent_id":"spiffe://example.org/a","selectors":["unix:uid:1000"],"audiences":[],"dns_names":[],"x509_svid_ttl_seconds":3600}]}"""u8,
            AgentApiJsonContext.Default.AgentEntriesResponse);

        var entry = Assert.Single(entries!.Entries);
        Assert.Equal(3600, entry.X509SvidTtlSeconds);
        Assert.Null(entry.JwtSvidTtlSeconds);
        Assert.Null(entry.Hint);
    }

    [Theory]
    [InlineData("""{"revision":"r1","trust_domain":"example.org","bundle":{},"entries":[],"revision":"r2"}""")]
    [InlineData("""{"revision":null,"trust_domain":"example.org","bundle":{},"entries":[]}""")]
    [InlineData("""{"trust_domain":"example.org","bundle":{},"entries":[]}""")]
    public void Entries_RepeatedNullOrMissingRequiredMembers_AreRefused(string body) =>
        Assert.Null(AgentApiJson.TryDeserialize(Encoding.UTF8.GetBytes(body), AgentApiJsonContext.Default.AgentEntriesResponse));

    [Fact]
    public void ErrorBody_WithoutDescription_StillGivesItsCode() =>
        Assert.Equal("invalid_token", AgentApiJson.TryDeserialize("""{"error":"invalid_token"}"""u8, AgentApiJsonContext.Default.OAuthErrorResponse)?.Error);

    private static string Write<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        Encoding.UTF8.GetString(AgentApiJson.Serialize(value, typeInfo));
}
