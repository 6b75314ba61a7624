using Bridge.ExchangeFunction.Hosting;

// The composition root lives in ExchangeApplication so that the CLI demo and the tests run the same service.
var app = ExchangeApplication.Create(args);
app.Run();
