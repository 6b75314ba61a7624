using Bridge.Agent.Workloads;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// The kernel's account of who connected, read once per connection by <see cref="PeerCredentialsConnectionMiddleware"/>
/// and seen by every call on that connection. Only the Workload API socket's connections carry it.
/// </summary>
internal sealed record PeerCredentialsFeature(PeerCredentials Credentials);
