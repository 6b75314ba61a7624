using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Bridge.Benchmarks;

/// <summary>
/// Just enough of a DynamoDB table, in memory, for <c>DynamoDbRegistrationStore</c> to be seeded with many entries
/// quickly and to load its entry index: transactional puts, the revision read, and the entry query (one page). The
/// agent benchmarks measure the warm index, which makes no calls; this only fills it.
/// </summary>
public class InMemoryEntryTable : DispatchProxy
{
    private readonly List<Dictionary<string, AttributeValue>> _entries = [];
    private long _revision;

    /// <summary>A client over a new, empty table.</summary>
    public static IAmazonDynamoDB Create() => Create<IAmazonDynamoDB, InMemoryEntryTable>();

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        ArgumentNullException.ThrowIfNull(args);
        lock (_entries)
        {
            switch (args[0])
            {
                case TransactWriteItemsRequest write:
                    _entries.AddRange(write.TransactItems.Where(t => t.Put is not null).Select(t => t.Put.Item));
                    _revision++;
                    return Task.FromResult(new TransactWriteItemsResponse());
                case GetItemRequest:
                    return Task.FromResult(new GetItemResponse
                    {
                        Item = new() { ["revision"] = new AttributeValue { N = _revision.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                    });
                case QueryRequest:
                    return Task.FromResult(new QueryResponse { Items = [.. _entries] });
                default:
                    throw new NotSupportedException(targetMethod.Name);
            }
        }
    }
}
