using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bridge.Testing.Aws.Ec2;

/// <summary>
/// An EC2 instance identity document for tests, written the way IMDS writes it (two-space indentation, <c>" : "</c>,
/// the members AWS sends). A null field is left out, so tests can build documents that lack a required member;
/// <see cref="ExtraMembers"/> appends raw JSON members (for repeated or unexpected ones).
/// </summary>
public sealed record TestIidDocument
{
    /// <summary>The default account.</summary>
    public const string DefaultAccount = "123456789012";

    /// <summary>The default instance.</summary>
    public const string DefaultInstanceId = "i-0123456789abcdef0";

    public string? AccountId { get; init; } = DefaultAccount;

    public string? Region { get; init; } = "us-east-1";

    /// <summary>Defaults to <see cref="Region"/> + "a".</summary>
    public string? AvailabilityZone { get; init; }

    public string? InstanceId { get; init; } = DefaultInstanceId;

    public string? ImageId { get; init; } = "ami-0abcdef1234567890";

    public string? InstanceType { get; init; } = "t3.micro";

    /// <summary>The <c>pendingTime</c> text; defaults to 2026-12-01T08:00:00Z.</summary>
    public string? PendingTime { get; init; } = "2026-12-01T08:00:00Z";

    public string? PrivateIp { get; init; } = "10.0.1.17";

    /// <summary>Raw members appended verbatim, e.g. <c>"\"accountId\" : \"999999999999\""</c>.</summary>
    public IReadOnlyList<string> ExtraMembers { get; init; } = [];

    /// <summary>A <c>pendingTime</c> value in the form IMDS uses.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The document JSON text.</summary>
    public string ToJson()
    {
        var members = new List<string>();
        Add(members, "accountId", AccountId);
        members.Add("\"architecture\" : \"x86_64\"");
        Add(members, "availabilityZone", AvailabilityZone ?? (Region is null ? null : Region + "a"));
        members.Add("\"billingProducts\" : null");
        members.Add("\"devpayProductCodes\" : null");
        members.Add("\"marketplaceProductCodes\" : null");
        Add(members, "imageId", ImageId);
        Add(members, "instanceId", InstanceId);
        Add(members, "instanceType", InstanceType);
        members.Add("\"kernelId\" : null");
        Add(members, "pendingTime", PendingTime);
        Add(members, "privateIp", PrivateIp);
        members.Add("\"ramdiskId\" : null");
        Add(members, "region", Region);
        members.Add("\"version\" : \"2017-09-30\"");
        members.AddRange(ExtraMembers);
        var text = new StringBuilder("{\n");
        text.AppendJoin(",\n", members.Select(m => "  " + m));
        return text.Append("\n}").ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToJson();

    private static void Add(List<string> members, string name, string? value)
    {
        if (value is not null)
        {
            members.Add($"\"{name}\" : {JsonSerializer.Serialize(value)}");
        }
    }
}
