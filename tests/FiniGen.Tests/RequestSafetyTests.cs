using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using FiniGen.Tests.Infrastructure;
using Xunit;
using static FiniGen.Tests.Infrastructure.WireProbes;

namespace FiniGen.Tests;

/// <summary>
/// What the generated client puts on the wire, checked at a raw TCP server: no header value the HTTP grammar forbids
/// (no header injection, no request smuggling), no write sent twice, no request value JSON or a URL cannot carry. Every
/// refusal happens before the first byte is sent and names the operation and the member.
/// </summary>
public class RequestSafetyTests
{
    private static readonly ContractUnderTest Wire = WireContracts.Wire;

    /// <summary>Values the HTTP field-value grammar (RFC 9110 §5.5: HTAB, SP, VCHAR; no leading or trailing whitespace) forbids.</summary>
    private static readonly Dictionary<string, string> Forbidden = new()
    {
        ["cr-lf-header"] = "t1\r\nX-Injected: yes",
        ["smuggled-request"] = "t1\r\n\r\nDELETE /items/victim HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n",
        ["bare-cr"] = "t1\rX-Injected: yes",
        ["bare-lf"] = "t1\nX-Injected: yes",
        ["nul"] = "t1\0tail",
        ["del"] = "t1\u007Ftail",
        ["vertical-tab"] = "t1\vtail",
        ["escape"] = "t1\u001B[31mred",
        ["non-ascii-latin1"] = "caf\u00E9",
        ["non-ascii-c1-nel"] = "t1\u0085tail",
        ["non-ascii-emoji"] = "t1\U0001F600",
        ["lone-surrogate"] = "t1\uD800",
        ["leading-space"] = " t1",
        ["trailing-tab"] = "t1\t",
    };

    private const string HeaderProbes = """
        public static async Task<object?> TraceHeader(string url, string value)
        {
            using var client = Own(url);
            return await client.GetItemAsync("a", xTraceId: value);
        }

        public static async Task<object?> ReasonHeader(string url, string value)
        {
            using var client = Own(url);
            await client.DeleteItemAsync("a", xReason: value);
            return null;
        }

        public static async Task<object?> SessionCookie(string url, string value)
        {
            using var client = Own(url);
            return await client.GetItemAsync("a", session: value);
        }
        """;

    public static TheoryData<string> ForbiddenValues() => new(Forbidden.Keys);

    // A cookie parameter is percent-encoded (OpenAPI form style), so leading or trailing whitespace survives as %20 or
    // %09: only the characters the spec lists (controls, DEL, non-ASCII) must be refused there.
    public static TheoryData<string> ForbiddenCookieValues() => new(Forbidden.Keys.Where(k => k is not ("leading-space" or "trailing-tab" or "lone-surrogate")));

    [Theory]
    [MemberData(nameof(ForbiddenValues))]
    public async Task AHeaderParameterWithAForbiddenCharacterIsRefusedBeforeAnyByteIsSent(string name)
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\"}"));

        var outcome = await Wire.RunAsync(HeaderProbes, "TraceHeader", server.BaseUrl, Forbidden[name]);

        await AssertRefusedAsync(outcome, server, "getItem", "X-Trace-Id", Forbidden[name]);
    }

    [Theory]
    [InlineData("cr-lf-header")]
    [InlineData("smuggled-request")]
    [InlineData("nul")]
    [InlineData("non-ascii-latin1")]
    public async Task AHeaderParameterOfAWriteWithAForbiddenCharacterIsRefusedBeforeAnyByteIsSent(string name)
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(204));

        var outcome = await Wire.RunAsync(HeaderProbes, "ReasonHeader", server.BaseUrl, Forbidden[name]);

        await AssertRefusedAsync(outcome, server, "deleteItem", "X-Reason", Forbidden[name]);
    }

    [Theory]
    [MemberData(nameof(ForbiddenCookieValues))]
    public async Task ACookieParameterIsPercentEncodedSoAnyTextArrivesFaithfullyAsOneHeader(string name)
    {
        // Cookie values travel percent-encoded (OpenAPI's form style), so no text is refused: CR, LF, NUL and non-ASCII
        // arrive as %0D, %0A, %00 and UTF-8 escapes, inside the one Cookie header of the one request.
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\"}"));

        (await Wire.RunAsync(HeaderProbes, "SessionCookie", server.BaseUrl, Forbidden[name])).Returned();

        await server.SettleAsync();
        var request = Assert.Single(server.Requests);
        Assert.Equal("session=" + Uri.EscapeDataString(Forbidden[name]), request.Header("Cookie"));
        AssertOnlyLegalHeaderBytes(server);
    }

    [Fact]
    public async Task ACookieParameterWithALoneSurrogateIsRefusedBeforeAnyByteIsSent()
    {
        // Percent-encoding needs UTF-8, which has no form for half a surrogate pair (Uri.EscapeDataString sends U+FFFD).
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\"}"));

        var outcome = await Wire.RunAsync(HeaderProbes, "SessionCookie", server.BaseUrl, Forbidden["lone-surrogate"]);

        await AssertRefusedAsync(outcome, server, "getItem", "session", Forbidden["lone-surrogate"]);
    }

    [Theory]
    [MemberData(nameof(ForbiddenValues))]
    public async Task ACookieParameterNeverPutsAForbiddenByteOnTheWire(string name)
    {
        // Weaker than the test above, and true today: whatever the client does with the value, no byte the grammar
        // forbids reaches the server (today's client percent-encodes cookie values).
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\"}"));

        await Wire.RunAsync(HeaderProbes, "SessionCookie", server.BaseUrl, Forbidden[name]);

        await server.SettleAsync();
        AssertOnlyLegalHeaderBytes(server);
    }

    [Fact]
    public async Task LegalHeaderAndCookieValuesArriveExactly()
    {
        // The checks above must not refuse what the grammar allows: inner SP and HTAB, every visible ASCII character.
        const string visible = "a b\tc!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~";
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\"}"));

        (await Wire.RunAsync(HeaderProbes, "TraceHeader", server.BaseUrl, visible)).Returned();
        (await Wire.RunAsync(HeaderProbes, "SessionCookie", server.BaseUrl, "abc d;e")).Returned();

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Contains("\r\nX-Trace-Id: " + visible + "\r\n", requests[0].RawText);
        Assert.Equal("session=abc%20d%3Be", requests[1].Header("Cookie"));
    }

    public static TheoryData<string, bool, string> Writes()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var operation in new[] { "createCharge", "createOrder", "deleteItem" })
        {
            foreach (var reused in new[] { false, true })
            {
                foreach (var ending in new[] { "fin", "rst" })
                {
                    data.Add(operation, reused, ending);
                }
            }
        }

        return data;
    }

    private const string WriteProbes = """
        public static async Task<object?> Write(string url, string operation, bool reuse, bool ownClient)
        {
            using var client = ownClient ? Own(url) : new NS.BASEClient(new HttpClient(), Options(url));
            if (reuse)
            {
                // Leaves an idle kept-alive connection in the pool: the write goes out on it.
                await client.GetItemAsync("warm");
            }

            return await Call(client, operation);
        }

        public static async Task<object?> Retried(string url, string operation, int maxRetries)
        {
            var options = Options(url);
            options.MaxRetries = maxRetries;
            using var client = new NS.BASEClient(options);
            return await Call(client, operation);
        }

        private static async Task<object?> Call(NS.BASEClient client, string operation)
        {
            switch (operation)
            {
                case "createCharge": return await client.CreateChargeAsync(100);
                case "createOrder": return await client.CreateOrderAsync(Order());
                case "deleteItem": await client.DeleteItemAsync("victim"); return null;
                case "refreshItem": return await client.RefreshItemAsync("a");
                case "getItem": return await client.GetItemAsync("a");
                default: throw new ArgumentException(operation);
            }
        }
        """;

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task AWriteThatIsNotSafeToRepeatArrivesOnceWhenTheServerDropsTheConnection(string operation, bool reused, string ending)
    {
        await using var server = RawHttpServer.Start(r => r.Target == "/items/warm"
            ? RawReply.Respond(200, "{\"name\":\"warm\"}")
            : ending == "fin" ? RawReply.Close() : RawReply.Reset());

        var outcome = await Wire.RunAsync(WriteProbes, "Write", server.BaseUrl, operation, reused, true);

        await AssertArrivedOnceAsync(server, outcome, operation, reused);
    }

    [Theory]
    [InlineData("createCharge")]
    [InlineData("createOrder")]
    [InlineData("deleteItem")]
    public async Task AWriteThroughTheCallersHttpClientArrivesOnceWhenAReusedConnectionIsClosed(string operation)
    {
        await using var server = RawHttpServer.Start(r => r.Target == "/items/warm" ? RawReply.Respond(200, "{\"name\":\"warm\"}") : RawReply.Close());

        var outcome = await Wire.RunAsync(WriteProbes, "Write", server.BaseUrl, operation, true, false);

        await AssertArrivedOnceAsync(server, outcome, operation, reused: true);
    }

    [Theory]
    [InlineData("getItem", 2)]
    [InlineData("getItem", 0)]
    [InlineData("refreshItem", 2)]
    public async Task ARetrySafeRequestIsRepeatedUpToMaxRetriesAndNoMore(string operation, int maxRetries)
    {
        // Each attempt gets a 503: one request per attempt on the wire, so the count is the client's own.
        await using var server = RawHttpServer.Start(RawReply.Respond(503, "{}", reason: "Busy", headers: ("Retry-After", "0")));

        var outcome = await Wire.RunAsync(WriteProbes, "Retried", server.BaseUrl, operation, maxRetries);

        var exception = outcome.Threw("WireApiException");
        AssertNamesOperation(exception, operation);
        await server.SettleAsync();
        Assert.True(server.Requests.Count == maxRetries + 1, "expected " + (maxRetries + 1) + " arrivals (1 + MaxRetries), got " + server.Requests.Count + ":\n" + string.Join("\n", server.Requests));
    }

    [Theory]
    [InlineData("getItem", 2)]
    [InlineData("getItem", 0)]
    public async Task ABodylessSafeRequestWhoseConnectionClosesIsAlsoResentBySocketsHttpHandlerItself(string operation, int maxRetries)
    {
        // The documented limit (docs/client-guarantees.md): beneath the client's attempts, SocketsHttpHandler re-sends
        // a request without a body, up to 3 more times at once, when its connection closes before any byte of the
        // response. The client prevents that only for requests that are not safe to repeat.
        await using var server = RawHttpServer.Start(RawReply.Close());

        var outcome = await Wire.RunAsync(WriteProbes, "Retried", server.BaseUrl, operation, maxRetries);

        var exception = outcome.Threw("HttpRequestException");
        AssertNamesOperation(exception, operation);
        Assert.Contains("(" + (maxRetries + 1) + (maxRetries == 0 ? " attempt)" : " attempts)"), exception.Message, StringComparison.Ordinal);
        await server.SettleAsync();
        Assert.InRange(server.Requests.Count, maxRetries + 1, 4 * (maxRetries + 1));
    }

    public static TheoryData<string> BodyValues() => new(BodyCases.Keys);

    private static readonly Dictionary<string, string[]> BodyCases = new()
    {
        ["price-nan"] = ["price"],
        ["price-positive-infinity"] = ["price"],
        ["weights-item-negative-infinity"] = ["weights"],
        ["weights-item-nan"] = ["weights"],
        ["sku-lone-high-surrogate"] = ["sku"],
        ["sku-lone-low-surrogate"] = ["sku"],
        ["note-truncated-pair"] = ["note"],
        ["labels-key-lone-surrogate"] = ["labels"],
        ["labels-value-lone-surrogate"] = ["labels"],
        ["tags-item-lone-surrogate"] = ["tags"],
        ["tags-null-item"] = ["tags"],
        ["lines-null-item"] = ["lines"],
        ["sku-null"] = ["sku"],
        ["lines-null"] = ["lines"],
        ["line-sku-null"] = ["lines", "sku"],
    };

    private const string ValueProbes = """
        public static async Task<object?> Body(string url, string variant)
        {
            var options = Options(url);
            options.ValidateRequests = false;
            using var client = new NS.BASEClient(options);
            var order = Order();
            switch (variant)
            {
                case "price-nan": order.Price = double.NaN; break;
                case "price-positive-infinity": order.Price = double.PositiveInfinity; break;
                case "weights-item-negative-infinity": order.Weights = new List<double> { 1.5, double.NegativeInfinity }; break;
                case "weights-item-nan": order.Weights = new List<double> { double.NaN }; break;
                case "sku-lone-high-surrogate": order.Sku = "sku-\uD800"; break;
                case "sku-lone-low-surrogate": order.Sku = "\uDC00sku"; break;
                case "note-truncated-pair": order.Note = "smile \uD83D"; break;
                case "labels-key-lone-surrogate": order.Labels = new Dictionary<string, string> { ["k\uD800"] = "v" }; break;
                case "labels-value-lone-surrogate": order.Labels = new Dictionary<string, string> { ["k"] = "\uDFFFv" }; break;
                case "tags-item-lone-surrogate": order.Tags = new List<string> { "ok", "\uD800" }; break;
                case "tags-null-item": order.Tags = new List<string> { "ok", null! }; break;
                case "lines-null-item": order.Lines = new List<NS.Line> { null! }; break;
                case "sku-null": order.Sku = null!; break;
                case "lines-null": order.Lines = null!; break;
                case "line-sku-null": order.Lines[0].Sku = null!; break;
                default: throw new ArgumentException(variant);
            }

            return await client.CreateOrderAsync(order);
        }

        public static async Task<object?> Parameter(string url, string variant)
        {
            var options = Options(url);
            options.ValidateRequests = false;
            using var client = new NS.BASEClient(options);
            switch (variant)
            {
                case "ratio-nan": return await client.CreateChargeAsync(100, ratio: double.NaN);
                case "ratio-positive-infinity": return await client.CreateChargeAsync(100, ratio: double.PositiveInfinity);
                case "minScore-negative-infinity": return await client.SearchItemsAsync(minScore: double.NegativeInfinity);
                case "q-lone-surrogate": return await client.SearchItemsAsync(q: "shoe\uD800");
                case "tags-query-lone-surrogate": return await client.SearchItemsAsync(tags: new List<string> { "\uDC00" });
                case "tags-query-null-item": return await client.SearchItemsAsync(tags: new List<string> { "red", null! });
                case "currency-lone-surrogate": return await client.CreateChargeAsync(100, currency: "\uD83D");
                case "name-lone-surrogate": return await client.GetItemAsync("a\uD800");
                case "header-lone-surrogate": return await client.GetItemAsync("a", xTraceId: "\uDBFF");
                case "cookie-lone-surrogate": return await client.GetItemAsync("a", session: "\uDBFF");
                default: throw new ArgumentException(variant);
            }
        }

        public static async Task<object?> Path(string url, string operation, string name)
        {
            var options = Options(url);
            options.ValidateRequests = false;
            using var client = new NS.BASEClient(options);
            if (operation == "deleteItem")
            {
                await client.DeleteItemAsync(name);
                return null;
            }

            return await client.GetItemAsync(name);
        }
        """;

    [Theory]
    [MemberData(nameof(BodyValues))]
    public async Task ABodyValueJsonCannotCarryIsRefusedBeforeSendingEvenWithValidationOff(string variant)
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"sku\":\"s\",\"quantity\":1,\"price\":1,\"lines\":[]}"));

        var outcome = await Wire.RunAsync(ValueProbes, "Body", server.BaseUrl, variant);

        await AssertRefusedAsync(outcome, server, "createOrder", BodyCases[variant], character: null);
    }

    [Theory]
    [InlineData("ratio-nan", "createCharge", "ratio")]
    [InlineData("ratio-positive-infinity", "createCharge", "ratio")]
    [InlineData("minScore-negative-infinity", "searchItems", "minScore")]
    [InlineData("q-lone-surrogate", "searchItems", "q")]
    [InlineData("tags-query-lone-surrogate", "searchItems", "tags")]
    [InlineData("tags-query-null-item", "searchItems", "tags")]
    [InlineData("currency-lone-surrogate", "createCharge", "currency")]
    [InlineData("name-lone-surrogate", "getItem", "name")]
    [InlineData("header-lone-surrogate", "getItem", "X-Trace-Id")]
    [InlineData("cookie-lone-surrogate", "getItem", "session")]
    public async Task AParameterValueAUrlOrHeaderCannotCarryIsRefusedBeforeSendingEvenWithValidationOff(string variant, string operationId, string member)
    {
        await using var server = RawHttpServer.Start(r => r.Method == "POST" ? RawReply.Respond(200, "{\"id\":\"c\",\"amount\":100}") : r.Path == "/search" ? RawReply.Respond(200, "[]") : RawReply.Respond(200, "{\"name\":\"a\"}"));

        var outcome = await Wire.RunAsync(ValueProbes, "Parameter", server.BaseUrl, variant);

        await AssertRefusedAsync(outcome, server, operationId, [member], character: null);
    }

    [Theory]
    [InlineData("deleteItem", "..")]
    [InlineData("deleteItem", ".")]
    [InlineData("getItem", "..")]
    [InlineData("deleteItem", "../victim")]
    [InlineData("deleteItem", "%2E%2E")]
    public async Task ADotSegmentPathParameterNeverReachesAnotherResource(string operationId, string name)
    {
        await using var server = RawHttpServer.Start(r => r.Method == "DELETE" ? RawReply.Respond(204) : RawReply.Respond(200, "{\"name\":\"a\"}"));

        var outcome = await Wire.RunAsync(ValueProbes, "Path", server.BaseUrl, operationId, name);

        await server.SettleAsync();
        if (outcome.Exception is { } exception && ProbeOutcome.Is(exception, "WireRequestValidationException"))
        {
            Assert.Equal(operationId, Reflect.Get(exception, "OperationId"));
            Assert.Equal("name", Reflect.Get(exception, "Member"));
            await AssertNothingSentAsync(server, "a refused path parameter must not be sent");
            return;
        }

        // Not refused: then the server must see the literal segment, encoded, under /items/.
        var request = Assert.Single(server.Requests);
        Assert.True(request.Path.StartsWith("/items/", StringComparison.Ordinal), "the request escaped /items/: " + request.RequestLine);
        var segment = request.Path["/items/".Length..];
        Assert.True(!segment.Contains('/') && segment != "." && segment != ".." && Uri.UnescapeDataString(segment) == name, "the server saw " + request.RequestLine + " for the name '" + name + "' (" + outcome + ")");
    }

    [Theory]
    [InlineData("deleteItem")]
    [InlineData("getItem")]
    public async Task AnEmptyPathParameterIsRefusedBeforeSending(string operationId)
    {
        await using var server = RawHttpServer.Start(r => r.Method == "DELETE" ? RawReply.Respond(204) : RawReply.Respond(200, "{\"name\":\"a\"}"));

        var outcome = await Wire.RunAsync(ValueProbes, "Path", server.BaseUrl, operationId, string.Empty);

        await AssertRefusedAsync(outcome, server, operationId, ["name"], character: null);
    }

    private static async Task AssertRefusedAsync(ProbeOutcome outcome, RawHttpServer server, string operationId, string member, string value)
        => await AssertRefusedAsync(outcome, server, operationId, [member], FirstForbidden(value), exactMember: true);

    private static async Task AssertRefusedAsync(ProbeOutcome outcome, RawHttpServer server, string operationId, string[] member, string? character, bool exactMember = false)
    {
        await AssertNothingSentAsync(server, operationId + " must refuse the value before sending (" + outcome + ")");
        var exception = outcome.Threw("WireRequestValidationException");
        Assert.IsAssignableFrom<ArgumentException>(exception);
        Assert.Equal(operationId, Reflect.Get(exception, "OperationId"));
        AssertNamesOperation(exception, operationId);
        var named = (string)Reflect.Get(exception, "Member")!;
        if (exactMember)
        {
            Assert.Equal(member[0], named);
        }
        else
        {
            Assert.True(member.All(m => named.Contains(m, StringComparison.Ordinal)), "Member '" + named + "' does not name " + string.Join(" and ", member));
        }

        if (character is not null)
        {
            // A character outside the BMP may be named by its code point or by its first UTF-16 unit.
            var names = character.Split('|');
            var problem = (string)Reflect.Get(exception, "Problem")!;
            Assert.True(names.Any(n => problem.Contains(n, StringComparison.Ordinal) || exception.Message.Contains(n, StringComparison.Ordinal)), "Neither the problem nor the message names " + string.Join(" or ", names) + ": " + exception.Message);
        }
    }

    private static async Task AssertArrivedOnceAsync(RawHttpServer server, ProbeOutcome outcome, string operation, bool reused)
    {
        await server.SettleAsync(TimeSpan.FromMilliseconds(300));
        var writes = server.Requests.Where(r => r.Target != "/items/warm").ToList();
        Assert.True(writes.Count <= 1, operation + " arrived " + writes.Count + " times (it is not safe to repeat; at most once):\n" + string.Join("\n", writes) + "\n" + outcome);

        // The write itself must have been tried (after the warm-up call when the connection is reused); whether it went
        // out on the kept-alive connection or on a fresh one is the client's choice.
        Assert.True(writes.Count == 1, operation + " never reached the server: " + outcome);
        Assert.True(!reused || server.Requests[0].Target == "/items/warm", "the warm-up call did not come first");

        var exception = outcome.Threw("HttpRequestException");
        AssertNamesOperation(exception, operation);
        Assert.Contains("not repeated", exception.Message);
    }

    private static void AssertOnlyLegalHeaderBytes(RawHttpServer server)
    {
        foreach (var connection in server.Connections)
        {
            var text = RawHttpServer.Latin1(connection.Received);
            var head = text.Split("\r\n\r\n", 2)[0];
            var bad = head.Replace("\r\n", string.Empty).Where(c => !(c == '\t' || (c >= 0x20 && c <= 0x7E))).ToList();
            Assert.True(bad.Count == 0, "forbidden bytes in the header block: " + string.Join(", ", bad.Select(c => CodePoint(c))) + "\n" + Visible(text));
            Assert.True(text.Split("\r\n\r\n").Count(p => p.Length > 0) <= 1, "more than one request on the connection:\n" + Visible(text));
        }

        Assert.DoesNotContain(server.Requests, r => r.Method != "GET");
        Assert.True(server.Requests.Count <= 1, "expected at most one request, got " + server.Requests.Count);
    }
}
