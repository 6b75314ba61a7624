using Amazon.Runtime;
using Bridge.Abstractions;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Cli.Entries;
using Bridge.Spiffe.Id;
using Spectre.Console;

namespace Bridge.Cli.Agents;

/// <summary>
/// The <c>bridge agent</c> operations against an open node store. Exit codes as <c>bridge entry</c>'s: 0 done,
/// 1 refused (unknown agent, changed meanwhile, not confirmed), 2 bad usage or configuration (not an agent ID of the
/// trust domain, a malformed node record file or one others may write), 3 the store is unavailable.
/// </summary>
internal sealed class AgentOperations(NodeStoreConnection connection, IAnsiConsole console, bool json)
{
    private INodeStore Store => connection.Store;

    public Task<int> ListAsync(AgentFilter filter, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var now = connection.Time.GetUtcNow();
        var all = new List<NodeRecord>();
        string? token = null;
        do
        {
            var page = await Store.ListAsync(token, INodeStore.MaxPageSize, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Nodes);
            token = page.NextPageToken;
        }
        while (token is not null);

        // Agent IDs are the store's keys, so unique.
        var statuses = all.ToDictionary(n => n.AgentId, n => AgentRendering.Status(n, now, connection.ExpiryGrace));
        var shown = all.Where(n => filter switch
        {
            AgentFilter.Banned => statuses[n.AgentId] == "banned",
            AgentFilter.Stale => statuses[n.AgentId] == "stale",
            _ => true,
        }).ToList();

        AgentRendering.WriteList(console, shown, n => statuses[n.AgentId], json);
        if (!json)
        {
            var counts = string.Join(", ", new[] { "active", "stale", "banned" }.Select(s => $"{statuses.Values.Count(v => v == s)} {s}"));
            var what = filter == AgentFilter.All ? "agents" : $"{filter.ToString().ToLowerInvariant()} agents";
            console.MarkupLine(Markup.Escape($"{shown.Count} {what} in {connection.Description} ({all.Count} in all: {counts}; stale {DurationText.Format(connection.ExpiryGrace)} after their SVID expires)."));
        }

        return 0;
    });

    public Task<int> ShowAsync(string agentId, CancellationToken cancellationToken) => WithAgentIdAsync(agentId, async id =>
    {
        var node = await Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return NotFound(id);
        }

        AgentRendering.WriteOne(console, node, AgentRendering.Status(node, connection.Time.GetUtcNow(), connection.ExpiryGrace), connection.ExpiryGrace, json);
        return 0;
    });

    public Task<int> EvictAsync(string agentId, long? expectedRevision, Func<SpiffeId, bool> confirm, CancellationToken cancellationToken) =>
        WithAgentIdAsync(agentId, async id =>
        {
            var node = await Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (node is null)
            {
                return NotFound(id);
            }

            if (!confirm(id))
            {
                console.MarkupLine(Markup.Escape($"Nothing was evicted: agent {id} is unchanged."));
                return EntryOperations.Refused;
            }

            // The revision read above unless the operator named one: a record renewed or banned since then is not deleted blindly.
            var result = await Store.DeleteAsync(id, expectedRevision ?? node.Revision, cancellationToken).ConfigureAwait(false);
            return result.Status switch
            {
                NodeWriteStatus.Succeeded => Done(
                    $"Evicted agent {id} from {connection.Description}{(node.Banned ? "; its ban is lifted" : string.Empty)}. " +
                    "The node must attest again; its current agent SVID can no longer be renewed."),
                NodeWriteStatus.NotFound => NotFound(id),
                _ => Fail(expectedRevision is { } revision
                    ? $"Agent {id} is not at revision {revision}; nothing was evicted. Show it and try again."
                    : $"Agent {id} changed meanwhile; nothing was evicted. Show it and try again."),
            };
        });

    public Task<int> BanAsync(string agentId, CancellationToken cancellationToken) => WithAgentIdAsync(agentId, async id =>
    {
        var result = await Store.BanAsync(id, cancellationToken).ConfigureAwait(false);
        return result.Status == NodeWriteStatus.Succeeded
            ? Done($"Banned agent {id} in {connection.Description}: it can neither renew nor attest again until evicted " +
                $"('bridge agent evict {id}'). The agent SVID it holds stays valid until {result.Node!.SvidExpiresAt.ToUniversalTime():u}.")
            : NotFound(id);
    });

    private async Task<int> WithAgentIdAsync(string text, Func<SpiffeId, Task<int>> operation)
    {
        if (!SpiffeId.TryParse(text, out var id, out var error))
        {
            return Usage($"'{text}' is not a SPIFFE ID: {error}");
        }

        if (!BridgeIds.IsAgent(id))
        {
            return Usage($"{id} is not an agent ID (spiffe://<trust domain>/bridge/agent/<attestor>/...); 'bridge agent list' shows them.");
        }

        if (!id.MemberOf(connection.TrustDomain))
        {
            return Usage($"{id} is not in trust domain {connection.TrustDomain} (--trust-domain, Bridge__Authority__TrustDomain).");
        }

        return await GuardAsync(() => operation(id)).ConfigureAwait(false);
    }

    private int Done(string message)
    {
        if (!json)
        {
            console.MarkupLine($"[green]{Markup.Escape(message)}[/]");
        }

        return 0;
    }

    private int NotFound(SpiffeId id) => Fail($"There is no agent {id} in {connection.Description}.");

    private int Fail(string message)
    {
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return EntryOperations.Refused;
    }

    private int Usage(string message)
    {
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return EntryOperations.UsageError;
    }

    private async Task<int> GuardAsync(Func<Task<int>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            // The type names the cause (throttling, no credentials, unreachable endpoint) without echoing any secret.
            console.MarkupLine($"[red]error:[/] {Markup.Escape(connection.Description)} is unavailable ({Markup.Escape(exception.GetType().Name)}: {Markup.Escape(exception.Message)}).");
            return EntryOperations.Unavailable;
        }
        catch (Exception exception) when (exception is InvalidDataException or InvalidOperationException)
        {
            // The file store's own messages, with the path and the fix: a malformed file, or one others may write. Like
            // an invalid entries file for 'bridge entry', that is the configuration's problem, not an outage.
            console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
            return EntryOperations.UsageError;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(connection.Description)} cannot be read ({Markup.Escape(exception.Message)}).");
            return EntryOperations.Unavailable;
        }
    }
}
