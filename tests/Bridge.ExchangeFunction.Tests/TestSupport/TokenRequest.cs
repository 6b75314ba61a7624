namespace Bridge.ExchangeFunction.Tests.TestSupport;

/// <summary>Builds <c>POST /token</c> form bodies, keeping order and repeated parameters.</summary>
internal static class TokenRequest
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string JwtType = "urn:ietf:params:oauth:token-type:jwt";
    public const string X509SvidType = "urn:bridge:params:oauth:token-type:x509-svid";

    /// <summary>The three required parameters.</summary>
    public static List<KeyValuePair<string, string>> Base(string subjectToken) =>
    [
        new("grant_type", GrantType),
        new("subject_token", subjectToken),
        new("subject_token_type", JwtType),
    ];

    /// <summary>A JWT-SVID request for <paramref name="audiences"/>.</summary>
    public static List<KeyValuePair<string, string>> Jwt(string subjectToken, params string[] audiences)
    {
        var form = Base(subjectToken);
        form.AddRange(audiences.Select(a => new KeyValuePair<string, string>("audience", a)));
        return form;
    }

    /// <summary>An X.509-SVID request for <paramref name="csr"/> (PEM or base64url DER).</summary>
    public static List<KeyValuePair<string, string>> X509(string subjectToken, string csr)
    {
        var form = Base(subjectToken);
        form.Add(new("requested_token_type", X509SvidType));
        form.Add(new("csr", csr));
        return form;
    }

    /// <summary>Returns <paramref name="form"/> with <paramref name="name"/> added (again).</summary>
    public static List<KeyValuePair<string, string>> With(this List<KeyValuePair<string, string>> form, string name, string value)
    {
        form.Add(new(name, value));
        return form;
    }

    /// <summary>Returns <paramref name="form"/> without any <paramref name="name"/>.</summary>
    public static List<KeyValuePair<string, string>> Without(this List<KeyValuePair<string, string>> form, string name)
    {
        form.RemoveAll(p => p.Key == name);
        return form;
    }

    /// <summary>Posts the form to <c>/token</c>.</summary>
    public static async Task<HttpResponseMessage> PostTokenAsync(this HttpClient client, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(new Uri("/token", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }
}
