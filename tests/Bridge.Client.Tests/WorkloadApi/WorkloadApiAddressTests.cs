using System.Net;
using System.Net.Sockets;
using Bridge.Client.WorkloadApi;

namespace Bridge.Client.Tests.WorkloadApi;

/// <summary>The SPIFFE Workload Endpoint address rules: unix:///absolute/path or tcp://IP:port, nothing else.</summary>
public sealed class WorkloadApiAddressTests
{
    [Theory]
    [InlineData("unix:///run/bridge/agent.sock", "/run/bridge/agent.sock")]
    [InlineData("unix:/run/bridge/agent.sock", "/run/bridge/agent.sock")]
    [InlineData("unix:///tmp/a%20b.sock", "/tmp/a b.sock")]
    public void Unix_AbsolutePath_Accepted(string address, string path)
    {
        Assert.True(WorkloadApiAddress.TryParse(address, out var endpoint, out _));
        Assert.Equal(path, Assert.IsType<UnixDomainSocketEndPoint>(endpoint).ToString());
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:8000", "127.0.0.1:8000")]
    [InlineData("tcp://[::1]:8000", "[::1]:8000")]
    public void Tcp_IpAndPort_Accepted(string address, string expected)
    {
        Assert.True(WorkloadApiAddress.TryParse(address, out var endpoint, out _));
        Assert.Equal(expected, Assert.IsType<IPEndPoint>(endpoint).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/run/agent.sock")]
    [InlineData("unix://host/run/agent.sock")]
    [InlineData("unix://relative.sock")]
    [InlineData("unix:relative.sock")]
    [InlineData("unix:///")]
    [InlineData("unix:///run/agent.sock?x=1")]
    [InlineData("unix:///run/agent.sock#frag")]
    [InlineData("unix:///run/a%00b.sock")]
    [InlineData("tcp://127.0.0.1:8000/foo")]
    [InlineData("tcp://localhost:8000")]
    [InlineData("tcp://127.0.0.1")]
    [InlineData("tcp://127.0.0.1:0")]
    [InlineData("tcp://127.0.0.1:65536")]
    [InlineData("tcp://user@127.0.0.1:8000")]
    [InlineData("tcp://::1:8000")]
    [InlineData("tcp://127.0.0.1:+80")]
    [InlineData("http://127.0.0.1:8000")]
    public void Malformed_Refused(string? address)
    {
        Assert.False(WorkloadApiAddress.TryParse(address, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
