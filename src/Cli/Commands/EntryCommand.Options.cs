using System.CommandLine;
using Bridge.Cli.Entries;
using Bridge.Cli.Stores;

namespace Bridge.Cli.Commands;

/// <content>The options shared by the entry subcommands.</content>
internal static partial class EntryCommand
{
    /// <summary>Where entries live; each falls back to the service's environment settings.</summary>
    private static StoreOptions NewStoreOptions() => new(
        "File or DynamoDb (default: Bridge__Backends__Registration, else File).",
        "The entries file (default: .bridge/entries.json, as the local service).");

    /// <summary><c>bridge entry explain</c>: a token to verify, or selectors for an attestor; audiences to check.</summary>
    /// <param name="environment">The settings the configured attestors are built from.</param>
    /// <param name="run">Makes a subcommand's action from what it does with the open entry store.</param>
    private static Command CreateExplain(
        Microsoft.Extensions.Configuration.IConfiguration environment,
        Func<StoreOperation<EntryOperations>, Func<ParseResult, CancellationToken, Task<int>>> run)
    {
        var token = new Option<string>("--token") { Description = "A subject token to verify with the configured attestors (a file, or - for stdin); it is not spent." };
        var tokenType = new Option<string>("--token-type")
        {
            Description = "The token's subject_token_type (default: the JWT type).",
            DefaultValueFactory = _ => Bridge.Protocol.TokenTypeUris.Jwt,
        };
        var selectors = new Option<string[]>("--selector") { Description = "Instead of a token: a selector type:value the caller has (repeat for more)." };
        var attestor = new Option<string>("--attestor") { Description = "With --selector: the attestor instance the caller comes through." };
        var audiences = new Option<string[]>("--audience") { Description = "An audience a JWT-SVID would be asked for (repeat for more)." };
        var explain = new Command("explain", "Show the caller's verified selectors and, for each entry that matches or nearly matches, why not.")
        {
            token, tokenType, selectors, attestor, audiences,
        };
        explain.SetAction(run((parse, ops, ct) => ops.ExplainAsync(
            new ExplainInput
            {
                TokenSource = parse.GetValue(token),
                TokenType = parse.GetValue(tokenType)!,
                Selectors = parse.GetValue(selectors) ?? [],
                Attestor = parse.GetValue(attestor),
                Audiences = parse.GetValue(audiences) ?? [],
            },
            environment,
            ct)));
        return explain;
    }

    /// <summary>An entry's fields for create and update.</summary>
    private sealed class FieldOptions
    {
        public Option<string> Id { get; } = new("--id") { Description = "The entry id (default: a new UUID)." };

        private readonly Option<string> _spiffeId = new("--spiffe-id") { Description = "The SPIFFE ID or template to issue, e.g. spiffe://example.org/aws/{account}/role/{role_name}." };
        private readonly Option<string> _parentId = new("--parent-id") { Description = "Who may obtain the entry, as a SPIFFE ID: an attestor, an agent (spiffe://<td>/bridge/agent/...) or a node set." };
        private readonly Option<string> _attestor = new("--attestor") { Description = "Shorthand for --parent-id spiffe://<td>/bridge/attestor/<name>." };
        private readonly Option<string> _parentNodeSet = new("--parent-node-set") { Description = "Shorthand for --parent-id spiffe://<td>/bridge/nodeset/<name>: every agent of the node set serves the entry." };
        private readonly Option<string> _nodeSet = new("--node-set") { Description = "Define node set <name>: the entry gets SPIFFE ID spiffe://<td>/bridge/nodeset/<name>, parent spiffe://<td>/bridge/server, and --selector node selectors (e.g. aws_iid:tag:role:web)." };
        private readonly Option<string[]> _selectors = new("--selector") { Description = "A selector type:value the caller must have (repeat for more): attestor selectors, workload selectors (unix:uid:1000) under an agent or node set, node selectors for --node-set." };
        private readonly Option<string[]> _audiences = new("--audience") { Description = "An audience JWT-SVIDs may carry (repeat for more)." };
        private readonly Option<string[]> _dnsNames = new("--dns-name") { Description = "A DNS SAN for X.509-SVIDs (repeat for more)." };
        private readonly Option<string> _x509Ttl = new("--x509-svid-ttl") { Description = "X.509-SVID lifetime, e.g. 1h." };
        private readonly Option<string> _jwtTtl = new("--jwt-svid-ttl") { Description = "JWT-SVID lifetime, e.g. 5m." };
        private readonly Option<string> _hint = new("--hint") { Description = "An operator hint returned with SVIDs." };
        private readonly Option<string> _expiresAt = new("--expires-at") { Description = "When the entry stops applying (RFC 3339)." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _spiffeId, _parentId, _attestor, _parentNodeSet, _nodeSet, _selectors, _audiences, _dnsNames, _x509Ttl, _jwtTtl, _hint, _expiresAt })
            {
                command.Options.Add(option);
            }
        }

        public EntryFields Read(ParseResult parse) => new()
        {
            Id = parse.GetValue(Id),
            SpiffeId = parse.GetValue(_spiffeId),
            ParentId = parse.GetValue(_parentId),
            Attestor = parse.GetValue(_attestor),
            ParentNodeSet = parse.GetValue(_parentNodeSet),
            NodeSet = parse.GetValue(_nodeSet),
            Selectors = parse.GetValue(_selectors) ?? [],
            Audiences = parse.GetValue(_audiences) ?? [],
            DnsNames = parse.GetValue(_dnsNames) ?? [],
            X509SvidTtl = parse.GetValue(_x509Ttl),
            JwtSvidTtl = parse.GetValue(_jwtTtl),
            Hint = parse.GetValue(_hint),
            ExpiresAt = parse.GetValue(_expiresAt),
        };
    }
}
