using System.Globalization;

namespace Bridge.Agent.Workloads.Unix;

/// <summary>
/// User and group names from the node's <c>/etc/passwd</c> and <c>/etc/group</c>, read again whenever a file changes.
/// The first line for an id wins, as <c>getpwuid</c> answers. Accounts only in other NSS sources (LDAP, SSSD) have no
/// name here: entries for them use <c>unix:uid:</c>/<c>unix:gid:</c>.
/// </summary>
internal sealed class UnixAccountNames
{
    private readonly NameFile _users;
    private readonly NameFile _groups;

    /// <summary>Creates the reader of <paramref name="directory"/>/passwd and /group.</summary>
    public UnixAccountNames(string directory = "/etc")
    {
        _users = new NameFile(Path.Combine(directory, "passwd"));
        _groups = new NameFile(Path.Combine(directory, "group"));
    }

    /// <summary>The name of user <paramref name="userId"/>, or null.</summary>
    public string? UserName(uint userId) => _users.NameOf(userId);

    /// <summary>The name of group <paramref name="groupId"/>, or null.</summary>
    public string? GroupName(uint groupId) => _groups.NameOf(groupId);

    // passwd and group share the shape that matters: name:password:id:…
    private sealed class NameFile(string path)
    {
        // Replaced whole (a reference write is atomic), so concurrent attestations never see half of an update.
        private Snapshot _snapshot = new(DateTime.MinValue, -1, new Dictionary<uint, string>());

        public string? NameOf(uint id) => Current().TryGetValue(id, out var name) ? name : null;

        private IReadOnlyDictionary<uint, string> Current()
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return new Dictionary<uint, string>();
            }

            var snapshot = _snapshot;
            if (snapshot.Modified == file.LastWriteTimeUtc && snapshot.Length == file.Length)
            {
                return snapshot.Names;
            }

            var names = Parse(File.ReadAllLines(path));
            _snapshot = new Snapshot(file.LastWriteTimeUtc, file.Length, names);
            return names;
        }

        private sealed record Snapshot(DateTime Modified, long Length, IReadOnlyDictionary<uint, string> Names);

        private static Dictionary<uint, string> Parse(string[] lines)
        {
            var names = new Dictionary<uint, string>();
            foreach (var line in lines)
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && fields[0].Length > 0 && !fields[0].StartsWith('#') && !fields[0].StartsWith('+') && !fields[0].StartsWith('-')
                    && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    names.TryAdd(id, fields[0]);
                }
            }

            return names;
        }
    }
}
