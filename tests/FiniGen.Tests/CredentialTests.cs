using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FiniGen.Tests.Infrastructure;
using Xunit;
using static FiniGen.Tests.Infrastructure.WireProbes;

namespace FiniGen.Tests;

/// <summary>
/// The credential (an API key in a header or the query, or a bearer token) never leaks: not into any part of an
/// exception when an error response echoes it in any encoding, not to another origin on a redirect, not onto the wire
/// with a forbidden character. A successful body that happens to contain it comes back unaltered.
/// </summary>
public class CredentialTests
{
    private const string Key = WireContracts.Key;

    private static readonly string[] Contracts = ["Wire", "WireQuery", "WireBearer"];

    /// <summary>The forms in which a server may echo the key back.</summary>
    private static readonly Dictionary<string, string> Echoes = new()
    {
        ["literal"] = Key,
        ["json-unicode-escape-first-char"] = "\\u0066" + Key[1..],
        ["json-unicode-escape-every-char"] = string.Concat(Key.Select(c => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture))),
        ["json-escaped-solidus"] = Key.Replace("/", "\\/"),
        ["json-as-system-text-json-writes-it"] = System.Text.Json.JsonSerializer.Serialize(Key)[1..^1],
        ["percent-encoded"] = Uri.EscapeDataString(Key),
        ["percent-encoded-lowercase"] = LowerPercent(Uri.EscapeDataString(Key)),
    };

    private const string Probes = """
        public static async Task<object?> Charge(string url)
        {
            using var client = Own(url);
            return await client.CreateChargeAsync(100);
        }

        public static async Task<object?> Item(string url)
        {
            using var client = Own(url);
            var item = await client.GetItemAsync("a", session: "s3ss10n-cookie");
            return item.Name + "|" + item.Title + "|" + string.Join(",", item.Tags ?? new List<string>());
        }

        public static async Task<object?> PlaceOrder(string url)
        {
            using var client = Own(url);
            var order = await client.CreateOrderAsync(Order());
            return order.Sku;
        }
        """;

    public static TheoryData<string, string, int> EchoedErrors()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var contract in Contracts)
        {
            foreach (var echo in Echoes.Keys)
            {
                foreach (var status in new[] { 401, 403, 500 })
                {
                    data.Add(contract, echo, status);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EchoedErrors))]
    public async Task AnErrorBodyEchoingTheKeyInAnyEncodingDoesNotPutItIntoTheException(string contract, string echo, int status)
    {
        var form = Echoes[echo];
        var body = "{\"statusCode\":" + status + ",\"message\":\"invalid key " + form + "\",\"error\":\"" + form + "\",\"detail\":\"sent: " + form + "\",\"echo\":\"" + form + "\"}";
        await using var server = RawHttpServer.Start(RawReply.Respond(status, body));

        var outcome = await WireContracts.Named(contract).RunAsync(Probes, "Charge", server.BaseUrl);

        var exception = AssertApiException(outcome, contract, status);
        AssertNoKey(exception, form);
    }

    [Theory]
    [InlineData("Wire")]
    [InlineData("WireQuery")]
    [InlineData("WireBearer")]
    public async Task AReasonPhraseCarryingTheKeyDoesNotPutItIntoTheException(string contract)
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(401, "{\"statusCode\":401,\"message\":\"denied\"}", "application/json", "Unauthorized " + Key));

        var outcome = await WireContracts.Named(contract).RunAsync(Probes, "Charge", server.BaseUrl);

        var exception = AssertApiException(outcome, contract, 401);
        AssertNoKey(exception, Key);
    }

    [Theory]
    [InlineData("Wire")]
    [InlineData("WireQuery")]
    [InlineData("WireBearer")]
    public async Task AnUndocumentedTextErrorEchoingTheKeyDoesNotPutItIntoTheException(string contract)
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(502, "upstream said: credential=" + Key + "; url=/charges?api_key=" + Uri.EscapeDataString(Key), "text/plain"));

        var outcome = await WireContracts.Named(contract).RunAsync(Probes, "Charge", server.BaseUrl);

        var exception = AssertApiException(outcome, contract, 502);
        AssertNoKey(exception, Uri.EscapeDataString(Key));
    }

    [Theory]
    [InlineData("Wire")]
    [InlineData("WireQuery")]
    [InlineData("WireBearer")]
    public async Task ASuccessfulBodyContainingTheKeyComesBackUnaltered(string contract)
    {
        var json = "{\"name\":\"a\",\"title\":\"How to rotate " + Key + "\",\"tags\":[\"" + Key + "\"]}";
        await using var server = RawHttpServer.Start(RawReply.Respond(200, json));

        var outcome = await WireContracts.Named(contract).RunAsync(Probes, "Item", server.BaseUrl);

        Assert.Equal("a|How to rotate " + Key + "|" + Key, outcome.Returned());
    }

    [Theory]
    [InlineData("Wire")]
    [InlineData("WireQuery")]
    [InlineData("WireBearer")]
    public async Task TheKeyIsSentOnTheWireAsTheSchemeSays(string contract)
    {
        // The baseline the redirect tests rely on: where the credential travels when nothing goes wrong.
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\"}"));

        (await WireContracts.Named(contract).RunAsync(Probes, "Item", server.BaseUrl)).Returned();

        var request = Assert.Single(server.Requests);
        Assert.True(CarriesKey(contract, request), "the credential is not where the scheme puts it: " + Visible(request.RawText));
        Assert.Equal("session=s3ss10n-cookie", request.Header("Cookie"));
    }

    [Theory]
    [InlineData("refused")]
    [InlineData("timeout")]
    [InlineData("reset")]
    public async Task ATransportFailureOfTheQueryKeyClientDoesNotCarryTheKey(string failure)
    {
        // The key is part of the request URI: no transport error may quote the URI.
        var server = failure == "timeout" ? RawHttpServer.Start(RawReply.Hang()) : RawHttpServer.Start(RawReply.Reset());
        var url = server.BaseUrl;
        if (failure == "refused")
        {
            await server.DisposeAsync();
        }

        var outcome = await WireContracts.WireQuery.RunAsync(TransportProbe, "Get", url);
        await server.DisposeAsync();

        var exception = outcome.Exception;
        Assert.True(exception is not null, "the call succeeded");
        foreach (var form in new[] { Key, Uri.EscapeDataString(Key) })
        {
            Assert.False(exception!.ToString().Contains(form, StringComparison.OrdinalIgnoreCase), "the key leaked into " + exception.GetType() + ": " + exception);
        }

        AssertNamesOperation(exception!, "getItem");
    }

    private const string TransportProbe = """
        public static async Task<object?> Get(string url)
        {
            var options = Options(url);
            options.Timeout = TimeSpan.FromMilliseconds(300);
            options.MaxRetries = 0;
            using var client = new NS.BASEClient(options);
            return await client.GetItemAsync("a");
        }
        """;

    // ------------------------------------------------------------------ redirects

    public static TheoryData<string, int, string> CrossOriginRedirects()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var contract in Contracts)
        {
            foreach (var status in new[] { 301, 302, 303, 307, 308 })
            {
                data.Add(contract, status, "other-port");
            }

            data.Add(contract, 302, "other-host-same-port");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CrossOriginRedirects))]
    public async Task ARedirectToAnotherOriginNeverCarriesTheCredentialOrTheCookies(string contract, int status, string target)
    {
        await using var other = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"elsewhere\"}"));
        RawHttpServer? origin = null;
        origin = RawHttpServer.Start(r => r.IndexOnConnection == 0 && r.Index == 0
            ? RawReply.Redirect(status, target == "other-port" ? other.Url("/landing") : "http://localhost:" + origin!.Port + "/landing")
            : RawReply.Respond(200, "{\"name\":\"elsewhere\"}"));
        await using var _ = origin;

        var outcome = await WireContracts.Named(contract).RunAsync(Probes, "Item", origin.BaseUrl);

        await other.SettleAsync();
        var elsewhere = target == "other-port"
            ? other.Requests
            : origin.Requests.Where(r => (r.Header("Host") ?? string.Empty).StartsWith("localhost", StringComparison.Ordinal)).ToList();
        foreach (var request in elsewhere)
        {
            AssertCarriesNothingSecret(request);
        }

        if (outcome.Exception is { } exception)
        {
            var api = outcome.Threw(contract + "ApiException");
            Assert.Equal(status, Reflect.Get(api, "StatusCode"));
            Assert.Equal("getItem", Reflect.Get(api, "OperationId"));
        }
    }

    [Theory]
    [InlineData("Wire", 307)]
    [InlineData("Wire", 308)]
    [InlineData("WireBearer", 307)]
    [InlineData("WireQuery", 308)]
    public async Task A307Or308OfABodyToAnotherOriginIsNotFollowedAndFailsWithTheRedirectStatus(string contract, int status)
    {
        await using var other = RawHttpServer.Start(RawReply.Respond(200, "{\"sku\":\"stolen\",\"quantity\":1,\"price\":1,\"lines\":[]}"));
        await using var origin = RawHttpServer.Start(RawReply.Redirect(status, other.Url("/orders")));

        var outcome = await WireContracts.Named(contract).RunAsync(Probes, "PlaceOrder", origin.BaseUrl);

        await other.SettleAsync();
        Assert.True(other.Requests.All(r => r.Body.Length == 0), "the order body was re-sent to another origin:\n" + string.Join("\n", other.Requests.Select(r => Visible(r.RawText))));
        foreach (var request in other.Requests)
        {
            AssertCarriesNothingSecret(request);
        }

        var exception = outcome.Threw(contract + "ApiException");
        Assert.Equal(status, Reflect.Get(exception, "StatusCode"));
        Assert.Equal("createOrder", Reflect.Get(exception, "OperationId"));
        AssertNamesOperation(exception, "createOrder");
    }

    [Theory]
    [InlineData("Wire", 302)]
    [InlineData("Wire", 307)]
    [InlineData("WireBearer", 302)]
    [InlineData("WireBearer", 307)]
    [InlineData("WireQuery", 302)]
    public async Task ASameOriginRedirectIsFollowedWithTheCredential(string contract, int status)
    {
        await using var origin = RawHttpServer.Start(r => r.Path == "/items/a" ? RawReply.Redirect(status, "/items/b") : RawReply.Respond(200, "{\"name\":\"b\"}"));

        var outcome = await WireContracts.Named(contract).RunAsync(Probes, "Item", origin.BaseUrl);

        Assert.Equal("b||", outcome.Returned());
        var followed = origin.Requests.Single(r => r.Path == "/items/b");
        Assert.True(CarriesKey(contract, followed), "the same-origin redirect was followed without the credential:\n" + Visible(followed.RawText));
    }

    // ------------------------------------------------------------------ the credential itself

    public static TheoryData<string> ForbiddenKeys() => new(ForbiddenKeySuffixes.Keys);

    private static readonly Dictionary<string, string> ForbiddenKeySuffixes = new()
    {
        ["crlf-header"] = "\r\nX-Injected: yes",
        ["crlf-smuggled-request"] = "\r\n\r\nDELETE /items/victim HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        ["cr"] = "\r",
        ["lf"] = "\n",
        ["nul"] = "\0",
        ["tab"] = "\t",
        ["unit-separator"] = "\u001F",
        ["del"] = "\u007F",
        ["non-ascii"] = "\u00E9",
        ["line-separator"] = "\u2028",
    };

    private const string KeyProbes = """
        public static object? SetKey(string value)
        {
            var options = new NS.BASEClientOptions();
            options.InventoryKey = value;
            return options.InventoryKey;
        }

        public static async Task<object?> CallWithKey(string url, string value)
        {
            var options = new NS.BASEClientOptions { BaseAddress = new Uri(url), RetryDelay = TimeSpan.FromMilliseconds(20) };
            options.InventoryKey = value;
            using var client = new NS.BASEClient(options);
            return await client.GetItemAsync("a");
        }
        """;

    [Theory]
    [MemberData(nameof(ForbiddenKeys))]
    public async Task TheCredentialSetterRefusesAForbiddenCharacterWithoutRepeatingTheValue(string name)
    {
        var value = Key + ForbiddenKeySuffixes[name];

        var outcome = await WireContracts.Wire.RunAsync(KeyProbes, "SetKey", value);

        var exception = outcome.Threw("ArgumentException");
        Assert.True(exception.Message.Contains("InventoryKey", StringComparison.Ordinal) || (exception as ArgumentException)?.ParamName == "InventoryKey", "the error does not name the option: " + exception.Message);
        AssertNoSecretIn(exception, value);
    }

    [Theory]
    [InlineData("Wire", "crlf-header")]
    [InlineData("Wire", "crlf-smuggled-request")]
    [InlineData("Wire", "nul")]
    [InlineData("Wire", "del")]
    [InlineData("Wire", "non-ascii")]
    [InlineData("WireBearer", "crlf-header")]
    [InlineData("WireBearer", "nul")]
    [InlineData("WireQuery", "crlf-header")]
    public async Task AForbiddenCharacterInTheCredentialNeverReachesTheWire(string contract, string name)
    {
        // Refused when set (ArgumentException) or at the latest before the first byte of the call
        // (…RequestValidationException); either way nothing is sent and the error does not carry the credential.
        var value = Key + ForbiddenKeySuffixes[name];
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\"}"));

        var outcome = await WireContracts.Named(contract).RunAsync(KeyProbes, "CallWithKey", server.BaseUrl, value);

        await AssertNothingSentAsync(server, "a credential with " + name + " must not be sent (" + outcome + ")");
        var exception = outcome.Threw("ArgumentException");
        AssertNoSecretIn(exception, value);
        if (ProbeOutcome.Is(exception, contract + "RequestValidationException"))
        {
            Assert.Equal("getItem", Reflect.Get(exception, "OperationId"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Exception AssertApiException(ProbeOutcome outcome, string contract, int status)
    {
        var exception = outcome.Threw(contract + "ApiException");
        Assert.Equal(status, Reflect.Get(exception, "StatusCode"));
        Assert.Equal("createCharge", Reflect.Get(exception, "OperationId"));
        AssertNamesOperation(exception, "createCharge");
        return exception;
    }

    /// <summary>Neither the clear-text key nor the form the server echoed it in appears anywhere in the exception.</summary>
    private static void AssertNoKey(Exception exception, string echoed)
    {
        var places = new List<(string Where, string? Text)>
        {
            ("Message", exception.Message),
            ("ToString()", exception.ToString()),
            ("RawBody", (string?)Reflect.Get(exception, "RawBody")),
            ("ReasonPhrase", (string?)Reflect.Get(exception, "ReasonPhrase")),
        };
        places.AddRange(Reflect.Strings(Reflect.Get(exception, "ErrorBody")).Select(s => ("ErrorBody string field", (string?)s)));
        var leaks = new List<string>();
        foreach (var (where, text) in places)
        {
            if (text?.Contains(Key, StringComparison.Ordinal) == true)
            {
                leaks.Add("the clear-text key leaked into " + where + ": " + text);
            }
            else if (text?.Contains(echoed, StringComparison.OrdinalIgnoreCase) == true)
            {
                leaks.Add("the key, as the server echoed it (" + echoed + "), leaked into " + where + ": " + text);
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Select(l => l.Split('\n')[0])));
    }

    private static void AssertNoSecretIn(Exception exception, string value)
    {
        foreach (var (where, text) in new[] { ("Message", exception.Message), ("ToString()", exception.ToString()) })
        {
            Assert.False(text.Contains(Key, StringComparison.Ordinal), "the credential leaked into the exception's " + where + ": " + Visible(text));
        }

        if (exception.GetType().GetProperty("Value") is { } property && property.GetValue(exception) is string shown)
        {
            Assert.False(shown.Contains(Key, StringComparison.Ordinal), "the credential leaked into the exception's Value");
        }

        Assert.False(exception.Message.Contains(value, StringComparison.Ordinal), "the message repeats the value");
    }

    private static bool CarriesKey(string contract, RawRequest request) => contract switch
    {
        "Wire" => request.Header("X-Api-Key") == Key,
        "WireBearer" => request.Header("Authorization") == "Bearer " + Key,
        _ => request.Query.Split('&').Contains("api_key=" + Uri.EscapeDataString(Key)),
    };

    private static void AssertCarriesNothingSecret(RawRequest request)
    {
        var raw = request.RawText;
        Assert.True(request.Header("X-Api-Key") is null, "X-Api-Key went to another origin: " + request);
        Assert.True(request.Header("Authorization") is null, "Authorization went to another origin: " + request);
        Assert.True(request.Header("Cookie") is null, "the Cookie header of the cookie parameters went to another origin: " + request + " Cookie: " + request.Header("Cookie"));
        foreach (var form in new[] { Key, Uri.EscapeDataString(Key), "s3ss10n-cookie" })
        {
            Assert.False(raw.Contains(form, StringComparison.OrdinalIgnoreCase), "a secret (" + form + ") went to another origin:\n" + Visible(raw));
        }
    }

    private static string LowerPercent(string text)
    {
        var builder = new StringBuilder(text);
        for (var i = 0; i < builder.Length - 2; i++)
        {
            if (builder[i] == '%')
            {
                builder[i + 1] = char.ToLowerInvariant(builder[i + 1]);
                builder[i + 2] = char.ToLowerInvariant(builder[i + 2]);
            }
        }

        return builder.ToString();
    }
}
