using Bridge.Agent.Hosting;

// The composition root lives in AgentApplication so that the tests, the lab and `bridge demo` run the same agent. A
// failed start prints one list of problems (no stack trace) and exits non-zero.
return await AgentApplication.RunAsync(args, Console.Error).ConfigureAwait(false);
