using System.Text.Json.Nodes;

namespace Bridge.Testing.Aws.AcmPca;

/// <summary>One call received by <see cref="FakeAcmPcaServer"/>.</summary>
/// <param name="Operation">The PCA operation, e.g. <c>IssueCertificate</c>.</param>
/// <param name="Request">The JSON body as sent.</param>
/// <param name="SignatureValid">Whether its SigV4 signature verified (calls with a bad signature are answered 403).</param>
public sealed record FakeAcmPcaCall(string Operation, JsonObject Request, bool SignatureValid);
