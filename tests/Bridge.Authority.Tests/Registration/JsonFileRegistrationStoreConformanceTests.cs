using Bridge.Abstractions.Registration;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Registration;
using Bridge.Testing.Conformance;

namespace Bridge.Authority.Tests.Registration;

public sealed class JsonFileRegistrationStoreConformanceTests : RegistrationStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override async ValueTask<IRegistrationStore> CreateStoreAsync() =>
        await JsonFileRegistrationStore.LoadAsync(
            new JsonFileRegistrationStoreOptions { Path = _directory.NewFilePath(), AllowMissingFile = true },
            TestEntries.Validator,
            Ct);
}
