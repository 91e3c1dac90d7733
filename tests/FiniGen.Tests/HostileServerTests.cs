using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using FiniGen.Tests.Fini;
using FiniGen.Tests.Infrastructure;
using Xunit;
using static FiniGen.Tests.Infrastructure.WireProbes;

namespace FiniGen.Tests;

/// <summary>
/// The generated client against servers that misbehave on purpose, on a raw socket: bodies that trickle or never end,
/// servers that never answer, broken UTF-8, corrupt compression, cut connections, absurd <c>Retry-After</c> values. Every
/// call ends, in bounded time, with a typed error that names the operation.
/// </summary>
public class HostileServerTests
{
    private static readonly ContractUnderTest Wire = WireContracts.Wire;

    private const string Probes = """
        public static async Task<object?> Get(string url, int timeoutMs, int maxRetries)
        {
            var options = Options(url);
            if (timeoutMs > 0)
            {
                options.Timeout = TimeSpan.FromMilliseconds(timeoutMs);
            }

            options.MaxRetries = maxRetries;
            using var client = new NS.BASEClient(options);
            return await client.GetItemAsync("a");
        }

        public static async Task<object?> Charge(string url, int timeoutMs)
        {
            var options = Options(url);
            if (timeoutMs > 0)
            {
                options.Timeout = TimeSpan.FromMilliseconds(timeoutMs);
            }

            using var client = new NS.BASEClient(options);
            return await client.CreateChargeAsync(100);
        }

        public static async Task<object?> GetThrough(string url, string handler)
        {
            var options = Options(url);
            using var client = handler switch
            {
                "own" => new NS.BASEClient(options),
                "decompressing" => new NS.BASEClient(new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }), options),
                _ => new NS.BASEClient(new HttpClient(), options),
            };
            return await client.GetItemAsync("a");
        }
        """;

    private const string LimitProbes = """
        public static async Task<object?> Limited(string url, int maxResponseSize, string handler)
        {
            var options = Options(url);
            options.MaxResponseSize = maxResponseSize;
            using var client = handler == "decompressing"
                ? new NS.BASEClient(new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }), options)
                : new NS.BASEClient(options);
            return await client.GetItemAsync("a");
        }
        """;

    private const string BackoffProbes = """
        public static async Task<object?> CappedBackoff(string url)
        {
            var options = Options(url);
            options.RetryDelay = TimeSpan.FromSeconds(20);
            options.MaxRetryAfter = TimeSpan.FromMilliseconds(200);
            using var client = new NS.BASEClient(options);
            return await client.GetItemAsync("a");
        }
        """;

    // ------------------------------------------------------------------ no hang

    [Fact]
    public async Task ABodyThatTricklesForeverEndsAtTheTimeoutWithTheOperationNamed()
    {
        await using var server = RawHttpServer.Start(RawReply.Trickle(200, null, 1, TimeSpan.FromMilliseconds(200)));

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, 1000, 0);

        var exception = outcome.Threw("TimeoutException");
        AssertNamesOperation(exception, "getItem");
        Assert.InRange(outcome.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task TheTimeoutIsPerAttemptAndARetrySafeGetTriesEachAttemptAgain()
    {
        await using var server = RawHttpServer.Start(RawReply.Trickle(200, null, 1, TimeSpan.FromMilliseconds(200)));

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, 700, 2);

        var exception = outcome.Threw("TimeoutException");
        AssertNamesOperation(exception, "getItem");
        Assert.Equal(3, server.Requests.Count);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromMilliseconds(2000), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task AWriteWhoseBodyTricklesEndsAtTheTimeoutAndIsNotRepeated()
    {
        await using var server = RawHttpServer.Start(RawReply.Trickle(200, null, 1, TimeSpan.FromMilliseconds(200)));

        var outcome = await Wire.RunAsync(Probes, "Charge", server.BaseUrl, 1000);

        var exception = outcome.Threw("TimeoutException");
        AssertNamesOperation(exception, "createCharge");
        Assert.Single(server.Requests);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("no-answer")]
    [InlineData("half-a-status-line")]
    [InlineData("headers-never-end")]
    [InlineData("body-never-starts")]
    [InlineData("endless-1xx-responses")]
    public async Task AServerThatStopsMidResponseEndsAtTheTimeout(string scenario)
    {
        await using var server = RawHttpServer.Start(scenario switch
        {
            "no-answer" => RawReply.Hang(),
            "half-a-status-line" => RawReply.Raw("HTTP/1.1 20", keepOpen: true),
            "headers-never-end" => RawReply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n", keepOpen: true),
            "endless-1xx-responses" => RawReply.Repeat(string.Empty, "HTTP/1.1 102 Processing\r\n\r\n", TimeSpan.FromMilliseconds(100)),
            _ => RawReply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n", keepOpen: true),
        });

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, 1000, 0);

        var exception = outcome.Threw("TimeoutException");
        AssertNamesOperation(exception, "getItem");
        Assert.InRange(outcome.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AnUploadTheServerNeverReadsEndsAtTheTimeout()
    {
        // The timeout covers sending too: a server that accepts and never reads stalls a large body once the socket
        // buffers are full.
        await using var server = RawHttpServer.StartSilent();

        var outcome = await Wire.RunAsync(UploadProbe, "Upload", server.BaseUrl, 1000);

        var exception = outcome.Threw("TimeoutException");
        AssertNamesOperation(exception, "createOrder");
        Assert.InRange(outcome.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    private const string UploadProbe = """
        public static async Task<object?> Upload(string url, int timeoutMs)
        {
            var options = Options(url);
            options.Timeout = TimeSpan.FromMilliseconds(timeoutMs);
            using var client = new NS.BASEClient(options);
            var order = Order();
            order.Note = new string('n', 24 * 1024 * 1024);
            return await client.CreateOrderAsync(order);
        }
        """;

    [Theory]
    [InlineData("hang")]
    [InlineData("trickle")]
    public async Task AJobWaitWhosePollHangsEndsAtTheWaitsOwnTimeout(string scenario)
    {
        // The in-tree Fini client, default options (no Timeout set): the waiter's own timeout must end the wait even
        // while a poll is stuck inside a request.
        await using var server = RawHttpServer.Start(scenario == "hang" ? RawReply.Hang() : RawReply.Trickle(200, null, 1, TimeSpan.FromMilliseconds(300)));
        using var client = new FiniSourcesClient(new HttpClient(), new FiniSourcesClientOptions { BaseAddress = new Uri(server.BaseUrl), ApiKey = "wire-test-key" });
        var wait = new FiniSourcesJobWaitOptions { Timeout = TimeSpan.FromSeconds(1), InitialDelay = TimeSpan.FromMilliseconds(50) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var task = client.WaitForRefreshSourcesAsync(new List<string> { "5d9f67a8-d853-4af4-b7ce-23ebba1245e5" }, wait);
        var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.True(finished == task, "WaitForRefreshSourcesAsync with a 1 s wait timeout was still waiting after 5 s: a hanging poll holds it (" + server.Requests.Count + " poll(s) sent)");
        var exception = await Assert.ThrowsAsync<FiniSourcesJobTimeoutException>(() => task);
        Assert.Equal("refreshSources", exception.OperationId);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    // ------------------------------------------------------------------ response size

    [Fact]
    public async Task AContentLengthAboveTheLimitFailsBeforeTheBodyIsRead()
    {
        // The headers announce 10 MB; the body then crawls. A client that reads before it checks takes minutes.
        await using var server = RawHttpServer.Start(RawReply.Trickle(200, Encoding.ASCII.GetBytes(new string(' ', 100_000)), 1000, TimeSpan.FromMilliseconds(100), contentLength: 10_000_000));

        var outcome = await Wire.RunAsync(LimitProbes, "Limited", server.BaseUrl, 4096, "own");

        AssertTooLarge(outcome, 4096);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(1.5), "the limit was checked only after reading: " + outcome.Elapsed);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(4096, true)]
    [InlineData(4097, false)]
    public async Task ABodyOfExactlyTheLimitIsReadAndOneByteMoreIsNot(int bodyLength, bool accepted)
    {
        var json = "{\"name\":\"" + new string('x', bodyLength - 11) + "\"}";
        Assert.Equal(bodyLength, Encoding.UTF8.GetByteCount(json));
        await using var server = RawHttpServer.Start(RawReply.Respond(200, json));

        var outcome = await Wire.RunAsync(LimitProbes, "Limited", server.BaseUrl, 4096, "own");

        if (accepted)
        {
            outcome.Returned();
        }
        else
        {
            AssertTooLarge(outcome, 4096);
            Assert.Single(server.Requests);
        }
    }

    [Fact]
    public async Task AnEndlessBodyFailsAtASmallLimitWithoutRetrying()
    {
        await using var server = RawHttpServer.Start(RawReply.Endless(cap: 8L * 1024 * 1024));

        var outcome = await Wire.RunAsync(LimitProbes, "Limited", server.BaseUrl, 1_000_000, "own");

        AssertTooLarge(outcome, 1_000_000);
        await server.SettleAsync();
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AnEndlessErrorBodyFailsAtTheLimitToo()
    {
        await using var server = RawHttpServer.Start(RawReply.Endless("{\"statusCode\":500,\"message\":\"", cap: 8L * 1024 * 1024, status: 500));

        var outcome = await Wire.RunAsync(LimitProbes, "Limited", server.BaseUrl, 1_000_000, "own");

        AssertTooLarge(outcome, 1_000_000);
        await server.SettleAsync();
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task TheLimitCountsDecompressedBytes()
    {
        // 1 MiB of JSON whitespace that gzip makes a few KiB: under the limit on the wire, over it once decompressed.
        var bomb = Gzip(Encoding.ASCII.GetBytes("{\"name\":\"" + new string(' ', 1024 * 1024) + "\"}"));
        Assert.True(bomb.Length < 100_000);
        await using var server = RawHttpServer.Start(RawReply.Respond(200, bomb, "application/json", null, ("Content-Encoding", "gzip")));

        var outcome = await Wire.RunAsync(LimitProbes, "Limited", server.BaseUrl, 100_000, "decompressing");

        AssertTooLarge(outcome, 100_000);
    }

    [Fact]
    public async Task TheClientsOwnBackoffIsCappedAtMaxRetryAfter()
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(503, "{}"), RawReply.Respond(503, "{}"), RawReply.Respond(200, "{\"name\":\"a\"}"));

        var outcome = await Wire.RunAsync(BackoffProbes, "CappedBackoff", server.BaseUrl);

        outcome.Returned();
        Assert.Equal(3, server.Requests.Count);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(3), "a 20 s RetryDelay was not capped at MaxRetryAfter = 200 ms: " + outcome.Elapsed);
    }

    // ------------------------------------------------------------------ Retry-After

    [Theory]
    [InlineData(429, "1000000000")]
    [InlineData(503, "Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData(429, "31")]
    [InlineData(503, "3600")]
    public async Task ARetryAfterLongerThanMaxRetryAfterEndsTheCallWithThatResponsesError(int status, string retryAfter)
    {
        await using var server = RawHttpServer.Start(
            RawReply.Respond(status, "{\"statusCode\":" + status + ",\"message\":\"slow down\"}", "application/json", null, ("Retry-After", retryAfter)),
            RawReply.Respond(200, "{\"name\":\"a\"}"));

        var outcome = await Wire.RunAsync(Probes, "Get", TimeSpan.FromSeconds(5), server.BaseUrl, 0, 2);

        Assert.False(outcome.Exception is ArgumentOutOfRangeException, "Retry-After: " + retryAfter + " crashed the client: " + outcome.Exception);
        var exception = outcome.Threw("WireApiException");
        Assert.Equal(status, Reflect.Get(exception, "StatusCode"));
        Assert.Equal("getItem", Reflect.Get(exception, "OperationId"));
        AssertNamesOperation(exception, "getItem");
        if (status == 429)
        {
            // getItem documents 429 with the Error body.
            Assert.True(exception.GetType().IsGenericType, "the documented 429 body should come back typed: " + exception.GetType());
            Assert.Equal("slow down", Reflect.Get(Reflect.Get(exception, "Error")!, "Message"));
        }

        Assert.Single(server.Requests);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(3), "the client slept on Retry-After: " + retryAfter);
    }

    [Fact]
    public async Task AShortRetryAfterIsHonouredAndTheCallSucceeds()
    {
        await using var server = RawHttpServer.Start(
            RawReply.Respond(503, "{}", "application/json", null, ("Retry-After", "1")),
            RawReply.Respond(200, "{\"name\":\"a\"}"));

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, 0, 2);

        outcome.Returned();
        Assert.Equal(2, server.Requests.Count);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    // ------------------------------------------------------------------ malformed responses

    public static TheoryData<string> Malformed() => new(MalformedReplies.Keys);

    private static readonly Dictionary<string, (int Status, Func<RawReply> Reply)> MalformedReplies = new()
    {
        ["invalid-utf8-in-a-200-string"] = (200, () => RawReply.Respond(200, Bytes("{\"name\":\"a", 0xC3, 0x28, "\"}"))),
        ["overlong-utf8-in-a-200-string"] = (200, () => RawReply.Respond(200, Bytes("{\"name\":\"", 0xC0, 0xAF, "\"}"))),
        ["invalid-utf8-in-a-200-tag"] = (200, () => RawReply.Respond(200, Bytes("{\"name\":\"a\",\"tags\":[\"ok\",\"", 0xFF, "\"]}"))),
        ["invalid-utf8-in-a-documented-error-field"] = (404, () => RawReply.Respond(404, Bytes("{\"statusCode\":404,\"message\":\"missing\",\"detail\":\"", 0xFF, 0xFE, "\"}"))),
        ["invalid-utf8-in-the-error-message"] = (404, () => RawReply.Respond(404, Bytes("{\"statusCode\":404,\"message\":\"no ", 0xE2, 0x82, " item\"}"))),
        ["invalid-utf8-in-an-undocumented-error"] = (502, () => RawReply.Respond(502, Bytes("{\"message\":\"bad ", 0xF8, 0x88, "\"}"))),
        ["null-for-an-object"] = (200, () => RawReply.Respond(200, "null")),
        ["an-empty-200-body"] = (200, () => RawReply.Respond(200, string.Empty)),
        ["json-nested-10000-deep"] = (200, () => RawReply.Respond(200, "{\"name\":\"a\",\"tags\":" + new string('[', 10_000) + new string(']', 10_000) + "}")),
        ["html-instead-of-json"] = (200, () => RawReply.Respond(200, "<html><body>Gateway</body></html>", "text/html")),
        ["content-length-shorter-than-the-body"] = (200, () => RawReply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"name\":\"abcdefghijkl\"}")),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task AMalformedResponseIsAnApiExceptionWithOperationStatusAndRawBody(string scenario)
    {
        var (status, reply) = MalformedReplies[scenario];
        await using var server = RawHttpServer.Start(reply());

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, 0, 0);

        AssertTyped(outcome, "getItem", status, transportAllowed: false);
    }

    [Theory]
    [InlineData(200, "{\"name\":\"a\\ud800\"}")]
    [InlineData(200, "{\"name\":\"a\",\"tags\":[\"\\udfff\"]}")]
    [InlineData(404, "{\"statusCode\":404,\"message\":\"no \\udc00 item\"}")]
    [InlineData(404, "{\"statusCode\":404,\"message\":\"missing\",\"detail\":\"\\ud83d\"}")]
    public async Task ALoneSurrogateEscapeInAResponseIsReadOrAnApiExceptionNeverABareError(int status, string body)
    {
        // Valid JSON grammar, invalid Unicode: reading it as a .NET string or refusing it with an ApiException are both
        // fine; a bare InvalidOperationException from Utf8JsonReader is not.
        await using var server = RawHttpServer.Start(RawReply.Respond(status, body));

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, 0, 0);

        if (status == 200 && outcome.Exception is null)
        {
            return;
        }

        AssertTyped(outcome, "getItem", status, transportAllowed: false);
    }

    [Fact]
    public async Task AnIntegerTooLargeForItsTypeIsAnApiException()
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"id\":\"c\",\"amount\":99999999999999999999999}"));

        var outcome = await Wire.RunAsync(Probes, "Charge", server.BaseUrl, 0);

        AssertTyped(outcome, "createCharge", 200, transportAllowed: false);
    }

    public static TheoryData<string, string> CorruptEncodings()
    {
        var data = new TheoryData<string, string>();
        foreach (var encoding in new[] { "gzip", "deflate", "br", "gzip-truncated" })
        {
            foreach (var handler in new[] { "decompressing", "own" })
            {
                data.Add(encoding, handler);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorruptEncodings))]
    public async Task ACorruptCompressedBodyIsAnApiException(string encoding, string handler)
    {
        var valid = Gzip(Encoding.UTF8.GetBytes("{\"name\":\"" + new string('a', 4000) + "\"}"));
        var body = encoding == "gzip-truncated"
            ? valid.AsSpan(0, valid.Length / 2).ToArray()
            : Encoding.ASCII.GetBytes("this is not " + encoding + " data at all, just text that claims to be");
        var header = encoding == "gzip-truncated" ? "gzip" : encoding;
        await using var server = RawHttpServer.Start(RawReply.Respond(200, body, "application/json", null, ("Content-Encoding", header)));

        var outcome = await Wire.RunAsync(Probes, "GetThrough", server.BaseUrl, handler);

        AssertTyped(outcome, "getItem", 200, transportAllowed: false);
    }

    public static TheoryData<string> CutResponses() => new(CutReplies.Keys);

    private static readonly Dictionary<string, Func<RawReply>> CutReplies = new()
    {
        ["content-length-longer-than-the-body-then-fin"] = () => RawReply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":\"a\","),
        ["content-length-longer-than-the-body-then-rst"] = () => RawReply.RawThenReset(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":\"a\",")),
        ["chunked-cut-mid-chunk-then-fin"] = () => RawReply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n{\"name\":\"a\""),
        ["chunked-cut-mid-chunk-then-rst"] = () => RawReply.RawThenReset(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n{\"name\":\"a\"")),
        ["chunked-with-a-bad-size"] = () => RawReply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        ["chunked-no-last-chunk-then-fin"] = () => RawReply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nC\r\n{\"name\":\"a\"}\r\n"),
        ["a-garbage-status-line"] = () => RawReply.Raw("HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}"),
        ["not-http-at-all"] = () => RawReply.Raw("SSH-2.0-OpenSSH_9.6\r\n"),
        ["headers-cut-then-fin"] = () => RawReply.Raw("HTTP/1.1 200 OK\r\nContent-Type: appli"),
        ["endless-header-lines"] = () => RawReply.Repeat("HTTP/1.1 200 OK\r\n", "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaa\r\n", TimeSpan.Zero, cap: 8L * 1024 * 1024),
    };

    [Theory]
    [MemberData(nameof(CutResponses))]
    public async Task AResponseCutShortIsAnApiExceptionOrAnHttpRequestExceptionNamingTheOperation(string scenario)
    {
        await using var server = RawHttpServer.Start(CutReplies[scenario]());

        var outcome = await Wire.RunAsync(Probes, "Get", server.BaseUrl, 0, 0);

        AssertTyped(outcome, "getItem", 200, transportAllowed: true);
    }

    // ------------------------------------------------------------------ helpers

    private static readonly string[] Bare =
    [
        "System.InvalidOperationException", "System.IO.InvalidDataException", "System.Text.Json.JsonException", "System.Text.DecoderFallbackException",
        "System.IO.IOException", "System.FormatException", "System.OverflowException", "System.NullReferenceException", "System.ArgumentException",
        "System.ArgumentOutOfRangeException", "System.ObjectDisposedException", "System.Net.Http.HttpIOException",
    ];

    private static void AssertTyped(ProbeOutcome outcome, string operationId, int status, bool transportAllowed)
    {
        var exception = outcome.Exception;
        Assert.True(exception is not null, operationId + " returned " + outcome.Value + " from a malformed response");
        Assert.False(Bare.Contains(exception!.GetType().FullName), "a bare " + exception.GetType().FullName + " escaped: " + exception);
        if (ProbeOutcome.Is(exception, "WireApiException"))
        {
            Assert.Equal(operationId, Reflect.Get(exception, "OperationId"));
            Assert.Equal(status, Reflect.Get(exception, "StatusCode"));
            Assert.NotNull(Reflect.Get(exception, "RawBody"));
            AssertNamesOperation(exception, operationId);
            return;
        }

        Assert.True(transportAllowed && exception is HttpRequestException, "expected a WireApiException (operation, status, raw body)" + (transportAllowed ? " or an HttpRequestException" : string.Empty) + " but got " + exception.GetType().FullName + ": " + exception);
        AssertNamesOperation(exception, operationId);
    }

    private static void AssertTooLarge(ProbeOutcome outcome, long limit)
    {
        var exception = outcome.Threw("WireApiException");
        Assert.Equal("getItem", Reflect.Get(exception, "OperationId"));
        AssertNamesOperation(exception, "getItem");
        Assert.True(NamesLimit(exception.Message, limit), "the message does not name the limit of " + limit + " bytes: " + exception.Message);
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Bytes(params object[] parts)
        => parts.SelectMany(p => p switch
        {
            string s => Encoding.UTF8.GetBytes(s),
            int b => new[] { (byte)b },
            _ => throw new ArgumentException(p.ToString()),
        }).ToArray();
}

/// <summary>Tests that measure the process's allocations: they run alone.</summary>
[CollectionDefinition(nameof(MemoryMeasured), DisableParallelization = true)]
public sealed class MemoryMeasured
{
}

/// <summary>An endless body and a gzip bomb against the DEFAULT 16 MiB limit, with the allocations they cost.</summary>
[Collection(nameof(MemoryMeasured))]
public class ResponseSizeMemoryTests
{
    private const long DefaultLimit = 16L * 1024 * 1024;

    private const string Probes = """
        public static async Task<object?> Get(string url, string handler)
        {
            var options = Options(url);
            using var client = handler == "decompressing"
                ? new NS.BASEClient(new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }), options)
                : new NS.BASEClient(options);
            return await client.GetItemAsync("a");
        }
        """;

    [Fact]
    public async Task AnEndlessBodyFailsAtTheDefaultLimitWithBoundedMemoryAndNoRetry()
    {
        // 128 MiB of body before the server gives up and cuts the connection.
        await using var server = RawHttpServer.Start(RawReply.Endless(cap: 128L * 1024 * 1024));

        var (outcome, allocated) = await MeasureAsync(() => WireContracts.Wire.RunAsync(Probes, "Get", TimeSpan.FromSeconds(30), server.BaseUrl, "own"));

        AssertTooLarge(outcome, allocated);
        await server.SettleAsync();
        Assert.True(server.Requests.Count == 1, "a body over the limit was retried: " + server.Requests.Count + " requests");
    }

    [Fact]
    public async Task AGzipBombFailsAtTheDefaultLimitWithBoundedMemory()
    {
        // 64 MiB once decompressed, about 64 KiB on the wire.
        var bomb = HostileServerTests.Gzip(Encoding.ASCII.GetBytes("{\"name\":\"" + new string(' ', 64 * 1024 * 1024) + "\"}"));
        await using var server = RawHttpServer.Start(RawReply.Respond(200, bomb, "application/json", null, ("Content-Encoding", "gzip")));

        var (outcome, allocated) = await MeasureAsync(() => WireContracts.Wire.RunAsync(Probes, "Get", TimeSpan.FromSeconds(30), server.BaseUrl, "decompressing"));

        AssertTooLarge(outcome, allocated);
    }

    private static void AssertTooLarge(ProbeOutcome outcome, long allocated)
    {
        var exception = outcome.Threw("WireApiException");
        Assert.Equal("getItem", Reflect.Get(exception, "OperationId"));
        Assert.True(NamesLimit(exception.Message, DefaultLimit), "the message does not name the 16 MiB limit: " + exception.Message);

        // Reading up to the limit may take a few times the limit in buffers (growth, a copy, the raw body as text);
        // reading the whole body (128 MiB, 64 MiB) takes far more.
        Assert.True(allocated < 7 * DefaultLimit, "the call allocated " + (allocated >> 20) + " MiB for a 16 MiB limit");
    }

    private static async Task<(ProbeOutcome Outcome, long Allocated)> MeasureAsync(Func<Task<ProbeOutcome>> run)
    {
        // Compile the probe (and the client) outside the measurement.
        await using (var warm = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\"}")))
        {
            (await WireContracts.Wire.RunAsync(Probes, "Get", warm.BaseUrl, "own")).Returned();
        }

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var outcome = await run();
        return (outcome, GC.GetTotalAllocatedBytes(precise: true) - before);
    }
}
