// Every test that synthesizes talks to the one jsii node process of this test process: keep them sequential.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: AssemblyFixture(typeof(Bridge.Infrastructure.Tests.SynthesizedStages))]
