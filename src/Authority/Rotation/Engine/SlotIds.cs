using System.Globalization;
using System.Security.Cryptography;

namespace Bridge.Authority.Rotation.Engine;

/// <summary>The one rule for slot identifiers, which are also the key manager's key ids.</summary>
internal static class SlotIds
{
    /// <summary>
    /// A new slot identifier: <c>{prefix}-{yyyyMMddHHmmss}-{8 hex}</c>, sortable by claim time and unique by its random
    /// part, so no two claims (on any instance) ever name the same key.
    /// </summary>
    public static string New(string prefix, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{now.UtcDateTime:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
}
