using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bridge.Testing.Aws.Kms;

/// <summary>The KMS operations, with KMS's own validation of the inputs Bridge sends.</summary>
public sealed partial class FakeKmsServer
{
    private static readonly Dictionary<string, string[]> SigningAlgorithms = new(StringComparer.Ordinal)
    {
        ["ECC_NIST_P256"] = ["ECDSA_SHA_256"],
        ["ECC_NIST_P384"] = ["ECDSA_SHA_384"],
        ["RSA_2048"] = RsaAlgorithms,
        ["RSA_3072"] = RsaAlgorithms,
        ["RSA_4096"] = RsaAlgorithms,
    };

    private static string[] RsaAlgorithms =>
        ["RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"];

    private JsonObject CreateKey(JsonObject request)
    {
        var key = NewKey(
            (string?)request["KeySpec"] ?? "SYMMETRIC_DEFAULT",
            (string?)request["KeyUsage"] ?? "ENCRYPT_DECRYPT",
            (string?)request["Description"]);
        return new JsonObject { ["KeyMetadata"] = Metadata(key) };
    }

    private JsonObject? CreateAlias(JsonObject request)
    {
        var alias = ValidAlias(request);
        var key = Resolve((string?)request["TargetKeyId"]);
        if (_aliases.ContainsKey(alias))
        {
            throw new AwsJsonErrorException("AlreadyExistsException", $"An alias with the name {AliasArn(alias)} already exists");
        }

        _aliases[alias] = key.KeyId;
        return null;
    }

    private JsonObject? DeleteAlias(JsonObject request)
    {
        var alias = ValidAlias(request);
        if (!_aliases.Remove(alias))
        {
            throw new AwsJsonErrorException("NotFoundException", $"Alias {AliasArn(alias)} is not found.");
        }

        return null;
    }

    private JsonObject? UpdateAlias(JsonObject request)
    {
        var alias = ValidAlias(request);
        var key = Resolve((string?)request["TargetKeyId"]);
        if (!_aliases.TryGetValue(alias, out var current))
        {
            throw new AwsJsonErrorException("NotFoundException", $"Alias {AliasArn(alias)} is not found.");
        }

        if (_keys[current].KeyUsage != key.KeyUsage)
        {
            throw new AwsJsonErrorException("ValidationException", "The new target key has a different key usage.");
        }

        _aliases[alias] = key.KeyId;
        return null;
    }

    private JsonObject DescribeKey(JsonObject request) => new() { ["KeyMetadata"] = Metadata(Resolve((string?)request["KeyId"])) };

    private JsonObject GetPublicKey(JsonObject request)
    {
        var key = Usable((string?)request["KeyId"]);
        if (key.Key is null)
        {
            throw new AwsJsonErrorException("UnsupportedOperationException", $"{key.Arn} key usage is not supported for this operation.");
        }

        return new JsonObject
        {
            ["KeyId"] = key.Arn,
            ["PublicKey"] = Convert.ToBase64String(key.Key.ExportSubjectPublicKeyInfo()),
            ["KeySpec"] = key.KeySpec,
            ["CustomerMasterKeySpec"] = key.KeySpec,
            ["KeyUsage"] = key.KeyUsage,
            ["SigningAlgorithms"] = new JsonArray([.. SigningAlgorithms[key.KeySpec].Select(a => JsonValue.Create(a))]),
        };
    }

    private JsonObject Sign(JsonObject request)
    {
        var key = Usable((string?)request["KeyId"]);
        var algorithm = (string?)request["SigningAlgorithm"] ?? throw new AwsJsonErrorException("ValidationException", "SigningAlgorithm is required.");
        if (key.KeyUsage != "SIGN_VERIFY" || key.Key is null || !SigningAlgorithms[key.KeySpec].Contains(algorithm))
        {
            throw new AwsJsonErrorException("InvalidKeyUsageException", $"{algorithm} is not a valid signing algorithm for {key.Arn}.");
        }

        var message = Convert.FromBase64String((string?)request["Message"] ?? string.Empty);
        var hash = new HashAlgorithmName(algorithm[^7..].Replace("_", string.Empty, StringComparison.Ordinal)); // SHA_256 → SHA256
        var messageType = (string?)request["MessageType"] ?? "RAW";
        byte[] digest;
        if (messageType == "DIGEST")
        {
            if (message.Length != HashLength(hash))
            {
                throw new AwsJsonErrorException("ValidationException", $"Digest is invalid length for algorithm {algorithm}.");
            }

            digest = message;
        }
        else
        {
            digest = message.Length <= 4096
                ? CryptographicOperations.HashData(hash, message)
                : throw new AwsJsonErrorException("ValidationException", "Message is too long.");
        }

        var signature = key.Key switch
        {
            ECDsa ec => ec.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence),
            RSA rsa => rsa.SignHash(digest, hash, RSASignaturePadding.Pkcs1),
            _ => throw new AwsJsonErrorException("UnsupportedOperationException", "Unsupported key."),
        };
        return new JsonObject { ["KeyId"] = key.Arn, ["Signature"] = Convert.ToBase64String(signature), ["SigningAlgorithm"] = algorithm };
    }

    private JsonObject ListAliases(JsonObject request)
    {
        var limit = Math.Min((int?)request["Limit"] ?? 50, ListAliasesPageSize);
        var start = (string?)request["Marker"] is { } marker ? int.Parse(marker, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var all = _aliases.ToList();
        var page = all.Skip(start).Take(limit).ToList();
        var response = new JsonObject
        {
            ["Aliases"] = new JsonArray([.. page.Select(a => (JsonNode)new JsonObject
            {
                ["AliasName"] = a.Key,
                ["AliasArn"] = AliasArn(a.Key),
                ["TargetKeyId"] = a.Value,
            })]),
            ["Truncated"] = start + page.Count < all.Count,
        };
        if (start + page.Count < all.Count)
        {
            response["NextMarker"] = (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return response;
    }

    private JsonObject ScheduleKeyDeletion(JsonObject request)
    {
        var key = Resolve((string?)request["KeyId"]);
        var days = (int?)request["PendingWindowInDays"] ?? 30;
        if (days is < 7 or > 30)
        {
            throw new AwsJsonErrorException("ValidationException", "PendingWindowInDays must be between 7 and 30.");
        }

        if (key.KeyState == "PendingDeletion")
        {
            throw new AwsJsonErrorException("KMSInvalidStateException", $"{key.Arn} is pending deletion.");
        }

        key.KeyState = "PendingDeletion";
        key.PendingWindowInDays = days;
        return new JsonObject
        {
            ["KeyId"] = key.Arn,
            ["KeyState"] = key.KeyState,
            ["PendingWindowInDays"] = days,
            ["DeletionDate"] = DateTimeOffset.UnixEpoch.AddDays(days).ToUnixTimeSeconds(),
        };
    }

    private FakeKmsKey NewKey(string keySpec, string keyUsage, string? description)
    {
        AsymmetricAlgorithm? material = keySpec switch
        {
            "ECC_NIST_P256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            "ECC_NIST_P384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            "RSA_2048" => RSA.Create(2048),
            "RSA_3072" => RSA.Create(3072),
            "RSA_4096" => RSA.Create(4096),
            // Specs the fake holds without asymmetric material: enough to test that Bridge refuses them for signing.
            "SYMMETRIC_DEFAULT" or "ECC_SECG_P256K1" or "HMAC_256" => null,
            _ => throw new AwsJsonErrorException("ValidationException", $"Unknown KeySpec {keySpec}."),
        };
        if (keyUsage is not ("SIGN_VERIFY" or "ENCRYPT_DECRYPT" or "GENERATE_VERIFY_MAC"))
        {
            material?.Dispose();
            throw new AwsJsonErrorException("ValidationException", $"Unknown KeyUsage {keyUsage}.");
        }

        var keyId = Guid.NewGuid().ToString();
        var symmetric = keySpec == "SYMMETRIC_DEFAULT" ? RandomNumberGenerator.GetBytes(32) : null;
        var key = new FakeKmsKey(keyId, $"arn:aws:kms:{Region}:{AccountId}:key/{keyId}", keySpec, keyUsage, description, material, symmetric);
        _keys[keyId] = key;
        return key;
    }

    private static JsonObject Metadata(FakeKmsKey key) => new()
    {
        ["AWSAccountId"] = AccountId,
        ["KeyId"] = key.KeyId,
        ["Arn"] = key.Arn,
        ["CreationDate"] = 1_767_225_600,
        ["Enabled"] = key.KeyState == "Enabled",
        ["Description"] = key.Description ?? string.Empty,
        ["KeyUsage"] = key.KeyUsage,
        ["KeyState"] = key.KeyState,
        ["Origin"] = "AWS_KMS",
        ["KeyManager"] = "CUSTOMER",
        ["KeySpec"] = key.KeySpec,
        ["CustomerMasterKeySpec"] = key.KeySpec,
        ["MultiRegion"] = false,
    };

    /// <summary>Finds a key by id, key ARN, alias name or alias ARN, as KMS does.</summary>
    private FakeKmsKey Resolve(string? keyId)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            throw new AwsJsonErrorException("ValidationException", "KeyId is required.");
        }

        var aliasPrefix = $"arn:aws:kms:{Region}:{AccountId}:";
        var name = keyId.StartsWith(aliasPrefix + "alias/", StringComparison.Ordinal) ? keyId[aliasPrefix.Length..] : keyId;
        if (name.StartsWith("alias/", StringComparison.Ordinal))
        {
            return _aliases.TryGetValue(name, out var target)
                ? _keys[target]
                : throw new AwsJsonErrorException("NotFoundException", $"Alias {AliasArn(name)} is not found.");
        }

        var id = name.StartsWith(aliasPrefix + "key/", StringComparison.Ordinal) ? name[(aliasPrefix.Length + 4)..] : name;
        return _keys.TryGetValue(id, out var key) ? key : throw new AwsJsonErrorException("NotFoundException", $"Key '{keyId}' does not exist");
    }

    private FakeKmsKey Usable(string? keyId)
    {
        var key = Resolve(keyId);
        return key.KeyState switch
        {
            "Enabled" => key,
            "Disabled" => throw new AwsJsonErrorException("DisabledException", $"{key.Arn} is disabled."),
            _ => throw new AwsJsonErrorException("KMSInvalidStateException", $"{key.Arn} is {key.KeyState}."),
        };
    }

    private static string ValidAlias(JsonObject request)
    {
        var alias = (string?)request["AliasName"] ?? string.Empty;
        if (!AliasPattern().IsMatch(alias) || alias.StartsWith("alias/aws/", StringComparison.Ordinal))
        {
            throw new AwsJsonErrorException("ValidationException", "Alias must start with the prefix \"alias/\" and contain only [a-zA-Z0-9/_-].");
        }

        return alias;
    }

    private string AliasArn(string alias) => $"arn:aws:kms:{Region}:{AccountId}:{alias}";

    private static int HashLength(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;

    [GeneratedRegex("^alias/[a-zA-Z0-9/_-]{1,250}$")]
    private static partial Regex AliasPattern();
}
