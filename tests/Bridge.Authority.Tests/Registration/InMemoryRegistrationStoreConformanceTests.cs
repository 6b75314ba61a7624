using Bridge.Abstractions.Registration;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Registration;
using Bridge.Testing.Conformance;

namespace Bridge.Authority.Tests.Registration;

public sealed class InMemoryRegistrationStoreConformanceTests : RegistrationStoreConformanceTests
{
    protected override ValueTask<IRegistrationStore> CreateStoreAsync() =>
        ValueTask.FromResult<IRegistrationStore>(new InMemoryRegistrationStore());
}
