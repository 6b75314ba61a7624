using Bridge.ExchangeFunction.Hosting;

// The composition root lives in ExchangeApplication so that the CLI demo and the tests run the same service. A failed
// start prints one list of problems (no stack trace) and exits non-zero.
return ExchangeApplication.Run(args, Console.Error);
