using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;
using Names = Bridge.Authority.Registration.RegistrationEntryFile.FieldNames;

namespace Bridge.Authority.Registration;

internal sealed partial class RegistrationEntryFileReader
{
    /// <summary>An entry as read so far, with the problems found in its fields.</summary>
    private sealed class EntryDraft
    {
        public string? Id { get; set; }

        public string? SpiffeId { get; set; }

        public SpiffeId ParentId { get; set; }

        public Selector[]? Selectors { get; set; }

        public TimeSpan? X509SvidTtl { get; set; }

        public TimeSpan? JwtSvidTtl { get; set; }

        public string[]? Audiences { get; set; }

        public string[]? DnsNames { get; set; }

        public string? Hint { get; set; }

        public DateTimeOffset? ExpiresAt { get; set; }

        public long Revision { get; set; }

        public List<string> Errors { get; } = [];

        /// <summary>Fields (or elements) already reported, whose validator errors would only repeat the problem.</summary>
        public HashSet<string> FailedPaths { get; } = new(StringComparer.Ordinal);

        public void Fail(string path, string where, string message, bool isField = true)
        {
            if (isField)
            {
                FailedPaths.Add(path);
                Errors.Add($"{where}: {Printable(path)}: {message}");
            }
            else
            {
                Errors.Add($"{where}: {message}");
            }
        }

        public RegistrationEntry ToEntry() => new()
        {
            Id = Id ?? string.Empty,
            SpiffeId = SpiffeId ?? string.Empty,
            ParentId = ParentId,
            Selectors = Selectors ?? [],
            X509SvidTtl = X509SvidTtl,
            JwtSvidTtl = JwtSvidTtl,
            Audiences = Audiences ?? [],
            DnsNames = DnsNames ?? [],
            Hint = Hint,
            ExpiresAt = ExpiresAt,
            Revision = Revision,
        };
    }
}
