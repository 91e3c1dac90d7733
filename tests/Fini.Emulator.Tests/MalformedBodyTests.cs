using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

/// <summary>
/// Bodies that are not UTF-8, not JSON, too deep, too large, cut short or stalled, sent as exact bytes over loopback:
/// each is a deliberate 4xx with the contract's error body naming the problem, nothing is applied, and Kestrel logs nothing.
/// </summary>
public sealed class MalformedBodyTests
{
    private const string Documents = "v2/documents/public";
    private const int Limit = 16 * 1024 * 1024;

    private static readonly byte[] Prefix = "{\"source\":\"web\",\"documentIdsToAdd\":[\"https://docs.example.com/"u8.ToArray();
    private static readonly byte[] Suffix = "\"]}"u8.ToArray();

    public static TheoryData<string, byte[], string> NotUtf8 => new()
    {
        { "0xFF in a string", Url(0xFF), "(line 1, byte 64, in documentIdsToAdd[0]): FF is a byte that never occurs in UTF-8" },
        { "0xFF in a member name", [.. "{\"sou"u8, 0xFF, .. "rce\":\"web\",\"documentIdsToAdd\":[\"https://docs.example.com/a\"]}"u8], "(line 1, byte 6, in a member name): FF is a byte that never occurs in UTF-8" },
        { "a lone 0xFF", [0xFF], "(line 1, byte 1): FF is a byte that never occurs in UTF-8" },
        { "a continuation byte alone", Url(0x80), "in documentIdsToAdd[0]): 80 is a continuation byte without a lead byte" },
        { "an overlong '/' in two bytes", Url(0xC0, 0xAF), "in documentIdsToAdd[0]): C0 AF is an overlong encoding" },
        { "an overlong '/' in three bytes", Url(0xE0, 0x80, 0xAF), "in documentIdsToAdd[0]): E0 80 AF is an overlong encoding" },
        { "a truncated sequence in a string", Url(0xE2, 0x82), "in documentIdsToAdd[0]): E2 82 is a multi-byte sequence cut short" },
        { "a truncated sequence at the end", [.. Prefix, 0xE2, 0x82], "(line 1, byte 63): E2 82 is a multi-byte sequence cut short" },
        { "a CESU-8 surrogate", Url(0xED, 0xA0, 0x80), "in documentIdsToAdd[0]): ED A0 80 is a UTF-16 surrogate encoded as UTF-8 (CESU-8)" },
        { "a code point above U+10FFFF", Url(0xF4, 0x90, 0x80, 0x80), "in documentIdsToAdd[0]): F4 90 80 80 is a code point above U+10FFFF" },
        { "on a later line", [.. "{\n  \"source\": \"web\",\n  \"documentIdsToAdd\": [\"https://docs.example.com/"u8, 0xFF, .. "\"]\n}"u8], "(line 3, byte 50, in documentIdsToAdd[0])" },
    };

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public async Task Invalid_utf8_anywhere_is_400_naming_the_bytes_and_the_member(string what, byte[] body, string message)
    {
        await using var h = await Harness.StartAsync();

        var response = await PostAsync(h, Documents, body);

        var text = response.Error(400, "Invalid request body: not valid UTF-8 ");
        Assert.True(text.Contains(message, StringComparison.Ordinal), $"{what}: {text}");
        AssertNothingApplied(h, 400);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_nested_member_names_its_path()
    {
        await using var h = await Harness.StartAsync();
        byte[] body = [.. """{"resources":[{"originalUrl":"https://www.notion.so/x","title":"Caf"""u8, 0xC3, .. "\",\"externalId\":\"x\",\"mimeType\":\"text/markdown\"}]}"u8];

        var response = await PostAsync(h, "v2/documents/public/resources/notion", body);

        response.Error(400, "in resources[0].title): C3 is a multi-byte sequence cut short");
        AssertNothingApplied(h, 400);
    }

    [Theory]
    [InlineData("""{"source":"web","documentIdsToAdd":["https://docs.example.com/\ud800"]}""", "documentIdsToAdd[0] holds an escaped UTF-16 surrogate without its pair")]
    [InlineData("""{"source":"web","documentIdsToAdd":["https://docs.example.com/\udc00\ud800"]}""", "documentIdsToAdd[0] holds an escaped UTF-16 surrogate without its pair")]
    [InlineData("""{"sou\ud800rce":"web","documentIdsToAdd":["https://docs.example.com/a"]}""", "a member name holds an escaped UTF-16 surrogate without its pair")]
    public async Task An_escaped_lone_surrogate_is_400_naming_the_member(string json, string message)
    {
        await using var h = await Harness.StartAsync();

        var response = await PostAsync(h, Documents, Encoding.ASCII.GetBytes(json));

        response.Error(400, message);
        AssertNothingApplied(h, 400);
    }

    [Fact]
    public async Task An_escaped_surrogate_pair_is_text_and_is_accepted()
    {
        await using var h = await Harness.StartAsync();

        var response = await PostAsync(h, Documents, """{"source":"web","documentIdsToAdd":["https://docs.example.com/\ud83d\ude00"]}"""u8.ToArray());

        response.Ok();
        Assert.Equal("https://docs.example.com/\U0001F600", Assert.Single(h.State.GetSources()).OriginalUrl);
    }

    [Theory]
    [InlineData("a byte order mark", "\uFEFF{\"source\":\"web\",\"documentIdsToAdd\":[\"https://docs.example.com/a\"]}", "Invalid request body: it starts with a UTF-8 byte order mark (EF BB BF)")]
    [InlineData("plain text", "hello", "Invalid request body: malformed JSON (line 1, byte 1): 'h' is an invalid start of a value")]
    [InlineData("form data", "source=web&documentIdsToAdd=https%3A%2F%2Fdocs.example.com%2Fa", "Invalid request body: malformed JSON (line 1, byte 1): 's' is an invalid start of a value")]
    [InlineData("two values", "{}{}", "Invalid request body: malformed JSON (line 1, byte 3): '{' is invalid after a single JSON value")]
    [InlineData("an empty body", "", "Invalid request body: a JSON object is required (the body is empty)")]
    public async Task Bodies_that_are_no_json_are_400_saying_why(string what, string body, string message)
    {
        await using var h = await Harness.StartAsync();

        var response = await PostAsync(h, Documents, Encoding.UTF8.GetBytes(body));

        Assert.True(response.Error(400).StartsWith(message, StringComparison.Ordinal), $"{what}: {response.Raw}");
        AssertNothingApplied(h, 400);
    }

    [Fact]
    public async Task Binary_bytes_are_400()
    {
        await using var h = await Harness.StartAsync();

        var response = await PostAsync(h, Documents, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());

        response.Error(400, "Invalid request body: not valid UTF-8 (line 2, byte 118): 80 is a continuation byte without a lead byte");
        AssertNothingApplied(h, 400);
    }

    [Theory]
    [InlineData("text/plain", "Invalid request body: Content-Type must be application/json, not 'text/plain'")]
    [InlineData("application/x-www-form-urlencoded", "Invalid request body: Content-Type must be application/json, not 'application/x-www-form-urlencoded'")]
    [InlineData(null, "Invalid request body: Content-Type must be application/json (none was sent)")]
    [InlineData("application/json; charset=iso-8859-1", "the charset of Content-Type must be utf-8 or absent, not 'iso-8859-1'")]
    [InlineData("application/json; charset=utf-16", "the charset of Content-Type must be utf-8 or absent, not 'utf-16'")]
    public async Task A_body_with_another_content_type_or_charset_is_400(string? contentType, string message)
    {
        await using var h = await Harness.StartAsync();

        var response = await PostAsync(h, Documents, Url((byte)'a'), contentType);

        response.Error(400, message);
        AssertNothingApplied(h, 400);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json")]
    public async Task Json_in_utf8_is_accepted_with_or_without_its_charset(string contentType)
    {
        await using var h = await Harness.StartAsync();

        (await PostAsync(h, Documents, Url((byte)'a'), contentType)).Ok();
    }

    [Fact]
    public async Task Nesting_deeper_than_64_is_400_naming_the_limit_and_64_is_accepted()
    {
        await using var h = await Harness.StartAsync();
        static byte[] Nested(int depth) => Encoding.ASCII.GetBytes(
            "{\"source\":\"web\",\"documentIdsToAdd\":[\"https://docs.example.com/a\"],\"extra\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}");

        var deep = await PostAsync(h, Documents, Nested(65));
        var deepest = await PostAsync(h, Documents, Nested(64));

        deep.Error(400, "Invalid request body: malformed JSON (line 1, byte 138): The maximum configured depth of 64 has been exceeded");
        deepest.Ok();
        h.Logs.AssertClean();
    }

    [Fact]
    public async Task A_body_at_the_limit_is_read_and_one_byte_more_is_413()
    {
        await using var h = await Harness.StartAsync();

        var atLimit = await PostAsync(h, Documents, Padded(Limit));
        var overLimit = await PostAsync(h, Documents, Padded(Limit + 1));

        atLimit.Ok();
        overLimit.Error(413, "Invalid request body: larger than the emulator's limit of 16 MiB (16,777,216 bytes)");
        Assert.Equal(1, h.State.SourceCount);
        Assert.Equal(413, h.Emulator.Faults.Requests[^1].HandlerStatus);
        h.Logs.AssertClean();
    }

    [Fact]
    public async Task A_content_length_over_the_limit_is_413_before_the_body_is_read()
    {
        await using var h = await Harness.StartAsync();
        var head = RawHttp.Head(h, "POST", "/" + Documents, "Content-Type: application/json", "Content-Length: 31000000");

        // Only 1 MB of the announced 31 MB is ever sent: the answer must not wait for the rest.
        var response = await RawHttp.SendAsync(h, head, (body, stop) => body.WriteAsync(new byte[1_000_000], stop).AsTask());

        response.Error(413, "Invalid request body: larger than the emulator's limit of 16 MiB (16,777,216 bytes): its Content-Length announces 31,000,000");
        AssertNothingApplied(h, 413);
    }

    [Fact]
    public async Task A_chunked_body_that_goes_over_the_limit_on_the_way_is_413()
    {
        await using var h = await Harness.StartAsync();
        var head = RawHttp.Head(h, "POST", "/" + Documents, "Content-Type: application/json", "Transfer-Encoding: chunked");
        var chunk = Encoding.ASCII.GetBytes("100000\r\n").Concat(Enumerable.Repeat((byte)' ', 0x100000)).Concat("\r\n"u8.ToArray()).ToArray();

        // 17 chunks of 1 MiB, and no last chunk: the emulator has to stop reading on its own.
        var response = await RawHttp.SendAsync(h, head, async (body, stop) =>
        {
            for (var i = 0; i < 17; i++)
            {
                await body.WriteAsync(chunk, stop);
            }
        });

        response.Error(413, "larger than the emulator's limit of 16 MiB");
        AssertNothingApplied(h, 413);
    }

    [Fact]
    public async Task Badly_chunked_data_is_400()
    {
        await using var h = await Harness.StartAsync();
        var head = RawHttp.Head(h, "POST", "/" + Documents, "Content-Type: application/json", "Transfer-Encoding: chunked");

        var response = await RawHttp.SendAsync(h, head, (body, stop) => body.WriteAsync("zz\r\n{}\r\n0\r\n\r\n"u8.ToArray(), stop).AsTask());

        response.Error(400, "Invalid request body: ");
        AssertNothingApplied(h, 400);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_that_closes_before_its_content_length_is_recorded_as_gone_and_the_emulator_carries_on(bool halfClose)
    {
        await using var h = await Harness.StartAsync();
        var head = RawHttp.Head(h, "POST", "/" + Documents, "Content-Type: application/json", "Content-Length: 100");

        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(h.Emulator.BaseAddress.Host, h.Emulator.BaseAddress.Port);
            await client.GetStream().WriteAsync(head.Concat("{\"source\":"u8.ToArray()).ToArray());
            await WaitAsync(() => h.Emulator.Faults.Requests.Count == 1);
            if (halfClose)
            {
                client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                await WaitAsync(() => h.Emulator.Faults.Requests[0].Completed);
            }
        }

        await WaitAsync(() => h.Emulator.Faults.Requests[0].Completed);
        var record = h.Emulator.Faults.Requests[0];
        Assert.True(record.ReachedHandler);
        Assert.Null(record.HandlerStatus); // no answer was made: nobody was left to read it
        Assert.Null(record.SentStatus);
        Assert.Equal(0, h.State.SourceCount);
        (await h.GetAsync(Documents)).Ok();
        h.Logs.AssertClean();
    }

    [Fact]
    public async Task A_body_that_stops_arriving_is_408_after_kestrels_grace_period_not_a_hang()
    {
        await using var h = await Harness.StartAsync();
        var head = RawHttp.Head(h, "POST", "/" + Documents, "Content-Type: application/json", "Content-Length: 100");

        // 10 of 100 bytes, then silence with the connection open.
        var response = await RawHttp.SendAsync(h, head, async (body, stop) =>
        {
            await body.WriteAsync("{\"source\":"u8.ToArray(), stop);
            await Task.Delay(TimeSpan.FromSeconds(30), stop);
        }, timeout: TimeSpan.FromSeconds(15));

        response.Error(408, "Invalid request body: it stopped arriving");
        AssertNothingApplied(h, 408);
    }

    private static byte[] Url(params byte[] inner) => [.. Prefix, (byte)'a', .. inner, (byte)'b', .. Suffix];

    /// <summary>A valid ingest of one URL, padded with spaces to exactly <paramref name="length"/> bytes.</summary>
    private static byte[] Padded(int length)
    {
        var json = Url((byte)'p');
        var body = new byte[length];
        json.AsSpan(0, json.Length - 1).CopyTo(body);
        body.AsSpan(json.Length - 1).Fill((byte)' ');
        body[^1] = (byte)'}';
        return body;
    }

    private static async Task<ApiResponse> PostAsync(Harness h, string path, byte[] body, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", h.WriteKey);
        using var response = await h.Http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        return new ApiResponse((int)response.StatusCode, raw.Length == 0 ? null : JsonNode.Parse(raw), raw, response.Content.Headers.ContentType?.MediaType, response.Headers);
    }

    private static void AssertNothingApplied(Harness h, int status)
    {
        Assert.Equal(0, h.State.SourceCount);
        var record = Assert.Single(h.Emulator.Faults.Requests);
        Assert.Equal(status, record.HandlerStatus);
        Assert.False(record.WriteApplied);
        h.Logs.AssertClean();
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "The emulator never got there.");
    }
}
