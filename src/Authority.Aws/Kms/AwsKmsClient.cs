using Amazon;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Bridge.Authority.Aws.Kms.Envelope;

namespace Bridge.Authority.Aws.Kms;

/// <summary>The <see cref="IKmsClient"/> and <see cref="IKmsEnvelopeClient"/> over the AWS SDK's KMS client.</summary>
public sealed class AwsKmsClient : IKmsClient, IKmsEnvelopeClient
{
    private readonly IAmazonKeyManagementService _kms;

    /// <summary>Wraps an SDK client; the caller owns (and disposes) it.</summary>
    public AwsKmsClient(IAmazonKeyManagementService kms)
    {
        ArgumentNullException.ThrowIfNull(kms);
        _kms = kms;
    }

    /// <summary>Times this client's KMS calls and counts their throttles (<see cref="AwsCallMetrics"/>); returns it.</summary>
    public AwsKmsClient WithMetrics(Bridge.Authority.Telemetry.AuthorityMetrics metrics, TimeProvider timeProvider)
    {
        AwsCallMetrics.Attach(_kms, AwsCallMetrics.Kms, metrics, timeProvider);
        return this;
    }

    /// <summary>
    /// Creates an SDK client configured from <paramref name="options"/>: its region or service URL, and no SDK-level
    /// retries, because <see cref="KmsKeyManager"/> retries itself (two retry layers would multiply the attempts).
    /// </summary>
    /// <param name="options">The key manager settings.</param>
    /// <param name="credentials">Explicit credentials, or null for the SDK's default credential chain.</param>
    public static AmazonKeyManagementServiceClient CreateSdkClient(KmsKeyManagerOptions options, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CreateSdkClient(options.Region, options.ServiceUrl, credentials);
    }

    /// <summary>
    /// Creates an SDK client configured from <paramref name="options"/>: its region or service URL, and no SDK-level
    /// retries, because <see cref="KmsEnvelopeKeyManager"/> retries itself.
    /// </summary>
    /// <param name="options">The envelope key manager settings.</param>
    /// <param name="credentials">Explicit credentials, or null for the SDK's default credential chain.</param>
    public static AmazonKeyManagementServiceClient CreateSdkClient(KmsEnvelopeKeyManagerOptions options, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CreateSdkClient(options.Region, options.ServiceUrl, credentials);
    }

    private static AmazonKeyManagementServiceClient CreateSdkClient(string? region, string? serviceUrl, AWSCredentials? credentials)
    {
        var config = new AmazonKeyManagementServiceConfig { MaxErrorRetry = 0 };
        if (!string.IsNullOrEmpty(serviceUrl))
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = region;
        }
        else if (!string.IsNullOrEmpty(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return credentials is null
            ? new AmazonKeyManagementServiceClient(config)
            : new AmazonKeyManagementServiceClient(credentials, config);
    }

    /// <inheritdoc/>
    public Task<CreateKeyResponse> CreateKeyAsync(CreateKeyRequest request, CancellationToken cancellationToken) =>
        _kms.CreateKeyAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<CreateAliasResponse> CreateAliasAsync(CreateAliasRequest request, CancellationToken cancellationToken) =>
        _kms.CreateAliasAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<UpdateAliasResponse> UpdateAliasAsync(UpdateAliasRequest request, CancellationToken cancellationToken) =>
        _kms.UpdateAliasAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<DescribeKeyResponse> DescribeKeyAsync(DescribeKeyRequest request, CancellationToken cancellationToken) =>
        _kms.DescribeKeyAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<GetPublicKeyResponse> GetPublicKeyAsync(GetPublicKeyRequest request, CancellationToken cancellationToken) =>
        _kms.GetPublicKeyAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<SignResponse> SignAsync(SignRequest request, CancellationToken cancellationToken) =>
        _kms.SignAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<ListAliasesResponse> ListAliasesAsync(ListAliasesRequest request, CancellationToken cancellationToken) =>
        _kms.ListAliasesAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<DeleteAliasResponse> DeleteAliasAsync(DeleteAliasRequest request, CancellationToken cancellationToken) =>
        _kms.DeleteAliasAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<ScheduleKeyDeletionResponse> ScheduleKeyDeletionAsync(ScheduleKeyDeletionRequest request, CancellationToken cancellationToken) =>
        _kms.ScheduleKeyDeletionAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<GenerateDataKeyPairResponse> GenerateDataKeyPairAsync(GenerateDataKeyPairRequest request, CancellationToken cancellationToken) =>
        _kms.GenerateDataKeyPairAsync(request, cancellationToken);

    /// <inheritdoc/>
    public Task<DecryptResponse> DecryptAsync(DecryptRequest request, CancellationToken cancellationToken) =>
        _kms.DecryptAsync(request, cancellationToken);
}
