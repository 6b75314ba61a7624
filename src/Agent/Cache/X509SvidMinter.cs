using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Agent.Server;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Agent.Cache;

/// <summary>
/// Mints X.509-SVIDs for entries: a fresh P-256 key and CSR per entry, batches of at most
/// <see cref="IdentityCacheOptions.MaxBatchSize"/>, and every answer verified before it is kept (the leaf carries the
/// generated key and the entry's SPIFFE ID, and its chain verifies to the sync's bundle). The server signs a batch all or
/// nothing, so when it refuses one, the entries are minted one by one to find the bad one without holding back the rest.
/// </summary>
internal sealed class X509SvidMinter(IAgentServerClient client, TimeProvider time, int maxBatchSize)
{
    /// <summary>Mints for <paramref name="entries"/>; stops at the first outage or bad answer and returns what it has.</summary>
    public async Task<MintOutcome> MintAsync(IReadOnlyList<AuthorizedEntry> entries, SpiffeBundle bundle, CancellationToken cancellationToken)
    {
        var minted = new List<(AuthorizedEntry, X509SvidMaterial)>();
        var refused = new List<(AuthorizedEntry, string?)>();
        var pending = entries.Select(entry => new PendingSvid(entry)).ToList();
        try
        {
            foreach (var batch in pending.Chunk(maxBatchSize))
            {
                try
                {
                    minted.AddRange(await MintBatchAsync(batch, bundle, cancellationToken).ConfigureAwait(false));
                }
                catch (AgentServerException refusal) when (refusal.Failure == AgentServerFailure.Refused)
                {
                    if (batch.Length == 1)
                    {
                        refused.Add((batch[0].Entry, refusal.Error));
                        continue;
                    }

                    foreach (var single in batch)
                    {
                        try
                        {
                            minted.AddRange(await MintBatchAsync([single], bundle, cancellationToken).ConfigureAwait(false));
                        }
                        catch (AgentServerException alone) when (alone.Failure == AgentServerFailure.Refused)
                        {
                            refused.Add((single.Entry, alone.Error));
                        }
                    }
                }
            }

            return new MintOutcome(minted, refused, null);
        }
        catch (AgentServerException failure)
        {
            return new MintOutcome(minted, refused, failure);
        }
        finally
        {
            foreach (var item in pending)
            {
                item.Dispose();
            }
        }
    }

    private async Task<List<(AuthorizedEntry, X509SvidMaterial)>> MintBatchAsync(PendingSvid[] batch, SpiffeBundle bundle, CancellationToken cancellationToken)
    {
        var requests = batch.Select(item => new X509SvidMintRequest(item.Entry.Id, item.Csr)).ToArray();
        var answer = await client.MintX509SvidsAsync(requests, cancellationToken).ConfigureAwait(false);
        try
        {
            if (answer is null || answer.Count != batch.Length)
            {
                throw Invalid($"the batch answer has {answer?.Count ?? 0} SVIDs for {batch.Length} requests");
            }

            // Verify the whole batch before keeping any of it: one bad SVID makes the answer untrustworthy.
            var now = time.GetUtcNow();
            var result = new List<(AuthorizedEntry, X509SvidMaterial)>(batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                result.Add((batch[i].Entry, Verify(batch[i], answer[i], bundle, now)));
            }

            return result;
        }
        finally
        {
            foreach (var certificate in answer?.SelectMany(svid => svid?.Chain ?? []) ?? [])
            {
                certificate?.Dispose();
            }
        }
    }

    private static X509SvidMaterial Verify(PendingSvid pending, MintedX509Svid? svid, SpiffeBundle bundle, DateTimeOffset now)
    {
        var entry = pending.Entry;
        if (svid is null || svid.EntryId != entry.Id || svid.SpiffeId != entry.SpiffeId || svid.Chain is null || svid.Chain.Count == 0 || svid.Chain.Any(c => c is null))
        {
            throw Invalid($"the SVID for entry {entry.Id} does not answer its request");
        }

        var verification = X509SvidVerifier.Verify(svid.Chain, bundle, now);
        if (!verification.IsValid)
        {
            throw Invalid($"the SVID for entry {entry.Id} does not verify ({verification.Error})");
        }

        var leaf = svid.Chain[0];
        if (verification.Id.ToString() != entry.SpiffeId)
        {
            throw Invalid($"the SVID for entry {entry.Id} names another SPIFFE ID");
        }

        if (!leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(pending.SubjectPublicKeyInfo))
        {
            throw Invalid($"the SVID for entry {entry.Id} does not carry the agent's key");
        }

        var chainDer = new byte[svid.Chain.Sum(c => c.RawDataMemory.Length)];
        var offset = 0;
        foreach (var certificate in svid.Chain)
        {
            certificate.RawDataMemory.Span.CopyTo(chainDer.AsSpan(offset));
            offset += certificate.RawDataMemory.Length;
        }

        return new X509SvidMaterial(
            chainDer,
            pending.ExportPrivateKey(),
            Convert.ToHexStringLower(leaf.SerialNumberBytes.Span),
            new DateTimeOffset(leaf.NotBefore.ToUniversalTime()),
            new DateTimeOffset(leaf.NotAfter.ToUniversalTime()));
    }

    private static AgentServerException Invalid(string reason) =>
        new(AgentServerFailure.InvalidResponse, "POST /agent/v1/x509-svids: " + reason + ".");

    /// <summary>A key generated for one entry and its CSR; the key never leaves the agent except to the workload.</summary>
    private sealed class PendingSvid : IDisposable
    {
        private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public PendingSvid(AuthorizedEntry entry)
        {
            Entry = entry;

            // The server uses only the CSR's public key (docs/agent-api.md); the subject is left empty.
            Csr = new CertificateRequest(new X500DistinguishedName(string.Empty), _key, HashAlgorithmName.SHA256).CreateSigningRequest();
            SubjectPublicKeyInfo = _key.ExportSubjectPublicKeyInfo();
        }

        public AuthorizedEntry Entry { get; }

        public byte[] Csr { get; }

        public byte[] SubjectPublicKeyInfo { get; }

        public byte[] ExportPrivateKey() => _key.ExportPkcs8PrivateKey();

        public void Dispose() => _key.Dispose();
    }
}
