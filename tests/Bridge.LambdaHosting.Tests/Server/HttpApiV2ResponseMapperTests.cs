using Bridge.LambdaHosting.Server;
using Microsoft.AspNetCore.Http;

namespace Bridge.LambdaHosting.Tests.Server;

public sealed class HttpApiV2ResponseMapperTests
{
    [Theory]
    [InlineData("text/plain", true)]
    [InlineData("text/html; charset=utf-8", true)]
    [InlineData("application/json", true)]
    [InlineData("application/jwk-set+json", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("application/jwt", true)]
    [InlineData("application/xml", true)]
    [InlineData("application/octet-stream; charset=utf-8", true)]
    [InlineData("application/octet-stream", false)]
    [InlineData("application/pkix-cert", false)]
    [InlineData("image/png", false)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("not a media type", false)]
    public void IsTextual_ContentType_Classified(string? contentType, bool expected)
    {
        Assert.Equal(expected, HttpApiV2ResponseMapper.IsTextual(contentType));
    }

    [Fact]
    public void Map_TextualTypeButInvalidUtf8_FallsBackToBase64()
    {
        var headers = new HeaderDictionary { ["Content-Type"] = "text/plain" };
        byte[] body = [0xC3, 0x28];

        var response = HttpApiV2ResponseMapper.Map(200, headers, body);

        Assert.True(response.IsBase64Encoded);
        Assert.Equal(Convert.ToBase64String(body), response.Body);
    }

    [Fact]
    public void Map_EmptyBody_IsEmptyTextAndZeroStatusIs200()
    {
        var response = HttpApiV2ResponseMapper.Map(0, new HeaderDictionary(), []);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(string.Empty, response.Body);
        Assert.False(response.IsBase64Encoded);
        Assert.Null(response.Cookies);
    }
}
