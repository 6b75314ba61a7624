using Amazon.KeyManagementService.Model;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>
/// Exactly the KMS operations <see cref="KmsEnvelopeKeyManager"/> calls, so the IAM policy it needs can be read off this
/// list: kms:GenerateDataKeyPair and kms:Decrypt, both on the one symmetric wrapping key. Implementations throw the
/// SDK's exceptions (<see cref="Amazon.Runtime.AmazonServiceException"/> and subclasses).
/// </summary>
public interface IKmsEnvelopeClient
{
    /// <summary>
    /// Generates an asymmetric key pair and returns its private key both in plaintext and encrypted under a symmetric
    /// KMS key, bound to the request's encryption context.
    /// </summary>
    Task<GenerateDataKeyPairResponse> GenerateDataKeyPairAsync(GenerateDataKeyPairRequest request, CancellationToken cancellationToken);

    /// <summary>Decrypts a ciphertext blob; fails unless the encryption context and the key match those it was made with.</summary>
    Task<DecryptResponse> DecryptAsync(DecryptRequest request, CancellationToken cancellationToken);
}
