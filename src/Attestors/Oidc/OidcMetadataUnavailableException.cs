namespace Bridge.Attestors.Oidc;

/// <summary>The issuer's metadata or keys could not be obtained (and no earlier copy exists).</summary>
internal sealed class OidcMetadataUnavailableException : Exception
{
    public OidcMetadataUnavailableException()
    {
    }

    public OidcMetadataUnavailableException(string message)
        : base(message)
    {
    }

    public OidcMetadataUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
