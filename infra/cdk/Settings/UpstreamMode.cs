namespace Bridge.Infrastructure.Settings;

/// <summary>What signs Bridge's intermediate CA (context <c>bridge:upstream</c>).</summary>
public enum UpstreamMode
{
    /// <summary>A root that Bridge creates and signs itself.</summary>
    SelfSigned,

    /// <summary>An existing AWS Private CA (context <c>bridge:pcaArn</c>).</summary>
    AcmPca,
}
