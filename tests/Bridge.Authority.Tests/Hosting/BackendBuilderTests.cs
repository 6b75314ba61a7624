using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Hosting;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.Registration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.Hosting;

/// <summary>
/// A backend is one registration on the builder: its project offers it with <see cref="BridgeAuthorityBuilder.AddBackend{TSeam}"/>,
/// and <c>Bridge:Backends</c> chooses it by name with nothing else in the composition changed.
/// </summary>
public sealed class BackendBuilderTests
{
    private const string Custom = "Custom";

    [Fact]
    public void ChosenByName_AnAddedBackendServesItsSeam()
    {
        var keys = new InMemoryKeyManager();
        using var services = Build(new() { ["Bridge:Backends:Keys"] = Custom, ["Bridge:Backends:State"] = "InMemory" }, keys);

        Assert.Same(keys, services.GetRequiredService<IKeyManager>());
        Assert.Equal("the custom vault", services.GetRequiredService<BackendCatalog>().Location(BackendSeams.Keys));
    }

    [Fact]
    public void NotChosen_AnAddedBackendIsNeitherBuiltNorChecked()
    {
        var built = false;
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(Configuration(new() { ["Bridge:Backends:Keys"] = "InMemory", ["Bridge:Backends:State"] = "InMemory" }))
            .AddBridgeAuthority()
            .AddLocalBackends()
            .AddBackend<IKeyManager>(
                new BackendDescriptor(BackendSeams.Keys, Custom) { Validate = (_, _) => ["Bridge:Keys:Custom:Url: required."] },
                _ =>
                {
                    built = true;
                    return new InMemoryKeyManager();
                })
            .Services.BuildServiceProvider();

        Assert.IsType<InMemoryKeyManager>(services.GetRequiredService<IKeyManager>());
        Assert.False(built);
    }

    [Fact]
    public void Chosen_AnAddedBackendsChecksRunAtStart_AndAnUnknownNameListsIt()
    {
        using var chosen = Build(new() { ["Bridge:Backends:Keys"] = Custom, ["Bridge:Backends:State"] = "InMemory" }, new InMemoryKeyManager(), "Bridge:Keys:Custom:Url: required.");
        var failure = Assert.Throws<OptionsValidationException>(() => chosen.GetRequiredService<IOptions<BackendOptions>>().Value);
        Assert.Contains("Bridge:Keys:Custom:Url: required.", failure.Failures);

        using var unknown = Build(new() { ["Bridge:Backends:Keys"] = "Vault" }, new InMemoryKeyManager());
        failure = Assert.Throws<OptionsValidationException>(() => unknown.GetRequiredService<IOptions<BackendOptions>>().Value);
        Assert.Contains("Bridge:Backends:Keys: 'Vault' is not one of File, InMemory, Custom.", failure.Failures);
    }

    [Fact]
    public void AddBackend_SameNameTwiceOrTheWrongSeam_Throws()
    {
        var builder = new ServiceCollection().AddBridgeAuthority().AddLocalBackends();

        Assert.Throws<ArgumentException>(() => builder.AddBackend<IKeyManager>(new BackendDescriptor(BackendSeams.Keys, "InMemory"), _ => new InMemoryKeyManager()));
        Assert.Throws<ArgumentException>(() => builder.AddBackend<IRegistrationStore>(new BackendDescriptor(BackendSeams.Keys, Custom), _ => new InMemoryRegistrationStore()));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, IKeyManager keys, params string[] problems) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(Configuration(settings))
            .AddBridgeAuthority()
            .AddLocalBackends()
            .AddBackend(new BackendDescriptor(BackendSeams.Keys, Custom) { Validate = (_, _) => problems, Location = (_, _) => "the custom vault" }, _ => keys)
            .Services.BuildServiceProvider();

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
