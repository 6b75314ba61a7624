using System.Security.Cryptography;
using System.Text;
using Bridge.ExchangeFunction.Tests.TestSupport;
using static Bridge.ExchangeFunction.Tests.Fuzz.TokenMutations;

namespace Bridge.ExchangeFunction.Tests.Fuzz;

/// <summary>
/// Builds one <c>POST /token</c> request per index, deterministically from the run's seed: an unmutated seed request
/// (a control that must succeed), or a token, re-signed claim, form-level or CSR mutation of one.
/// </summary>
internal sealed class RequestMutations(FuzzBridgeFactory factory)
{
    private const string FormType = "application/x-www-form-urlencoded";

    public (string Kind, HttpRequestMessage Request) Create(Random random)
    {
        var seed = Pick(random, factory.Seeds);
        var roll = random.Next(100);
        if (roll < 6)
        {
            return ("control-" + seed.Name, Post(Encode(Form(seed, seed.MintToken()))));
        }

        if (roll < 30)
        {
            var (kind, token) = Bytes(seed, random);
            return (kind, Post(Encode(Form(seed, token))));
        }

        if (roll < 58)
        {
            var (kind, token) = Resigned(seed, random);
            return (kind, Post(Encode(Form(seed, token))));
        }

        return roll < 88 ? FormLevel(seed, random) : Csr(seed, random);
    }

    private (string Kind, HttpRequestMessage Request) FormLevel(FuzzSeed seed, Random random)
    {
        var form = Form(seed, seed.MintToken());
        switch (random.Next(10))
        {
            case 0:
                var duplicate = Pick(random, form);
                form.Insert(random.Next(form.Count + 1), duplicate);
                return ("form-duplicate", Post(Encode(form)));
            case 1:
                form.RemoveAt(random.Next(form.Count));
                return ("form-missing", Post(Encode(form)));
            case 2:
                form.Insert(random.Next(form.Count + 1), new(Pick(random, HostileValues.Names), Pick(random, HostileValues.FormValues)));
                return ("form-extra-parameter", Post(Encode(form)));
            case 3:
                var index = random.Next(form.Count);
                form[index] = new(form[index].Key, Pick(random, HostileValues.FormValues));
                return ("form-value", Post(Encode(form)));
            case 4:
                var body = Encode(form);
                var at = random.Next(body.Length + 1);
                return ("form-text", Post(body.Insert(at, random.Next(3) == 0 ? "&" + Pick(random, HostileValues.Names) : Pick(random, HostileValues.FormSnippets))));
            case 5:
                return ("form-bytes", Post(MutateBytes(Encoding.UTF8.GetBytes(Encode(form)), random)));
            case 6:
                var query = Pick(random, ["?scope=openid", "?audience=ledger", "?scope", "?", "?%ZZ", "?a=%ED%A0%80", "?&&"]);
                return ("form-query", Post(Encoding.UTF8.GetBytes(Encode(form)), "/token" + query));
            case 7:
                var contentType = Pick(random, [null, "text/plain", FormType + "; charset=utf-16", FormType + ";;;", "APPLICATION/X-WWW-FORM-URLENCODED", "multipart/form-data; boundary=x", "application/json"]);
                return ("form-content-type", Post(Encoding.UTF8.GetBytes(Encode(form)), contentType: contentType));
            case 8:
                var padded = form.Select(p => p.Key == "subject_token" ? new KeyValuePair<string, string>(p.Key, Pick(random, [" ", "\n", "\r\n", "\t "]) + p.Value + "\n") : p);
                return ("form-token-whitespace", Post(Encode(padded)));
            default:
                var method = Pick(random, [HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options]);
                return ("form-method", Post(Encoding.UTF8.GetBytes(Encode(form)), method: method));
        }
    }

    private (string Kind, HttpRequestMessage Request) Csr(FuzzSeed seed, Random random)
    {
        var der = random.Next(4) == 0 ? Pick(random, factory.OtherCsrs) : factory.ValidCsrDer;
        string csr;
        string kind;
        switch (random.Next(6))
        {
            case 0:
                csr = PemEncoding.WriteString(Pick(random, ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST", "CERTIFICATE", "PRIVATE KEY"]), der);
                kind = "csr-pem-label";
                break;
            case 1:
                csr = Pick(random, [
                    "-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----",
                    "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----",
                    "-----BEGIN CERTIFICATE REQUEST-----\n" + Convert.ToBase64String(der),
                    PemEncoding.WriteString("CERTIFICATE REQUEST", der) + "\n" + PemEncoding.WriteString("CERTIFICATE REQUEST", der),
                    "-----BEGIN", "MIIB", "====", new string('A', 30000)]);
                kind = "csr-text";
                break;
            default:
                var mutated = random.Next(5) == 0 ? der : MutateBytes(der, random);
                csr = random.Next(3) switch
                {
                    0 => PemEncoding.WriteString("CERTIFICATE REQUEST", mutated),
                    1 => Convert.ToBase64String(mutated),
                    _ => System.Buffers.Text.Base64Url.EncodeToString(mutated),
                };
                kind = "csr-der";
                break;
        }

        var form = TokenRequest.X509(X509Seed(seed).MintToken(), csr);
        return (kind, Post(Encode(form)));
    }

    private FuzzSeed X509Seed(FuzzSeed seed) => seed.X509 ? seed : factory.Seeds.First(s => s.X509);

    private List<KeyValuePair<string, string>> Form(FuzzSeed seed, string token) =>
        seed.X509 ? TokenRequest.X509(token, PemEncoding.WriteString("CERTIFICATE REQUEST", factory.ValidCsrDer)) : TokenRequest.Jwt(token, "ledger");

    private static string Encode(IEnumerable<KeyValuePair<string, string>> form) =>
        string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static HttpRequestMessage Post(string body) => Post(Encoding.UTF8.GetBytes(body));

    private static HttpRequestMessage Post(byte[] body, string path = "/token", string? contentType = FormType, HttpMethod? method = null)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return new HttpRequestMessage(method ?? HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
    }
}
