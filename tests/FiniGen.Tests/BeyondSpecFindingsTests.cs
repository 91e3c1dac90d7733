using System;
using System.Threading.Tasks;
using FiniGen.Tests.Infrastructure;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// Defects found while writing the wire tests that the first spec did not cover; each comment says what the client
/// did before it was fixed.
/// </summary>
public class BeyondSpecFindingsTests
{
    private const string Probes = """
        public static async Task<object?> Get(string url, string session)
        {
            using var client = Own(url);
            return (await client.GetItemAsync("a", session: session == "-" ? null : session)).Name;
        }

        public static async Task<object?> Twice(string url)
        {
            using var client = Own(url);
            await client.GetItemAsync("a");
            return (await client.GetItemAsync("b")).Name;
        }

        public static object? SetBase(string value)
        {
            var options = new NS.BASEClientOptions();
            options.BaseAddress = new Uri(value);
            return null;
        }
        """;

    [Theory]
    [InlineData("api?tenant=1")]
    [InlineData("api#v1")]
    public async Task ABaseAddressWithAQueryOrAFragmentIsRejectedOrKeepsThePath(string suffix)
    {
        // Before: BaseAddress http://host/api?tenant=1 sends GET /api?tenant=1/items/a (the operation's path lands in
        // the query), and http://host/api#v1 sends GET /api (the path lands in the fragment, which is never sent: every
        // operation hits /api).
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\"}"));
        // Now: BaseAddress refuses it when set, naming itself; nothing is sent.
        var set = await WireContracts.Wire.RunAsync(Probes, "SetBase", server.BaseUrl + suffix);

        var exception = Assert.IsAssignableFrom<ArgumentException>(set.Exception);
        Assert.Equal("BaseAddress", exception.ParamName);
        Assert.Contains("without a query or fragment", exception.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CookiesAServerSetsAreNotReplayedByTheClientsOwnHttpClient()
    {
        // Before: the HttpClient the client creates for itself keeps a CookieContainer, so a Set-Cookie on one response
        // rides on every later call, merged into the cookie parameters' header: a server (or anyone who can inject a
        // response header) fixes the session cookie of calls that do not pass one ("Cookie: session=fixated").
        await using var server = RawHttpServer.Start(
            RawReply.Respond(200, "{\"name\":\"a\"}", "application/json", null, ("Set-Cookie", "session=fixated; Path=/")),
            RawReply.Respond(200, "{\"name\":\"b\"}"));

        (await WireContracts.Wire.RunAsync(Probes, "Twice", server.BaseUrl)).Returned();

        Assert.Null(server.Requests[1].Header("Cookie"));
    }

    [Fact]
    public async Task AResponseWithTwoDifferentContentLengthsIsRefused()
    {
        // Before: "Content-Length: 12" and "Content-Length: 2" on one response are accepted (SocketsHttpHandler reads 12
        // bytes) and the call succeeds. RFC 9112 §6.3 makes this an unrecoverable framing error: the classic response
        // splitting / desync vector on a kept-alive connection.
        await using var server = RawHttpServer.Start(RawReply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\nContent-Length: 2\r\n\r\n{\"name\":\"a\"}"));

        var outcome = await WireContracts.Wire.RunAsync(Probes, "Get", server.BaseUrl, "-");

        Assert.NotNull(outcome.Exception);
        WireProbes.AssertNamesOperation(outcome.Exception!, "getItem");
    }

    [Fact]
    public async Task ANumberBeyondTheRangeOfDoubleIsAnApiExceptionNotInfinity()
    {
        // Before: {"price":1e400} is read as double.PositiveInfinity without a word, while an integer too large for its
        // type is an ApiException.
        await using var server = RawHttpServer.Start(RawReply.Respond(200, "{\"name\":\"a\",\"price\":1e400}"));

        var outcome = await WireContracts.Wire.RunAsync(Probes, "Get", server.BaseUrl, "-");

        var exception = outcome.Threw("WireApiException");
        Assert.Equal(200, Reflect.Get(exception, "StatusCode"));
    }
}
