using Bridge.Client.AspNetCore;
using Bridge.Spiffe.Id;
using Microsoft.AspNetCore.Http;

namespace Bridge.Client.Tests.AspNetCore;

public sealed class SpiffePeerHttpContextExtensionsTests
{
    [Fact]
    public void GetPeerSpiffeId_NotAnMtlsEndpoint_Zero()
    {
        Assert.True(new DefaultHttpContext().GetPeerSpiffeId().IsZero);
    }

    [Fact]
    public void GetPeerSpiffeId_FeatureSetByHandshake_ReturnsIt()
    {
        var context = new DefaultHttpContext();
        var id = SpiffeId.Parse("spiffe://example.org/peer");
        context.Features.Set<ISpiffePeerFeature>(new SpiffePeerFeature { PeerId = id });

        Assert.Equal(id, context.GetPeerSpiffeId());
    }
}
