using BenchmarkDotNet.Running;
using Bridge.Benchmarks.AgentLoad;

// dotnet run -c Release --project benchmarks/Bridge.Benchmarks -- --filter '*'   (see docs/benchmarks.md)
// dotnet run -c Release --project benchmarks/Bridge.Benchmarks -- agent <scenario>   (the agent's load scenarios)
if (args is ["agent", .. var scenario])
{
    return await AgentLoadCommand.RunAsync(scenario, Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
