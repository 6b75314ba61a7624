using System.Text.Json;

namespace Bridge.Infrastructure.Tests;

/// <summary>Context of a valid stage, and a prebuilt-bootstrap directory for synthesizing it.</summary>
internal static class TestContext
{
    public const string Account = "111122223333";
    public const string Region = "eu-west-1";
    public const string WorkloadAccount = "444455556666";
    public const string StsIssuer = "https://0f4e2a9c-5b1d-4c3e-9a7f-1d2e3f4a5b6c.tokens.sts.global.api.aws";
    public const string PcaArn = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555";
    public const string IidAccounts = "777788889999,444455556666";
    public const string CertificateArn = "arn:aws:acm:eu-west-1:111122223333:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private static readonly Lazy<string> BootstrapDirectory = new(CreateBootstrapDirectory);

    /// <summary>
    /// A directory with a placeholder <c>bootstrap</c>, passed as <c>bridge:bootstrapDir</c>. The templates are what is
    /// under test; building the real Native AOT function (minutes, clang, the publish script) would only slow them, and
    /// the asset is staged by hash, never run.
    /// </summary>
    public static string BootstrapDir => BootstrapDirectory.Value;

    private static readonly Lazy<Dictionary<string, object>> CdkJsonContext = new(ReadCdkJsonContext);

    /// <summary>The context of cdk.json (defaults and feature flags, as `cdk synth` sees them) plus a valid stage.</summary>
    public static Dictionary<string, object> Minimal() => new(CdkJsonContext.Value)
    {
        ["bridge:account"] = Account,
        ["bridge:region"] = Region,
        ["bridge:trustDomain"] = "example.org",
        ["bridge:stsIssuers"] = $"{{\"{WorkloadAccount}\": \"{StsIssuer}\"}}",
        ["bridge:bootstrapDir"] = BootstrapDir,
    };

    public static Dictionary<string, object> With(params (string Key, object Value)[] overrides)
    {
        var context = Minimal();
        foreach (var (key, value) in overrides)
        {
            context[key] = value;
        }

        return context;
    }

    private static Dictionary<string, object> ReadCdkJsonContext()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "cdk.json")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "cdk.json")));
        return document.RootElement.GetProperty("context").EnumerateObject().ToDictionary(p => p.Name, p => ToContextValue(p.Value), StringComparer.Ordinal);
    }

    private static object ToContextValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Array => value.EnumerateArray().Select(ToContextValue).ToArray(),
        _ => value.ToString(),
    };

    private static string CreateBootstrapDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("bridge-cdk-tests-");
        File.WriteAllText(Path.Combine(directory.FullName, "bootstrap"), "#!/bin/sh\nexit 1\n");
        return directory.FullName;
    }
}
