using Amazon.KeyManagementService.Model;

namespace Bridge.Authority.Aws.Kms;

/// <summary>
/// Exactly the KMS operations <see cref="KmsKeyManager"/> calls, so the IAM policy it needs can be read off this list
/// (kms:CreateKey, CreateAlias, UpdateAlias, DeleteAlias, DescribeKey, GetPublicKey, Sign, ListAliases, ScheduleKeyDeletion).
/// Implementations throw the SDK's exceptions (<see cref="Amazon.Runtime.AmazonServiceException"/> and subclasses).
/// </summary>
public interface IKmsClient
{
    /// <summary>Creates a KMS key.</summary>
    Task<CreateKeyResponse> CreateKeyAsync(CreateKeyRequest request, CancellationToken cancellationToken);

    /// <summary>Points a new alias at a key; fails with <see cref="AlreadyExistsException"/> when the alias exists.</summary>
    Task<CreateAliasResponse> CreateAliasAsync(CreateAliasRequest request, CancellationToken cancellationToken);

    /// <summary>Moves an existing alias to another key.</summary>
    Task<UpdateAliasResponse> UpdateAliasAsync(UpdateAliasRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes an alias; the key it named is untouched.</summary>
    Task<DeleteAliasResponse> DeleteAliasAsync(DeleteAliasRequest request, CancellationToken cancellationToken);

    /// <summary>Describes a key, addressed by key id, ARN or alias.</summary>
    Task<DescribeKeyResponse> DescribeKeyAsync(DescribeKeyRequest request, CancellationToken cancellationToken);

    /// <summary>Returns a key's DER SubjectPublicKeyInfo.</summary>
    Task<GetPublicKeyResponse> GetPublicKeyAsync(GetPublicKeyRequest request, CancellationToken cancellationToken);

    /// <summary>Signs a message or digest with an asymmetric key.</summary>
    Task<SignResponse> SignAsync(SignRequest request, CancellationToken cancellationToken);

    /// <summary>Lists one page of the account's aliases.</summary>
    Task<ListAliasesResponse> ListAliasesAsync(ListAliasesRequest request, CancellationToken cancellationToken);

    /// <summary>Schedules a key for deletion after a pending window (7–30 days).</summary>
    Task<ScheduleKeyDeletionResponse> ScheduleKeyDeletionAsync(ScheduleKeyDeletionRequest request, CancellationToken cancellationToken);
}
