using Bridge.Authority.Aws.Kms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.Kms;

public sealed class KmsKeyManagerOptionsValidatorTests
{
    private readonly KmsKeyManagerOptionsValidator _validator = new();

    [Fact]
    public void Validate_DefaultsWithNamespace_Succeeds() =>
        Assert.True(_validator.Validate(null, new KmsKeyManagerOptions { AliasNamespace = "example-org" }).Succeeded);

    [Fact]
    public void Validate_LocalEndpointWithRegion_Succeeds() =>
        Assert.True(_validator.Validate(null, new KmsKeyManagerOptions
        {
            AliasNamespace = "example_org-1",
            ServiceUrl = "http://127.0.0.1:4566",
            Region = "us-east-1",
        }).Succeeded);

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryErrorAtOnce()
    {
        var result = _validator.Validate(null, new KmsKeyManagerOptions
        {
            AliasNamespace = "",
            ServiceUrl = "ftp://kms",
            MaxAttempts = 0,
            RetryBaseDelay = TimeSpan.FromSeconds(-1),
            RetryMaxDelay = TimeSpan.FromMinutes(5),
            DeletionPendingWindowDays = 3,
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(7, failures.Count);
        Assert.Contains(failures, f => f.Contains("AliasNamespace", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ServiceUrl", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Region", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("RetryBaseDelay", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("RetryMaxDelay", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DeletionPendingWindowDays", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void Validate_NamespaceOutsideAliasAlphabetOrNotOneSegment_Fails(string aliasNamespace) =>
        Assert.True(_validator.Validate(null, new KmsKeyManagerOptions { AliasNamespace = aliasNamespace }).Failed);

    [Fact]
    public void Validate_NamespaceTooLong_Fails() =>
        Assert.True(_validator.Validate(null, new KmsKeyManagerOptions { AliasNamespace = new string('a', 65) }).Failed);

    [Theory]
    [InlineData(6)]
    [InlineData(31)]
    public void Validate_PendingWindowOutsideKmsRange_Fails(int days) =>
        Assert.True(_validator.Validate(null, new KmsKeyManagerOptions { AliasNamespace = "a", DeletionPendingWindowDays = days }).Failed);

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithEveryError()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new KmsKeyManager(
            new ThrowingKmsClient(),
            Options.Create(new KmsKeyManagerOptions { MaxAttempts = 0 }),
            TimeProvider.System,
            NullLogger<KmsKeyManager>.Instance));

        Assert.Equal(2, error.Failures.Count());
    }

    private sealed class ThrowingKmsClient : IKmsClient
    {
        public Task<Amazon.KeyManagementService.Model.CreateKeyResponse> CreateKeyAsync(Amazon.KeyManagementService.Model.CreateKeyRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Amazon.KeyManagementService.Model.CreateAliasResponse> CreateAliasAsync(Amazon.KeyManagementService.Model.CreateAliasRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Amazon.KeyManagementService.Model.UpdateAliasResponse> UpdateAliasAsync(Amazon.KeyManagementService.Model.UpdateAliasRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Amazon.KeyManagementService.Model.DescribeKeyResponse> DescribeKeyAsync(Amazon.KeyManagementService.Model.DescribeKeyRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Amazon.KeyManagementService.Model.GetPublicKeyResponse> GetPublicKeyAsync(Amazon.KeyManagementService.Model.GetPublicKeyRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Amazon.KeyManagementService.Model.SignResponse> SignAsync(Amazon.KeyManagementService.Model.SignRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Amazon.KeyManagementService.Model.ListAliasesResponse> ListAliasesAsync(Amazon.KeyManagementService.Model.ListAliasesRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Amazon.KeyManagementService.Model.DeleteAliasResponse> DeleteAliasAsync(Amazon.KeyManagementService.Model.DeleteAliasRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Amazon.KeyManagementService.Model.ScheduleKeyDeletionResponse> ScheduleKeyDeletionAsync(Amazon.KeyManagementService.Model.ScheduleKeyDeletionRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
