using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using static Bridge.Authority.Tests.Registration.TestEntries;

namespace Bridge.Authority.Tests.Registration;

public sealed class RegistrationEntryFileTests
{
    private const string FullFile = """
        {
          "entries": [
            {
              "id": "web",
              "spiffe_id": "spiffe://example.org/aws/{account}/role/{role_name}",
              "parent_id": "spiffe://example.org/bridge/attestor/aws-sts",
              "selectors": [
                "aws:account:123456789012",
                "aws:role:web"
              ],
              "x509_svid_ttl": 3600,
              "jwt_svid_ttl": 300,
              "audiences": [
                "sts.amazonaws.com"
              ],
              "dns_names": [
                "web.example.org"
              ],
              "hint": "web tier",
              "expires_at": "2031-02-03T04:05:06Z",
              "revision": 3
            }
          ]
        }

        """;

    [Fact]
    public void Parse_FullEntry_ReadsEveryField()
    {
        var (entries, errors) = RegistrationEntryFile.Parse(FullFile, Validator);

        Assert.Empty(errors);
        var entry = Assert.Single(entries);
        Assert.Equal("web", entry.Id);
        Assert.Equal("spiffe://example.org/aws/{account}/role/{role_name}", entry.SpiffeId);
        Assert.Equal(Parent, entry.ParentId);
        Assert.Equal([Account, Role], entry.Selectors);
        Assert.Equal(TimeSpan.FromHours(1), entry.X509SvidTtl);
        Assert.Equal(TimeSpan.FromMinutes(5), entry.JwtSvidTtl);
        Assert.Equal(["sts.amazonaws.com"], entry.Audiences);
        Assert.Equal(["web.example.org"], entry.DnsNames);
        Assert.Equal("web tier", entry.Hint);
        Assert.Equal(new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero), entry.ExpiresAt);
        Assert.Equal(3, entry.Revision);
    }

    [Fact]
    public void Serialize_FullEntry_WritesTheDocumentedLayout()
    {
        var (entries, _) = RegistrationEntryFile.Parse(FullFile, Validator);

        Assert.Equal(FullFile, RegistrationEntryFile.Serialize(entries));
    }

    [Fact]
    public void Serialize_MinimalEntry_LeavesOutUnsetFields()
    {
        var json = RegistrationEntryFile.Serialize([Entry("web")]);

        Assert.Equal(
            """
            {
              "entries": [
                {
                  "id": "web",
                  "spiffe_id": "spiffe://example.org/workload/web",
                  "parent_id": "spiffe://example.org/bridge/attestor/aws-sts",
                  "selectors": [
                    "aws:account:123456789012"
                  ],
                  "revision": 0
                }
              ]
            }

            """,
            json);
    }

    [Fact]
    public void Serialize_ThenParse_RoundTrips()
    {
        RegistrationEntry[] original =
        [
            Entry("a", Account, Role) with
            {
                Hint = "quotes \" and \\ and \u00e9 and <tag>",
                ExpiresAt = new DateTimeOffset(2030, 1, 1, 2, 0, 0, 123, TimeSpan.FromHours(2)),
                X509SvidTtl = TimeSpan.FromSeconds(61),
            },
            Entry("b", Region),
        ];

        var (entries, errors) = RegistrationEntryFile.Parse(RegistrationEntryFile.Serialize(original), Validator);

        Assert.Empty(errors);
        Assert.Equal(2, entries.Count);
        Assert.Equal(original[0].Hint, entries[0].Hint);
        Assert.Equal(original[0].ExpiresAt, entries[0].ExpiresAt);
        Assert.Equal(original[0].X509SvidTtl, entries[0].X509SvidTtl);
        Assert.Equal(original[0].Selectors, entries[0].Selectors);
        Assert.Equal(original[1].Selectors, entries[1].Selectors);
    }

    [Fact]
    public void Serialize_ThenParse_NodeSetDefinitionAndWorkloadEntriesRoundTrip()
    {
        RegistrationEntry[] original =
        [
            new()
            {
                Id = "web-nodes",
                SpiffeId = "spiffe://example.org/bridge/nodeset/web",
                ParentId = BridgeIds.Server(ExampleOrg),
                Selectors = [Selector.Parse("aws_iid:tag:role:web"), Selector.Parse("aws_iid:account_id:123456789012")],
                Revision = 2,
            },
            new()
            {
                Id = "web",
                SpiffeId = "spiffe://example.org/web",
                ParentId = BridgeIds.NodeSet(ExampleOrg, "web"),
                Selectors = [Selector.Parse("unix:uid:1000"), Selector.Parse("unix:path:/opt/web:1/bin/web"), Selector.Parse("unix:sha256:" + new string('e', 64))],
                Audiences = ["sts.amazonaws.com"],
                X509SvidTtl = TimeSpan.FromHours(1),
            },
            new()
            {
                Id = "api",
                SpiffeId = "spiffe://example.org/api",
                ParentId = BridgeIds.Agent(ExampleOrg, "aws_iid", ["123456789012", "us-east-1", "i-0abc"]),
                Selectors = [Selector.Parse("docker:label:com.example.role:api:v2"), Selector.Parse("docker:image_id:sha256:" + new string('0', 64))],
            },
        ];

        var json = RegistrationEntryFile.Serialize(original);
        var (entries, errors) = RegistrationEntryFile.Parse(json, Validator);

        Assert.Empty(errors);
        Assert.Equal(json, RegistrationEntryFile.Serialize(entries));
        Assert.Equal(original.Select(e => e.ParentId), entries.Select(e => e.ParentId));
        Assert.Equal(original.SelectMany(e => e.Selectors), entries.SelectMany(e => e.Selectors));
        Assert.Contains("\"parent_id\": \"spiffe://example.org/bridge/server\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_FractionalTimestamp_KeepsTheFractionInUtc()
    {
        var json = RegistrationEntryFile.Serialize(
            [Entry() with { ExpiresAt = new DateTimeOffset(2030, 1, 1, 2, 0, 0, 500, TimeSpan.FromHours(2)) }]);

        Assert.Contains("\"expires_at\": \"2030-01-01T00:00:00.5Z\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2030-01-01T00:00:00Z")]
    [InlineData("2030-01-01t00:00:00z")]
    [InlineData("2030-01-01T02:00:00+02:00")]
    [InlineData("2029-12-31T19:00:00-05:00")]
    [InlineData("2030-01-01T00:00:00.0000000Z")]
    public void Parse_Rfc3339Timestamps_Accepted(string timestamp)
    {
        var (entries, errors) = RegistrationEntryFile.Parse(EntryJson($"\"expires_at\": \"{timestamp}\""), Validator);

        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), Assert.Single(entries).ExpiresAt);
    }

    [Fact]
    public void Parse_NullOptionalFields_TreatedAsUnset()
    {
        var (entries, errors) = RegistrationEntryFile.Parse(
            EntryJson("\"x509_svid_ttl\": null, \"jwt_svid_ttl\": null, \"hint\": null, \"expires_at\": null"), Validator);

        Assert.Empty(errors);
        var entry = Assert.Single(entries);
        Assert.Null(entry.X509SvidTtl);
        Assert.Null(entry.Hint);
        Assert.Null(entry.ExpiresAt);
    }

    [Fact]
    public void Parse_ByteOrderMark_Ignored() =>
        Assert.Empty(RegistrationEntryFile.Parse("\uFEFF" + EntryJson(""), Validator).Errors);

    [Fact]
    public void Parse_NoEntries_IsValidAndEmpty()
    {
        var result = RegistrationEntryFile.Parse("""{ "entries": [] }""", Validator);

        Assert.True(result.IsValid);
        Assert.Empty(result.Entries);
    }

    [Theory]
    [InlineData("\"x509_svid_ttl\": \"1h\"", "x509_svid_ttl: must be a whole number of seconds")]
    [InlineData("\"x509_svid_ttl\": 90.5", "x509_svid_ttl: must be a whole number of seconds")]
    [InlineData("\"x509_svid_ttl\": 99999999999", "x509_svid_ttl: must be a whole number of seconds")]
    [InlineData("\"jwt_svid_ttl\": true", "jwt_svid_ttl: must be a whole number of seconds")]
    [InlineData("\"revision\": \"1\"", "revision: must be an integer")]
    [InlineData("\"revision\": 1.5", "revision: must be an integer")]
    [InlineData("\"hint\": 5", "hint: must be a string")]
    [InlineData("\"audiences\": \"sts.amazonaws.com\"", "audiences: must be an array of strings")]
    [InlineData("\"audiences\": [\"a\", 5]", "audiences[1]: must be a string")]
    [InlineData("\"dns_names\": {}", "dns_names: must be an array of strings")]
    [InlineData("\"expires_at\": \"2030-01-01\"", "expires_at: must be an RFC 3339 timestamp")]
    [InlineData("\"expires_at\": \"2030-01-01T00:00:00\"", "expires_at: must be an RFC 3339 timestamp")]
    [InlineData("\"expires_at\": \"2030-13-01T00:00:00Z\"", "expires_at: must be an RFC 3339 timestamp")]
    [InlineData("\"expires_at\": \"1/1/2030\"", "expires_at: must be an RFC 3339 timestamp")]
    [InlineData("\"expires_at\": 1893456000", "expires_at: must be an RFC 3339 timestamp")]
    [InlineData("\"ttl\": 60", "unknown member \"ttl\"")]
    [InlineData("\"hint\": \"a\", \"hint\": \"b\"", "hint: duplicate member")]
    public void Parse_BadField_ReportsItWithLineAndEntry(string fields, string expected)
    {
        var (entries, errors) = RegistrationEntryFile.Parse(EntryJson(fields), Validator);

        Assert.Empty(entries);
        var error = Assert.Single(errors);
        Assert.Matches(@"^line 8, column \d+: entries\[0\] \(id ""web""\): ", error);
        Assert.EndsWith(expected, error[..(error.IndexOf(expected, StringComparison.Ordinal) + expected.Length)], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"selectors\": [\"aws:account:1\", \"no-colon\"]", "selectors[1]: must have the form type:value")]
    [InlineData("\"selectors\": [\"aws:account:1\", null]", "selectors[1]: must be a string")]
    [InlineData("\"selectors\": \"aws:account:1\"", "selectors: must be an array of strings")]
    [InlineData("\"selectors\": []", "selectors: at least one selector is required")]
    [InlineData("\"parent_id\": \"spiffe://example.org/a//b\"", "parent_id: path cannot contain empty segments")]
    [InlineData("\"parent_id\": 7", "parent_id: must be a string")]
    public void Parse_BadRequiredField_ReportsOnlyThatProblem(string field, string expected)
    {
        var name = field[1..field.IndexOf('"', 1)];
        var json = $$"""
            { "entries": [ {
              "id": "web",
              "spiffe_id": "spiffe://example.org/web",
              {{(name == "parent_id" ? field : "\"parent_id\": \"spiffe://example.org/bridge/attestor/aws-sts\"")}},
              {{(name == "selectors" ? field : "\"selectors\": [\"aws:account:1\"]")}}
            } ] }
            """;

        var (_, errors) = RegistrationEntryFile.Parse(json, Validator);

        var error = Assert.Single(errors);
        Assert.Contains("entries[0] (id \"web\"): " + expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredFields_ReportsEach()
    {
        var (_, errors) = RegistrationEntryFile.Parse("""{ "entries": [ { } ] }""", Validator);

        Assert.Equal(
            [
                "line 1, column 16: entries[0]: id: is required",
                "line 1, column 16: entries[0]: spiffe_id: is required",
                "line 1, column 16: entries[0]: parent_id: is required",
                "line 1, column 16: entries[0]: selectors: at least one selector is required",
            ],
            errors);
    }

    [Fact]
    public void Parse_UnknownMemberWithControlCharacters_IsShownSafely()
    {
        var (_, errors) = RegistrationEntryFile.Parse("{ \"x\\nline 9: fake\": 1, \"entries\": [] }", Validator);

        Assert.Equal(["line 1, column 3: unknown member \"x?line 9: fake\""], errors);
    }

    [Fact]
    public void Parse_DuplicateIds_ReportsTheLaterOne()
    {
        var json = $$"""
            { "entries": [
              {{EntryObject("a")}},
              {{EntryObject("b")}},
              {{EntryObject("a")}}
            ] }
            """;

        var (entries, errors) = RegistrationEntryFile.Parse(json, Validator);

        Assert.Equal(["line 4, column 3: entries[2] (id \"a\"): id: duplicate of entries[0]"], errors);
        Assert.Equal(["a", "b"], entries.Select(e => e.Id));
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOne()
    {
        var json = """
            {
              "version": 2,
              "entries": [
                {
                  "id": "good",
                  "spiffe_id": "spiffe://example.org/good",
                  "parent_id": "spiffe://example.org/bridge/attestor/aws-sts",
                  "selectors": ["aws:account:1"]
                },
                {
                  "id": "bad",
                  "spiffe_id": "spiffe://example.org/bridge/x",
                  "parent_id": "spiffe://other.org/bridge/attestor/aws-sts",
                  "selectors": ["aws:account:1", "aws:account:1"],
                  "x509_svid_ttl": 5,
                  "colour": "blue"
                },
                "not an entry",
                {
                  "id": "bad/id",
                  "spiffe_id": "spiffe://example.org/{Role}",
                  "parent_id": "spiffe://example.org/bridge/attestor/aws-sts",
                  "selectors": ["aws:account:1"],
                  "dns_names": ["-x"]
                }
              ]
            }
            """;

        var (entries, errors) = RegistrationEntryFile.Parse(json, Validator);

        Assert.Equal(["good"], entries.Select(e => e.Id));
        Assert.Equal(
            [
                "line 2, column 3: unknown member \"version\"",
                "line 16, column 7: entries[1] (id \"bad\"): unknown member \"colour\"",
                "line 10, column 5: entries[1] (id \"bad\"): spiffe_id: the path /bridge and everything under it is reserved for Bridge",
                "line 10, column 5: entries[1] (id \"bad\"): parent_id: must be in trust domain example.org",
                "line 10, column 5: entries[1] (id \"bad\"): selectors[1]: duplicate selector",
                "line 10, column 5: entries[1] (id \"bad\"): x509_svid_ttl: must be between 60 and 604800 seconds",
                "line 18, column 5: entries[2]: must be an object",
                "line 19, column 5: entries[3]: id: characters are limited to letters, digits, '.', '_', ':' and '-'",
                "line 19, column 5: entries[3]: spiffe_id: placeholder names must match [a-z][a-z0-9_]* and have at most 64 characters",
                "line 19, column 5: entries[3]: dns_names[0]: not a valid DNS name: it has a label starting or ending with '-' (labels of 1-63 letters, digits or '-', not starting or ending with '-', at most 253 characters, no trailing dot, internationalised names as xn-- A-labels, an optional '*.' wildcard only over two or more labels)",
            ],
            errors);
    }

    [Theory]
    [InlineData("", "line 1")]
    [InlineData("[]", "line 1, column 1: the document must be a JSON object")]
    [InlineData("{}", "the member \"entries\" is required")]
    [InlineData("{ \"entries\": {} }", "line 1, column 14: \"entries\" must be an array")]
    [InlineData("{ \"entries\": [] } x", "line 1, column 19: invalid JSON")]
    [InlineData("{ \"entries\": [] }\n// comment", "line 2, column 1: invalid JSON")]
    [InlineData("{ \"entries\": [], }", "line 1, column 18: invalid JSON")]
    [InlineData("{ \"entries\": [], \"entries\": [] }", "line 1, column 18: duplicate member \"entries\"")]
    public void Parse_BadDocument_ReportsWhere(string json, string expected)
    {
        var (entries, errors) = RegistrationEntryFile.Parse(json, Validator);

        Assert.Empty(entries);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal) || e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SyntaxErrorAfterValidEntries_ReportsLineAndEarlierProblems()
    {
        var json = """
            { "entries": [
              { "id": "a", "spiffe_id": "spiffe://example.org/a", "parent_id": "spiffe://example.org/bridge/attestor/p", "selectors": [], "extra": 1 },
              { "id": "b" "spiffe_id": "x" }
            ] }
            """;

        var (_, errors) = RegistrationEntryFile.Parse(json, Validator);

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("line 2, column 127: entries[0] (id \"a\"): unknown member \"extra\"", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("line 2, column 3: entries[0] (id \"a\"): selectors: at least one", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("line 3, column 15: invalid JSON:", errors[2], StringComparison.Ordinal);
    }

    private static string EntryJson(string fields) => $$"""
        {
          "entries": [
            {
              "id": "web",
              "spiffe_id": "spiffe://example.org/web",
              "parent_id": "spiffe://example.org/bridge/attestor/aws-sts",
              "selectors": ["aws:account:123456789012"]{{(fields.Length == 0 ? "" : ",\n      " + fields)}}
            }
          ]
        }
        """;

    private static string EntryObject(string id) =>
        $$"""{ "id": "{{id}}", "spiffe_id": "spiffe://example.org/{{id}}", "parent_id": "spiffe://example.org/bridge/attestor/aws-sts", "selectors": ["aws:account:1"] }""";
}
