using Amazon.CDK;
using Bridge.Infrastructure;

var app = new App();
try
{
    BridgeApp.Build(app);
}
catch (InvalidOperationException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

app.Synth();
return 0;
