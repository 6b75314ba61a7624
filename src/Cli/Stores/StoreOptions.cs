using System.CommandLine;

namespace Bridge.Cli.Stores;

/// <summary>
/// The options that say where a command's store is (<c>--store</c>, <c>--file</c>, <c>--table</c>, ...), shared by
/// <c>bridge entry</c> and <c>bridge agent</c>; each falls back to the service's environment settings.
/// </summary>
/// <param name="storeDescription">What <c>--store</c> chooses and its default.</param>
/// <param name="fileDescription">What <c>--file</c> names and its default.</param>
internal sealed class StoreOptions(string storeDescription, string fileDescription)
{
    private readonly Option<string> _store = new("--store") { Description = storeDescription, Recursive = true };
    private readonly Option<string> _file = new("--file") { Description = fileDescription, Recursive = true };
    private readonly Option<string> _table = new("--table") { Description = "The DynamoDB table (default: Bridge__Backends__DynamoDbTable).", Recursive = true };
    private readonly Option<string> _region = new("--region") { Description = "The table's AWS Region (default: the SDK's).", Recursive = true };
    private readonly Option<string> _endpointUrl = new("--endpoint-url") { Description = "A DynamoDB endpoint such as DynamoDB Local.", Recursive = true };
    private readonly Option<string> _trustDomain = new("--trust-domain") { Description = "The trust domain (default: Bridge__Authority__TrustDomain, else example.org).", Recursive = true };

    public void AddTo(Command command)
    {
        foreach (var option in new[] { _store, _file, _table, _region, _endpointUrl, _trustDomain })
        {
            command.Options.Add(option);
        }
    }

    public StoreSettings Read(ParseResult parse) => new()
    {
        Store = parse.GetValue(_store),
        File = parse.GetValue(_file),
        Table = parse.GetValue(_table),
        Region = parse.GetValue(_region),
        EndpointUrl = parse.GetValue(_endpointUrl),
        TrustDomain = parse.GetValue(_trustDomain),
    };
}
