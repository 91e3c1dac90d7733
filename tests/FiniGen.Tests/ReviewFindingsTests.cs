using System;
using System.Linq;
using System.Threading.Tasks;
using FiniGen.Tests.Infrastructure;
using Xunit;
using static FiniGen.Tests.Infrastructure.WireProbes;

namespace FiniGen.Tests;

/// <summary>
/// What an adversarial review of the client runtime broke, each case over raw loopback servers: writes repeated by a
/// handler that buffers the body or by same-origin redirects, a malformed Location, a credential carried to another
/// origin in a redirect's URL or doubled in the query, a stream body lost on a redirect, header parameters sent to
/// another origin, a page walker that never ends, a null list item that crashed validation, credentials that look like
/// escapes, one rotated mid-call, one in .NET's hex or lower case, and error messages the size of the body.
/// </summary>
public class ReviewFindingsTests
{
    private static readonly ContractUnderTest Wire = WireContracts.Wire;
    private static readonly ContractUnderTest Query = WireContracts.WireQuery;

    /// <summary>An upload, a paginated list and a multipart form, with the shapes <see cref="WireProbes.Common"/> needs.</summary>
    internal static readonly ContractUnderTest More = new("/c/wire-more.openapi.yaml", "Consumer.WireMore", "WireMore", """
        openapi: 3.0.3
        info: { title: More, version: '1' }
        security:
          - inventoryKey: []
        paths:
          /upload:
            post:
              operationId: upload
              requestBody:
                required: true
                content:
                  application/octet-stream: { schema: { type: string, format: binary } }
              responses:
                '204': { description: Stored. }
          /pages:
            get:
              operationId: listPages
              x-finigen-pagination: { cursorParameter: cursor, directionParameter: direction, forward: next, items: items, hasMore: hasMore, cursorField: id }
              parameters:
                - { name: cursor, in: query, schema: { type: string } }
                - { name: direction, in: query, schema: { type: string, enum: [next] } }
              responses:
                '200':
                  description: A page.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items, hasMore]
                        properties:
                          items: { type: array, items: { $ref: '#/components/schemas/Entry' } }
                          hasMore: { type: boolean }
          /forms:
            post:
              operationId: sendForm
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema: { $ref: '#/components/schemas/Form' }
              responses:
                '204': { description: Stored. }
        components:
          securitySchemes:
            inventoryKey: { type: apiKey, in: header, name: X-Api-Key }
          schemas:
            Entry:
              type: object
              required: [id]
              properties:
                id: { type: string }
            Form:
              type: object
              properties:
                title: { type: string }
              additionalProperties: { type: string }
            Order:
              type: object
              required: [sku, quantity, price, lines]
              properties:
                sku: { type: string }
                quantity: { type: integer }
                price: { type: number, format: double }
                lines: { type: array, items: { $ref: '#/components/schemas/Line' } }
            Line:
              type: object
              required: [sku, count]
              properties:
                sku: { type: string }
                count: { type: integer }
        """);

    private const string Probes = """
        private sealed class LogBodyHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Content is not null)
                {
                    _ = await request.Content.ReadAsStringAsync(cancellationToken);
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }

        // Retries every method on 5xx, as a naive policy (or a standard resilience handler left as it comes) does.
        private sealed class RetryEverythingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                HttpResponseMessage response = null!;
                for (var i = 0; i < 3; i++)
                {
                    response = await base.SendAsync(request, cancellationToken);
                    if ((int)response.StatusCode < 500)
                    {
                        break;
                    }
                }

                return response;
            }
        }

        public static async Task<object?> ThroughBufferingRetryPipeline(string url, string operation)
        {
            var pipeline = new RetryEverythingHandler { InnerHandler = new LogBodyHandler { InnerHandler = NS.BASEClient.CreatePrimaryHandler() } };
            using var client = new NS.BASEClient(new HttpClient(pipeline), Options(url));
            switch (operation)
            {
                case "createOrder": return await client.CreateOrderAsync(Order());
                case "deleteItem": await client.DeleteItemAsync("a"); return null;
                default: throw new ArgumentException(operation);
            }
        }

        public static async Task<object?> Get(string url, string key)
        {
            var options = Options(url);
            options.InventoryKey = key;
            options.MaxRetries = 0;
            using var client = new NS.BASEClient(options);
            return (await client.GetItemAsync("a", xTraceId: "tenant-secret-trace")).Name;
        }

        public static async Task<object?> Write(string url, string operation)
        {
            using var client = Own(url);
            switch (operation)
            {
                case "createOrder": return await client.CreateOrderAsync(Order());
                case "createCharge": return await client.CreateChargeAsync(100);
                case "deleteItem": await client.DeleteItemAsync("a"); return null;
                default: throw new ArgumentException(operation);
            }
        }

        public static async Task<object?> NullLine(string url)
        {
            using var client = Own(url);
            var order = Order();
            order.Lines = new List<NS.Line> { null! };
            return await client.CreateOrderAsync(order);
        }

        public static async Task<object?> Rotated(string url)
        {
            var options = Options(url);
            using var client = new NS.BASEClient(options);
            var call = client.CreateChargeAsync(100);
            await Task.Delay(300);
            options.InventoryKey = "fini_live_rotated_key_0001";
            return await call;
        }
        """;

    private const string MoreProbes = """
        private sealed class OneWay : System.IO.MemoryStream
        {
            public OneWay(byte[] bytes) : base(bytes) { }

            public override bool CanSeek => false;
        }

        public static async Task<object?> Upload(string url, bool seekable)
        {
            using var client = Own(url);
            var bytes = new byte[5000];
            System.IO.Stream stream = seekable ? new System.IO.MemoryStream(bytes) : new OneWay(bytes);
            await client.UploadAsync(stream);
            return null;
        }

        public static async Task<object?> Walk(string url)
        {
            using var client = Own(url);
            var count = 0;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await foreach (var entry in client.ListPagesAllAsync(cancellationToken: stop.Token))
            {
                count++;
            }

            return count;
        }

        public static async Task<object?> Form(string url, string key)
        {
            using var client = Own(url);
            var form = new NS.Form { Title = "t" };
            form.AdditionalProperties[key] = "v";
            await client.SendFormAsync(form);
            return null;
        }
        """;

    [Theory]
    [InlineData("createOrder")]
    [InlineData("deleteItem")]
    public async Task AWriteIsSentOnceEvenThroughAPipelineThatBuffersItsBodyAndRetriesEveryMethod(string operation)
    {
        await using var server = RawHttpServer.Start(_ => RawReply.Respond(503, "{}"));

        var outcome = await Wire.RunAsync(Probes, "ThroughBufferingRetryPipeline", server.BaseUrl, operation);

        AssertNamesOperation(outcome.Threw("HttpRequestException"), operation);
        await server.SettleAsync();
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(307, "createOrder")]
    [InlineData(308, "createOrder")]
    [InlineData(307, "deleteItem")]
    [InlineData(302, "deleteItem")]
    [InlineData(307, "createCharge")]
    public async Task ASameOriginRedirectDoesNotSendAWriteASecondTime(int status, string operation)
    {
        await using var server = RawHttpServer.Start(request => RawReply.Redirect(status, request.Target));

        var outcome = await Wire.RunAsync(Probes, "Write", server.BaseUrl, operation);

        var exception = outcome.Threw("WireApiException");
        AssertNamesOperation(exception, operation);
        Assert.Equal(status, Reflect.Get(exception, "StatusCode"));
        Assert.Contains("not safe to repeat", exception.Message, StringComparison.Ordinal);
        await server.SettleAsync();
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task APostThatIsRedirectedWith303BecomesOneGetOfTheNewLocation()
    {
        await using var server = RawHttpServer.Start(
            RawReply.Redirect(303, "/orders/1"),
            RawReply.Respond(200, "{\"sku\":\"sku-1\",\"quantity\":2,\"price\":9.5,\"lines\":[]}"));

        (await Wire.RunAsync(Probes, "Write", server.BaseUrl, "createOrder")).Returned();

        await server.SettleAsync();
        Assert.Equal(["POST /orders HTTP/1.1", "GET /orders/1 HTTP/1.1"], server.Requests.Select(r => r.RequestLine));
    }

    [Theory]
    [InlineData("//")]
    [InlineData("///x")]
    [InlineData("http://[::1")]
    public async Task AMalformedLocationIsATypedErrorNamingTheOperation(string location)
    {
        await using var server = RawHttpServer.Start(RawReply.Raw("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n"));

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, WireContracts.Key);

        var exception = outcome.Threw("WireApiException");
        AssertNamesOperation(exception, "getItem");
        Assert.Equal(302, Reflect.Get(exception, "StatusCode"));
    }

    [Fact]
    public async Task AQueryCredentialIsNotCarriedToAnotherOriginInARedirectsUrlNorDoubledOnTheSameOrigin()
    {
        await using var other = RawHttpServer.Start(_ => RawReply.Respond(200, ItemJsonText));
        await using var server = RawHttpServer.Start(request => request.Path.StartsWith("/items/moved", StringComparison.Ordinal)
            ? RawReply.Respond(200, ItemJsonText)
            : request.Path.StartsWith("/items/a", StringComparison.Ordinal) && request.Query.Contains("api_key", StringComparison.Ordinal) && !request.Target.Contains("hop", StringComparison.Ordinal)
                ? RawReply.Redirect(302, "/items/moved?hop=1&" + request.Query)
                : RawReply.Respond(404, "{}"));
        await using var away = RawHttpServer.Start(request => RawReply.Redirect(301, other.Url("/items/moved?" + request.Query)));

        (await Query.RunAsync(Probes, "Get", server.BaseUrl, WireContracts.Key)).Returned();
        var refused = await Query.RunAsync(Probes, "Get", away.BaseUrl, WireContracts.Key);

        await server.SettleAsync();
        var moved = server.Requests.Single(r => r.Path == "/items/moved");
        Assert.Equal(1, moved.Query.Split('&').Count(p => p.StartsWith("api_key=", StringComparison.Ordinal)));
        var exception = refused.Threw("WireQueryApiException");
        Assert.Contains("would take the credential to another origin", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(WireContracts.Key), exception.ToString(), StringComparison.Ordinal);
        await other.SettleAsync();
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task ACrossOriginRedirectCarriesNoHeaderTheRequestWasGiven()
    {
        await using var other = RawHttpServer.Start(_ => RawReply.Respond(200, ItemJsonText));
        await using var server = RawHttpServer.Start(_ => RawReply.Redirect(302, other.Url("/items/a")));

        (await Wire.RunAsync(Probes, "Get", server.BaseUrl, WireContracts.Key)).Returned();

        await other.SettleAsync();
        var arrived = Assert.Single(other.Requests);
        Assert.Null(arrived.Header("X-Trace-Id"));
        Assert.Null(arrived.Header("X-Api-Key"));
        Assert.Equal("tenant-secret-trace", server.Requests.Single().Header("X-Trace-Id"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnUploadRedirectedWith307IsNotSentAgainWithAnEmptyOrRepeatedBody(bool seekable)
    {
        await using var server = RawHttpServer.Start(request => request.Path == "/upload" ? RawReply.Redirect(307, "/upload2") : RawReply.Respond(204));

        var outcome = await More.RunAsync(MoreProbes, "Upload", server.BaseUrl, seekable);

        var exception = outcome.Threw("WireMoreApiException");
        Assert.Equal(307, Reflect.Get(exception, "StatusCode"));
        await server.SettleAsync();
        var upload = Assert.Single(server.Requests);
        Assert.Equal(5000, upload.Body.Length);
    }

    [Fact]
    public async Task APageWalkerWhoseServerRepeatsAPageStopsWithATypedError()
    {
        await using var server = RawHttpServer.Start(_ => RawReply.Respond(200, "{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"hasMore\":true}"));

        var outcome = await More.RunAsync(MoreProbes, "Walk", server.BaseUrl);

        var exception = outcome.Threw("WireMoreApiException");
        AssertNamesOperation(exception, "listPages");
        Assert.Contains("already asked for", exception.Message, StringComparison.Ordinal);
        await server.SettleAsync();
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("name\"quoted")]
    [InlineData("line\r\nbreak")]
    public async Task AMultipartPartNameThatCannotBeAHeaderIsTheRequestValidationException(string key)
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(204));

        var outcome = await More.RunAsync(MoreProbes, "Form", server.BaseUrl, key);

        AssertNamesOperation(outcome.Threw("WireMoreRequestValidationException"), "sendForm");
        await AssertNothingSentAsync(server, "a part name that cannot be a header");
    }

    [Fact]
    public async Task ANullItemInAListOfObjectsIsRefusedWithRulesOnInsteadOfANullReferenceException()
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{}"));

        var outcome = await Wire.RunAsync(Probes, "NullLine", server.BaseUrl);

        var exception = outcome.Threw("WireRequestValidationException");
        Assert.Equal("request.lines[0]", Reflect.Get(exception, "Member"));
        await AssertNothingSentAsync(server, "a null line");
    }

    [Theory]
    [InlineData("fini_ab%41cd_0123456789")]
    [InlineData("fini_ab\\u0041cd_0123456789")]
    [InlineData("fini_ab&#65;cd_0123456789")]
    public async Task ACredentialThatLooksLikeAnEscapeIsRedactedWhenEchoedAsItIs(string key)
    {
        await using var server = RawHttpServer.Start(_ => RawReply.Respond(401, "unknown key: " + key, "text/plain"));

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, key);

        var exception = outcome.Threw("WireApiException");
        Assert.DoesNotContain(key, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, (string)Reflect.Get(exception, "RawBody")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCredentialACallSentIsRedactedEvenIfTheOptionsChangeWhileItRuns()
    {
        await using var server = RawHttpServer.Start(request => RawReply.Trickle(403, System.Text.Encoding.UTF8.GetBytes("{\"statusCode\":403,\"message\":\"key " + request.Header("X-Api-Key") + " may not charge\"}"), 8, TimeSpan.FromMilliseconds(20)));

        var outcome = await Wire.RunAsync(Probes, "Rotated", server.BaseUrl);

        var exception = outcome.Threw("WireApiException");
        Assert.DoesNotContain(WireContracts.Key, exception.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("invalid chunk size")]
    [InlineData("invalid status line")]
    [InlineData("invalid header line")]
    public async Task ACredentialQuotedByDotNetInATransportMessageIsRedactedInEveryForm(string what)
    {
        var reply = what switch
        {
            "invalid chunk size" => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + WireContracts.Key + "\r\n",
            "invalid status line" => "HTTP/1.1 5x0 " + WireContracts.Key + "\r\nContent-Length: 0\r\n\r\n",
            _ => "HTTP/1.1 200 OK\r\nBad Header " + WireContracts.Key + "\r\nContent-Length: 0\r\n\r\n",
        };
        await using var server = RawHttpServer.Start(_ => RawReply.Raw(reply));

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, WireContracts.Key);

        var text = outcome.Threw("HttpRequestException").ToString();
        var utf8 = System.Text.Encoding.UTF8.GetBytes(WireContracts.Key);
        Assert.DoesNotContain(WireContracts.Key, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(BitConverter.ToString(utf8, 0, 12), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnErrorMessageQuotesAtMost300CharactersOfTheBodysMessage()
    {
        await using var server = RawHttpServer.Start(_ => RawReply.Respond(500, "{\"statusCode\":500,\"message\":\"" + new string('x', 200_000) + "\"}"));

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, WireContracts.Key);

        var exception = outcome.Threw("WireApiException");
        Assert.InRange(exception.Message.Length, 300, 400);
        Assert.Equal(200_000 + 31, ((string)Reflect.Get(exception, "RawBody")!).Length);
    }

    [Theory]
    [InlineData("new List<string> { \"ok\", \"Not-OK\" }", "request[1] = 'Not-OK' breaks the contract (pattern ^[a-z]+$)")]
    [InlineData("new List<string>()", "request = '0 items' breaks the contract (minItems 1)")]
    [InlineData("new List<string> { \"ok\" }", "sent: POST /batch")]
    public void AListAsTheWholeBodyIsCheckedAgainstItsRules(string value, string expected)
    {
        var contract = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n" + """
            paths:
              /batch:
                post:
                  operationId: batch
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: { type: array, minItems: 1, items: { type: string, pattern: '^[a-z]+$' } }
                  responses:
                    '204': { description: ok }
            """;
        var probe = """
            #pragma warning disable CS1591
            namespace Probe;

            using System.Collections.Generic;

            public static class Program
            {
                public static async System.Threading.Tasks.Task<string> RunAsync()
                {
                    var capture = new Capture();
                    using var client = new Consumer.Api.ApiClient(new System.Net.Http.HttpClient(capture), new Consumer.Api.ApiClientOptions { BaseAddress = new System.Uri("https://api.test/") });
                    try
                    {
                        await client.BatchAsync(VALUE);
                        return "sent: " + capture.Log.ToString().Split('\n')[0];
                    }
                    catch (Consumer.Api.ApiRequestValidationException e)
                    {
                        return e.Message;
                    }
                }
            }
            """.Replace("VALUE", value);

        var result = ContractCompiler.RunProbe(contract, probe);

        Assert.Contains(expected, result, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- the second round

    private const string RoundTwoProbes = """
        public static async Task<object?> DeleteWithExpectContinue(string url)
        {
            var http = new HttpClient(NS.BASEClient.CreatePrimaryHandler());
            http.DefaultRequestHeaders.ExpectContinue = true;
            using var client = new NS.BASEClient(http, Options(url));
            await client.GetItemAsync("warm");
            await client.DeleteItemAsync("1");
            return null;
        }

        public static async Task<object?> Get(string url)
        {
            using var client = Own(url);
            return await client.GetItemAsync("a");
        }

        public static async Task<object?> CreateOrder(string url)
        {
            using var client = Own(url);
            return await client.CreateOrderAsync(Order());
        }

        public static async Task<object?> SwitchBaseDuringRetry(string url, string other)
        {
            var options = Options(url);
            options.MaxRetries = 1;
            options.MaxRetryAfter = TimeSpan.FromSeconds(5);
            using var client = new NS.BASEClient(options);
            var call = client.GetItemAsync("a");
            await Task.Delay(300);
            options.BaseAddress = new Uri(other);
            options.InventoryKey = "key-for-the-other-server";
            return (await call).Name;
        }

        private sealed class ThrowsItsOwn : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                => throw new TimeZoneNotFoundException("a policy of its own gave up");
        }

        public static async Task<object?> ThroughAThrowingHandler(string url)
        {
            using var client = new NS.BASEClient(new HttpClient(new ThrowsItsOwn { InnerHandler = NS.BASEClient.CreatePrimaryHandler() }), Options(url));
            return await client.GetItemAsync("a");
        }
        """;

    private const string MoreRoundTwoProbes = """
        private sealed class Stalled : System.IO.Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) { await Task.Delay(Timeout.Infinite, cancellationToken); return 0; }
            public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        public static async Task<object?> StalledUpload(string url)
        {
            var options = Options(url);
            options.Timeout = TimeSpan.FromSeconds(1);
            using var client = new NS.BASEClient(options);
            await client.UploadAsync(new Stalled());
            return null;
        }

        public static async Task<object?> WalkEcho(string url)
        {
            using var client = Own(url);
            await foreach (var entry in client.ListPagesAllAsync())
            {
            }

            return null;
        }
        """;

    [Fact]
    public async Task ABodylessWriteWithExpectContinueIsSentOnceWhenTheConnectionDies()
    {
        await using var server = RawHttpServer.Start(request => request.Method == "GET" ? RawReply.Respond(200, ItemJsonText) : RawReply.Close());

        var outcome = await Wire.RunAsync(RoundTwoProbes, "DeleteWithExpectContinue", server.BaseUrl);

        AssertNamesOperation(outcome.Threw("HttpRequestException"), "deleteItem");
        await server.SettleAsync();
        Assert.Single(server.Requests, r => r.Method == "DELETE");
        Assert.Null(server.Requests.Single(r => r.Method == "DELETE").Header("Expect"));
    }

    [Fact]
    public async Task AnUploadFromAStreamThatStallsEndsWithTheAttemptsTimeout()
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(204));

        var outcome = await More.RunAsync(MoreRoundTwoProbes, "StalledUpload", TimeSpan.FromSeconds(15), server.BaseUrl);

        AssertNamesOperation(outcome.Threw("TimeoutException"), "upload");
        Assert.InRange(outcome.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("unquoted")]
    [InlineData("huge")]
    public async Task AMalformedSuccessBodyIsTypedBoundedAndRedactedInnerExceptionsIncluded(string shape)
    {
        var body = shape == "unquoted" ? "{\"name\":" + WireContracts.Key + "}" : "{\"name\":f" + new string('x', 4 << 20);
        await using var server = RawHttpServer.Start(_ => RawReply.Respond(200, body));

        var outcome = await Wire.RunAsync(RoundTwoProbes, "Get", server.BaseUrl);

        var exception = outcome.Threw("WireApiException");
        Assert.DoesNotContain(WireContracts.Key, exception.ToString(), StringComparison.Ordinal);
        Assert.InRange(exception.Message.Length, 20, 1000);
    }

    [Fact]
    public async Task APageWalkersErrorQuotesTheCursorRedactedAndShort()
    {
        await using var server = RawHttpServer.Start(_ => RawReply.Respond(200, "{\"items\":[{\"id\":\"echo-" + WireContracts.Key + new string('y', 500) + "\"}],\"hasMore\":true}"));

        var outcome = await More.RunAsync(MoreRoundTwoProbes, "WalkEcho", server.BaseUrl);

        var exception = outcome.Threw("WireMoreApiException");
        Assert.DoesNotContain(WireContracts.Key, exception.ToString(), StringComparison.Ordinal);
        Assert.InRange(exception.Message.Length, 100, 500);
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("hex")]
    [InlineData("percent-in-json")]
    [InlineData("html-long-decimal")]
    public async Task ACredentialEchoedInAnotherCaseHexOrEscapedTwiceIsRedactedFromTheMessageAndTheTypedError(string form)
    {
        var key = WireContracts.Key;
        var echoed = form switch
        {
            "upper" => key.ToUpperInvariant(),
            "hex" => BitConverter.ToString(System.Text.Encoding.UTF8.GetBytes(key)),
            "percent-in-json" => string.Concat(key.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : "\\u0025" + ((int)c).ToString("X2"))),
            _ => key.Replace("_", "&#00000095;"),
        };
        await using var server = RawHttpServer.Start(_ => RawReply.Respond(403, "{\"statusCode\":403,\"message\":\"bad key " + echoed + "\"}"));

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, key);

        var exception = outcome.Threw("WireApiException");
        var typed = Reflect.Get(exception, "ErrorBody");
        Assert.NotNull(typed);
        var message = (string)Reflect.Get(typed!, "Message")!;
        foreach (var text in new[] { exception.Message, message })
        {
            Assert.Contains("***", text, StringComparison.Ordinal);
            Assert.DoesNotContain(key, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(BitConverter.ToString(System.Text.Encoding.UTF8.GetBytes(key)), text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ACallKeepsTheAddressAndCredentialItStartedWithWhenTheOptionsChangeDuringARetry()
    {
        await using var other = RawHttpServer.Start(_ => RawReply.Respond(200, "{\"name\":\"other\"}"));
        await using var server = RawHttpServer.Start(RawReply.Respond(503, "{}", headers: ("Retry-After", "1")), RawReply.Respond(200, ItemJsonText));

        var outcome = await Wire.RunAsync(RoundTwoProbes, "SwitchBaseDuringRetry", server.BaseUrl, other.BaseUrl);

        Assert.Equal("a", outcome.Returned());
        await server.SettleAsync();
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(WireContracts.Key, r.Header("X-Api-Key")));
        Assert.Empty(other.Requests);
    }

    private const string DeepProbes = """
        public static async Task<object?> Deep(string url, string shape, bool validate)
        {
            var options = Options(url);
            options.ValidateRequests = validate;
            using var client = new NS.BASEClient(options);
            var root = new NS.Node { Name = "root" };
            if (shape == "cycle")
            {
                root.Children = new List<NS.Node> { root };
            }
            else
            {
                var current = root;
                for (var i = 0; i < 2000; i++)
                {
                    var child = new NS.Node { Name = "n" + i };
                    current.Children = new List<NS.Node> { child };
                    current = child;
                }
            }

            await client.PutTreeAsync(root);
            return null;
        }
        """;

    private static readonly ContractUnderTest Tree = new("/c/wire-tree.openapi.yaml", "Consumer.WireTree", "WireTree", """
        openapi: 3.0.3
        info: { title: Tree, version: '1' }
        security:
          - inventoryKey: []
        paths:
          /tree:
            put:
              operationId: putTree
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Node' }
              responses:
                '204': { description: Stored. }
        components:
          securitySchemes:
            inventoryKey: { type: apiKey, in: header, name: X-Api-Key }
          schemas:
            Node:
              type: object
              required: [name]
              properties:
                name: { type: string, minLength: 1 }
                children: { type: array, items: { $ref: '#/components/schemas/Node' } }
            Order:
              type: object
              required: [sku, quantity, price, lines]
              properties:
                sku: { type: string }
                quantity: { type: integer }
                price: { type: number, format: double }
                lines: { type: array, items: { $ref: '#/components/schemas/Line' } }
            Line:
              type: object
              required: [sku, count]
              properties:
                sku: { type: string }
                count: { type: integer }
        """);

    [Theory]
    [InlineData("cycle", true)]
    [InlineData("cycle", false)]
    [InlineData("deep", true)]
    [InlineData("deep", false)]
    public async Task ARequestThatRefersToItselfOrNestsBeyondJsonsDepthIsRefusedNotAStackOverflow(string shape, bool validate)
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(204));

        var outcome = await Tree.RunAsync(DeepProbes, "Deep", server.BaseUrl, shape, validate);

        var exception = outcome.Threw("WireTreeRequestValidationException");
        AssertNamesOperation(exception, "putTree");
        await AssertNothingSentAsync(server, "a request that cannot be written as JSON");
    }

    [Fact]
    public async Task AnExceptionOfAHandlersOwnIsAnHttpRequestExceptionNamingTheOperation()
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(200, ItemJsonText));

        var outcome = await Wire.RunAsync(RoundTwoProbes, "ThroughAThrowingHandler", server.BaseUrl);

        var exception = outcome.Threw("HttpRequestException");
        AssertNamesOperation(exception, "getItem");
        Assert.Contains("a policy of its own gave up", exception.Message, StringComparison.Ordinal);
        Assert.Equal("TimeZoneNotFoundException", exception.InnerException?.InnerException?.GetType().Name ?? exception.InnerException?.GetType().Name);
    }

    private const string ItemJsonText = "{\"name\":\"a\"}";
}
