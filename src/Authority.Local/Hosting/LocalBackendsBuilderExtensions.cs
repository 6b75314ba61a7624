using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Abstractions.State;
using Bridge.Authority.Files;
using Bridge.Authority.Hosting;
using Bridge.Authority.Local.Hosting;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.Nodes;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Local.Replay;
using Bridge.Authority.Local.State;
using Bridge.Authority.Registration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the local backends: <c>File</c> and <c>InMemory</c> for every seam but the upstream.</summary>
public static class LocalBackendsBuilderExtensions
{
    private const string Prefix = BackendOptions.SectionName + ":";
    private const string InThisProcess = "in memory (this process only)";

    /// <summary>
    /// Offers <c>File</c> (owner-only files under <c>.bridge/</c>, the defaults) and <c>InMemory</c> for keys, rotation
    /// state, registration entries and node records, and <c>InMemory</c> for the replay cache. Paths are relative to
    /// the working directory, so the service and the <c>bridge</c> command act on the same files.
    /// </summary>
    public static BridgeAuthorityBuilder AddLocalBackends(this BridgeAuthorityBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<InMemoryReplayCacheOptions>().BindConfiguration(InMemoryReplayCacheOptions.SectionName).ValidateOnStart();
        builder.Services.AddSettingsSection(InMemoryReplayCacheOptions.SectionName, typeof(InMemoryReplayCacheOptions));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InMemoryReplayCacheOptions>, InMemoryReplayCacheOptionsValidator>());
        return builder.AddKeys().AddRegistration().AddReplay().AddState().AddNodes();
    }

    private static BridgeAuthorityBuilder AddKeys(this BridgeAuthorityBuilder builder) => builder
        .AddBackend<IKeyManager>(
            new BackendDescriptor(BackendSeams.Keys, LocalBackends.File)
            {
                Validate = (_, b) => Required(b.KeysDirectory, nameof(BackendOptions.KeysDirectory), "Keys is File"),
                Location = (_, b) => $"files in {LocalStatePaths.FullPath(b.KeysDirectory)}",
            },
            sp => new FileKeyManager(Options.Options.Create(new FileKeyManagerOptions { Directory = LocalStatePaths.Resolve(Backends(sp).KeysDirectory) })))
        .AddBackend<IKeyManager>(
            new BackendDescriptor(BackendSeams.Keys, LocalBackends.InMemory)
            {
                ProcessLocal = true,
                // The state names keys by id; kept beyond the process, it would name keys that died with it.
                Validate = (_, b) => b.State == LocalBackends.InMemory
                    ? []
                    : [$"{Prefix}State: Keys=InMemory needs State=InMemory (in-memory keys die with the process, persisted state would outlive them)."],
                Location = (_, _) => "in memory (they die with the process)",
            },
            _ => new InMemoryKeyManager());

    private static BridgeAuthorityBuilder AddRegistration(this BridgeAuthorityBuilder builder) => builder
        .AddBackend<IRegistrationStore>(
            new BackendDescriptor(BackendSeams.Registration, LocalBackends.File)
            {
                Validate = (_, b) => Required(b.RegistrationFile, nameof(BackendOptions.RegistrationFile), "Registration is File"),
                Location = (_, b) => LocalStatePaths.FullPath(b.RegistrationFile),
            },

            // Loading is file I/O done once, when the service resolves the store during start; an invalid file stops
            // the process there with every error listed.
            sp => JsonFileRegistrationStore.LoadAsync(
                new JsonFileRegistrationStoreOptions { Path = LocalStatePaths.Resolve(Backends(sp).RegistrationFile), AllowMissingFile = true },
                sp.GetRequiredService<RegistrationEntryValidator>(),
                CancellationToken.None).GetAwaiter().GetResult())
        .AddBackend<IRegistrationStore>(
            new BackendDescriptor(BackendSeams.Registration, LocalBackends.InMemory) { ProcessLocal = true, Location = (_, _) => InThisProcess },
            _ => new InMemoryRegistrationStore());

    private static BridgeAuthorityBuilder AddReplay(this BridgeAuthorityBuilder builder) => builder
        .AddBackend<IReplayCache>(
            new BackendDescriptor(BackendSeams.Replay, LocalBackends.InMemory) { ProcessLocal = true, Location = (_, _) => InThisProcess },
            sp => new InMemoryReplayCache(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<InMemoryReplayCacheOptions>>()));

    private static BridgeAuthorityBuilder AddState(this BridgeAuthorityBuilder builder) => builder
        .AddBackend<IAuthorityStateStore>(
            new BackendDescriptor(BackendSeams.State, LocalBackends.File)
            {
                Validate = (_, b) => Required(b.StateDirectory, nameof(BackendOptions.StateDirectory), "State is File"),
                Location = (_, b) => $"files in {LocalStatePaths.FullPath(b.StateDirectory)}",
            },
            sp => new FileAuthorityStateStore(Options.Options.Create(new FileAuthorityStateStoreOptions
            {
                Directory = LocalStatePaths.Resolve(Backends(sp).StateDirectory),
            })))
        .AddBackend<IAuthorityStateStore>(
            new BackendDescriptor(BackendSeams.State, LocalBackends.InMemory) { ProcessLocal = true, Location = (_, _) => InThisProcess },
            _ => new InMemoryAuthorityStateStore());

    private static BridgeAuthorityBuilder AddNodes(this BridgeAuthorityBuilder builder) => builder
        .AddBackend<INodeStore>(
            new BackendDescriptor(BackendSeams.Nodes, LocalBackends.File)
            {
                Validate = (_, b) => string.IsNullOrWhiteSpace(b.NodesFile)
                    ? Required(b.NodesFile, nameof(BackendOptions.NodesFile), "Nodes is File")
                    : b.NodesFile.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0
                        ? [$"{Prefix}NodesFile: contains characters that are not valid in a path."]
                        : [],
                Location = (_, b) => LocalStatePaths.FullPath(b.NodesFile),
            },

            // Nothing is read until first use: the file is re-read on every call, so the bridge command's changes count.
            sp => new FileNodeStore(
                Options.Options.Create(new FileNodeStoreOptions
                {
                    Path = LocalStatePaths.Resolve(Backends(sp).NodesFile),
                    ExpiryGrace = Backends(sp).NodeExpiryGrace,
                }),
                sp.GetRequiredService<TimeProvider>()))
        .AddBackend<INodeStore>(
            new BackendDescriptor(BackendSeams.Nodes, LocalBackends.InMemory)
            {
                ProcessLocal = true,
                Location = (_, _) => "in memory (this process only; every node attests again after a restart)",
            },
            sp => new InMemoryNodeStore(
                Options.Options.Create(new InMemoryNodeStoreOptions { ExpiryGrace = Backends(sp).NodeExpiryGrace }),
                sp.GetRequiredService<TimeProvider>()));

    private static BackendOptions Backends(IServiceProvider services) => services.GetRequiredService<IOptions<BackendOptions>>().Value;

    private static string[] Required(string value, string key, string when) =>
        string.IsNullOrWhiteSpace(value) ? [$"{Prefix}{key}: required when {when}."] : [];
}
