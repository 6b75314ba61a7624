using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace Bridge.Infrastructure.Tests;

/// <summary>One stage synthesized into a temporary directory: its stacks, assertion templates and raw template JSON.</summary>
internal sealed class SynthesizedStage
{
    private SynthesizedStage(BridgeStacks stacks, IReadOnlyDictionary<string, JsonObject> json)
    {
        Stacks = stacks;
        Json = json;
        State = Template.FromStack(stacks.State);
        Service = Template.FromStack(stacks.Service);
        Consumer = stacks.Consumer is null ? null : Template.FromStack(stacks.Consumer);
    }

    public BridgeStacks Stacks { get; }

    public Template State { get; }

    public Template Service { get; }

    public Template? Consumer { get; }

    /// <summary>Every stack's template as JSON, by stack name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Json { get; }

    public static SynthesizedStage Create(IDictionary<string, object> context)
    {
        var outdir = Directory.CreateTempSubdirectory("bridge-cdk-out-").FullName;
        var app = new App(new AppProps { Context = context, Outdir = outdir });
        var stacks = BridgeApp.Build(app);
        var assembly = app.Synth();
        var json = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var stack in assembly.Stacks)
        {
            json[stack.StackName] = JsonNode.Parse(File.ReadAllText(Path.Combine(assembly.Directory, stack.TemplateFile)))!.AsObject();
        }

        return new SynthesizedStage(stacks, json);
    }

    /// <summary>The resources of one type in one stack's template, by logical id.</summary>
    public IEnumerable<(string LogicalId, JsonObject Resource)> Resources(string stackName, string type) =>
        Json[stackName]["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => (r.Key, r.Value!.AsObject()));
}
