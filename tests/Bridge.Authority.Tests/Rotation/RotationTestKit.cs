using System.Collections.Concurrent;
using Bridge.Abstractions;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.State;
using Bridge.Authority.Rotation;
using Bridge.Authority.Rotation.Engine;
using Bridge.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Rotation;

/// <summary>A shared store, key manager and fake clock: what several instances of the service share.</summary>
internal sealed class RotationTestKit
{
    public static readonly DateTimeOffset Start = new(2030, 1, 2, 0, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public CountingStateStore Store { get; } = new(new InMemoryAuthorityStateStore());

    public CountingKeyManager Keys { get; } = new(new InMemoryKeyManager());

    public AuthorityOptions Authority { get; } = new()
    {
        TrustDomain = "example.org",
        Issuer = "https://oidc.example.org",
        MaxJwtSvidTtl = TimeSpan.FromHours(1),
        BundleRefreshHint = TimeSpan.FromMinutes(5),
        JwtKeyType = KeyType.EcP256,
    };

    public JwtKeyRotationOptions Rotation { get; } = new();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public JwtKeyRotator NewRotator(IKeyManager? keys = null) => new(
        Store, keys ?? Keys, Microsoft.Extensions.Options.Options.Create(Authority), Microsoft.Extensions.Options.Options.Create(Rotation), Clock,
        NullLogger<JwtKeyRotator>.Instance);

    /// <summary>
    /// A ring on the kit's clock. Its polls while another instance makes the first key wait on that clock; by default
    /// they elapse at once (time stands still), so no test waits in real time.
    /// </summary>
    public JwtKeyRing NewRing(JwtKeyRotator? rotator = null, TimeProvider? time = null) =>
        new(rotator ?? NewRotator(), time ?? new DelayInterceptingTimeProvider(Clock), NullLogger<JwtKeyRing>.Instance);

    public async Task<(JwtSvidIssuer Issuer, JwtKeyRing Ring)> NewInstanceAsync()
    {
        var ring = NewRing();
        var issuer = new JwtSvidIssuer(ring, Microsoft.Extensions.Options.Options.Create(Authority), Clock);
        await issuer.InitializeAsync(Ct);
        return (issuer, ring);
    }

    public async Task<JwtKeyState> StateAsync()
    {
        var document = await Store.GetAsync(JwtKeyRotator.DocumentName, Ct);
        return document is null ? JwtKeyState.Empty : JwtKeyStateCodec.Decode(document.Content.Span);
    }

    /// <summary>Replaces the document as an instance (or an operator) would; fails the test if the write loses.</summary>
    public async Task WriteStateAsync(JwtKeyState state)
    {
        var revision = (await Store.GetAsync(JwtKeyRotator.DocumentName, Ct))?.Revision ?? 0;
        var written = await Store.TryWriteAsync(JwtKeyRotator.DocumentName, JwtKeyStateCodec.Encode(state), revision, Ct);
        Xunit.Assert.NotNull(written);
    }

    /// <summary>A published slot with a real key in the key manager, for hand-built states.</summary>
    public async Task<JwtKeySlot> NewSlotAsync(string slotId, SlotStatus status, DateTimeOffset at)
    {
        var key = await Keys.GenerateKeyAsync(slotId, KeyType.EcP256, Ct);
        var spki = key.SubjectPublicKeyInfo.ToArray();
        return new JwtKeySlot
        {
            SlotId = slotId,
            Status = status,
            KeyType = KeyType.EcP256,
            Kid = JwtKeyRotator.Thumbprint(KeyType.EcP256, spki),
            SubjectPublicKeyInfo = spki,
            Attempt = 1,
            PreparedAt = at,
            ActivatedAt = status is SlotStatus.Active or SlotStatus.Retired ? at : null,
            RetiredAt = status == SlotStatus.Retired ? at : null,
            PublishUntil = status == SlotStatus.Retired ? at + TimeSpan.FromHours(2) : null,
        };
    }
}

/// <summary>Counts reads, yields to force interleaving, and can fail like an unreachable backend.</summary>
internal sealed class CountingStateStore(IAuthorityStateStore inner) : IAuthorityStateStore
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public volatile bool Unavailable;

    private int _readAttempts;

    /// <summary>Every read asked of the store, including those that failed.</summary>
    public int ReadAttempts => Volatile.Read(ref _readAttempts);

    public async Task<StateDocument?> GetAsync(string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _readAttempts);
        await Task.Yield();
        ThrowIfUnavailable();
        Interlocked.Increment(ref _reads);
        return await inner.GetAsync(name, cancellationToken);
    }

    public async Task<StateDocument?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, long expectedRevision, CancellationToken cancellationToken)
    {
        await Task.Yield();
        ThrowIfUnavailable();
        return await inner.TryWriteAsync(name, content, expectedRevision, cancellationToken);
    }

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new DependencyUnavailableException("state store down (test)");
        }
    }
}

/// <summary>Counts generations, can fail or hold a generation, and can fail deletions.</summary>
internal sealed class CountingKeyManager(IKeyManager inner) : IKeyManager
{
    private int _generated;

    public int Generated => Volatile.Read(ref _generated);

    public volatile bool FailGeneration;

    public volatile bool FailDeletion;

    /// <summary>When set, the next generation waits for it after generating (a slow or hung instance).</summary>
    public TaskCompletionSource? HoldNextGeneration;

    /// <summary>Completes once a generation has taken <see cref="HoldNextGeneration"/> and waits on it.</summary>
    public TaskCompletionSource GenerationHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentBag<string> Deleted { get; } = [];

    public async Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Interlocked.Increment(ref _generated);
        if (FailGeneration)
        {
            throw new DependencyUnavailableException("key manager down (test)");
        }

        var hold = Interlocked.Exchange(ref HoldNextGeneration, null);
        if (hold is not null)
        {
            // The key lands only after the hold is released: as a slow backend call would.
            GenerationHeld.TrySetResult();
            await hold.Task;
        }

        return await inner.GenerateKeyAsync(keyId, keyType, cancellationToken);
    }

    public async Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.GetKeyAsync(keyId, cancellationToken);
    }

    public Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken) => inner.GetKeysAsync(cancellationToken);

    public async Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (FailDeletion)
        {
            throw new DependencyUnavailableException("delete failed (test)");
        }

        Deleted.Add(keyId);
        return await inner.DeleteKeyAsync(keyId, cancellationToken);
    }
}
