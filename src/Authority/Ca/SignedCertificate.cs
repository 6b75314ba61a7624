namespace Bridge.Authority.Ca;

/// <summary>A freshly signed certificate as DER, with the facts the issuer already knows about it.</summary>
/// <param name="Der">The certificate.</param>
/// <param name="SerialNumber">The serial number as uppercase hex (as <c>X509Certificate2.SerialNumber</c> shows it).</param>
/// <param name="NotAfter">The end of validity, as encoded.</param>
internal sealed record SignedCertificate(byte[] Der, string SerialNumber, DateTimeOffset NotAfter);
