using System.Collections.Concurrent;
using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Xunit;

namespace Bridge.Testing.Aws.DynamoDb;

/// <summary>
/// An <see cref="IAmazonDynamoDB"/> that records every operation it forwards to a real client, and can fail or hold
/// calls on demand: counts requests exactly, without timing.
/// </summary>
public class CountingDynamoDbProxy : DispatchProxy
{
    private IAmazonDynamoDB _inner = null!;

    /// <summary>Operation names (<c>GetItem</c>, <c>Query</c>, ...) in call order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>
    /// The same calls with the partition each one touches, <c>GetItem node</c>, <c>PutItem replay#…</c>: a count
    /// exact enough to tell a node-record read from a state or revision read (operations on no single item: the name).
    /// </summary>
    public ConcurrentQueue<string> Targets { get; } = new();

    /// <summary>When set, every call throws this (as a network failure would) instead of being forwarded.</summary>
    public Exception? FailWith { get; set; }

    /// <summary>When set, a call signals <see cref="Entered"/> and then waits for this before it is forwarded.</summary>
    public ManualResetEventSlim? Hold { get; set; }

    /// <summary>Signalled by a held call.</summary>
    public ManualResetEventSlim Entered { get; } = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public static (IAmazonDynamoDB Client, CountingDynamoDbProxy Counter) Wrap(IAmazonDynamoDB inner)
    {
        var client = Create<IAmazonDynamoDB, CountingDynamoDbProxy>();
        var counter = (CountingDynamoDbProxy)(object)client;
        counter._inner = inner;
        return (client, counter);
    }

    /// <summary>Forgets the calls so far.</summary>
    public void Reset()
    {
        Calls.Clear();
        Targets.Clear();
    }

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var name = targetMethod.Name;
        if (name.EndsWith("Async", StringComparison.Ordinal))
        {
            Calls.Enqueue(name[..^"Async".Length]);
            Targets.Enqueue(PartitionOf(args?.FirstOrDefault()) is { } partition ? name[..^"Async".Length] + " " + partition : name[..^"Async".Length]);
            if (FailWith is { } failure)
            {
                throw failure;
            }

            if (Hold is { } hold)
            {
                Entered.Set();
                hold.Wait(TestContext.Current.CancellationToken);
            }
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    private static string? PartitionOf(object? request)
    {
        var key = request switch
        {
            GetItemRequest get => get.Key,
            PutItemRequest put => put.Item,
            UpdateItemRequest update => update.Key,
            DeleteItemRequest delete => delete.Key,
            _ => null,
        };
        return key is not null && key.TryGetValue("pk", out var partition) ? partition.S : null;
    }
}
