using System;
using System.Linq;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

/// <summary>
/// Query strings and paths that are malformed, unusual or very long, sent byte for byte over a socket (HttpClient would
/// re-escape them): a deliberate 4xx with the contract's error body, never a 500 and never a silently changed filter.
/// </summary>
public sealed class MalformedTargetTests
{
    private const string Documents = "/v2/documents/public";

    [Theory]
    [InlineData("?title=%ZZ", "Invalid query string: 'title=%ZZ' has a '%' that starts no percent-encoded byte (%XX); send a literal % as %25")]
    [InlineData("?title=50%", "Invalid query string: 'title=50%' has a '%' that starts no percent-encoded byte")]
    [InlineData("?title=%4", "Invalid query string: 'title=%4' has a '%' that starts no percent-encoded byte")]
    [InlineData("?limit=%ZZ", "Invalid query string: 'limit=%ZZ' has a '%' that starts no percent-encoded byte")]
    [InlineData("?%ZZ=1", "Invalid query string: '%ZZ=1' has a '%' that starts no percent-encoded byte")]
    [InlineData("?title=%FF", "Invalid query string: 'title' is not valid UTF-8 once percent-decoded: FF is a byte that never occurs in UTF-8")]
    [InlineData("?title=%C0%AF", "Invalid query string: 'title' is not valid UTF-8 once percent-decoded: C0 AF is an overlong encoding")]
    [InlineData("?title=%ED%A0%80", "Invalid query string: 'title' is not valid UTF-8 once percent-decoded: ED A0 80 is a UTF-16 surrogate encoded as UTF-8")]
    [InlineData("?title=%E2%82", "Invalid query string: 'title' is not valid UTF-8 once percent-decoded: E2 82 is a multi-byte sequence cut short")]
    [InlineData("?ti%FFtle=a", "Invalid query string: 'ti%FFtle' is not valid UTF-8 once percent-decoded: FF is a byte that never occurs in UTF-8")]
    [InlineData("?title=%00", "Invalid query string: 'title' holds %00, a NUL character")]
    [InlineData("?originalUrl=https%3A%2F%2Fdocs.example.com%2F%00", "Invalid query string: 'originalUrl' holds %00, a NUL character")]
    public async Task A_malformed_query_is_400_instead_of_a_changed_filter(string query, string message)
    {
        await using var h = await Harness.StartAsync();
        h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/50%", Title = "50% off" });

        var response = await GetAsync(h, Documents + query);

        response.Error(400, message);
        h.Logs.AssertClean();
    }

    [Theory]
    [InlineData("?title=50%25", 1)]
    [InlineData("?title=50%25+off", 1)]
    [InlineData("?title=%E2%82%AC", 0)]
    [InlineData("?title=caf%C3%A9&unknown=%F0%9F%98%80", 0)]
    [InlineData("?title", 1)]
    [InlineData("?&&", 1)]
    public async Task A_well_formed_query_still_filters(string query, int expected)
    {
        await using var h = await Harness.StartAsync();
        h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/50%", Title = "50% off" });

        var response = await GetAsync(h, Documents + query);

        Assert.Equal(200, response.Status);
        Assert.Equal(expected, System.Text.Json.Nodes.JsonNode.Parse(response.Body)!["documents"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_query_of_a_body_route_is_checked_too()
    {
        await using var h = await Harness.StartAsync();
        var body = """{"source":"web","documentIdsToAdd":["https://docs.example.com/a"]}"""u8.ToArray();
        var head = RawHttp.Head(h, "POST", Documents + "?x=%ZZ", "Content-Type: application/json", $"Content-Length: {body.Length}");

        var response = await RawHttp.SendAsync(h, head, (stream, stop) => stream.WriteAsync(body, stop).AsTask());

        response.Error(400, "Invalid query string: 'x=%ZZ'");
        Assert.Equal(0, h.State.SourceCount);
    }

    // These were already deliberate 400s; they stay so.
    [Theory]
    [InlineData("?limit=1e30", "limit must be an integer, not '1e30'")]
    [InlineData("?limit=99999999999999999999", "limit must be an integer, not '99999999999999999999'")]
    [InlineData("?limit=2147483648", "limit must be an integer, not '2147483648'")]
    [InlineData("?limit=1.5", "limit must be an integer, not '1.5'")]
    [InlineData("?limit=", "limit must be an integer, not ''")]
    [InlineData("?limit=0", "limit must be at least 1")]
    [InlineData("?limit=1&limit=2", "limit must be given at most once")]
    [InlineData("?limit=1&LIMIT=1", "limit must be given at most once")]
    [InlineData("?source=web&source=notion", "source must be given at most once")]
    [InlineData("?cursor=a&cursor=b", "cursor must be given at most once")]
    public async Task Odd_limits_and_repeated_parameters_are_400(string query, string message)
    {
        await using var h = await Harness.StartAsync();

        (await GetAsync(h, Documents + query)).Error(400, message);
    }

    [Fact]
    public async Task The_largest_limit_with_a_cursor_returns_the_rest_of_the_list()
    {
        await using var h = await Harness.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            h.State.AddSource(new FiniSourceSeed { OriginalUrl = $"https://docs.example.com/{i}" });
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = (await h.ListIdsAsync("limit=1"))[0];
        var (rest, hasMore) = await h.ListAsync($"limit={int.MaxValue}&cursor={first}&direction=next");
        var (before, hasMoreBefore) = await h.ListAsync($"limit={int.MaxValue}&cursor={first}&direction=previous");

        Assert.Equal(2, rest.Count);
        Assert.False(hasMore);
        Assert.Empty(before);
        Assert.False(hasMoreBefore);
    }

    [Theory]
    [InlineData(8 * 1024, 200)]
    [InlineData(8 * 1024 + 1, 414)]
    [InlineData(60_000, 414)]
    public async Task A_target_over_8_KiB_is_414_with_the_error_body(int length, int status)
    {
        await using var h = await Harness.StartAsync();
        var target = Documents + "?title=";
        target += new string('a', length - target.Length);

        var response = await GetAsync(h, target);

        if (status == 200)
        {
            Assert.Equal(200, response.Status);
        }
        else
        {
            response.Error(414, $"The request target (path and query) is {length:N0} bytes long, over the emulator's limit of 8,192");
        }

        h.Logs.AssertClean();
    }

    [Fact]
    public async Task A_long_path_on_an_unknown_route_is_414_too()
    {
        await using var h = await Harness.StartAsync();

        (await GetAsync(h, "/" + new string('x', 9000))).Error(414, "over the emulator's limit of 8,192");
    }

    [Fact]
    public async Task A_request_line_over_64_KiB_gets_kestrels_own_414_without_a_body()
    {
        await using var h = await Harness.StartAsync();

        var response = await GetAsync(h, Documents + "?title=" + new string('a', 70_000));

        Assert.Equal(414, response.Status);
        Assert.Equal(string.Empty, response.Body);
        Assert.Empty(h.Emulator.Faults.Requests); // it never reached the emulator
        h.Logs.AssertClean();
    }

    [Theory]
    [InlineData(Documents + "/%FF", 400, "id must be a valid UUID, not '%FF'")]
    [InlineData(Documents + "/%ZZ", 400, "id must be a valid UUID, not '%ZZ'")]
    [InlineData(Documents + "/%E2%82%AC", 400, "id must be a valid UUID, not '€'")]
    [InlineData(Documents + "/resources/%FF", 400, "Unsupported provider '%FF'")]
    [InlineData(Documents + "%2F35b4838a-4136-4f6c-a530-8f17cb47566d", 404, "Cannot GET /v2/documents/public%2F35b4838a-4136-4f6c-a530-8f17cb47566d")]
    public async Task Odd_path_segments_are_4xx_with_the_error_body(string target, int status, string message)
    {
        await using var h = await Harness.StartAsync();

        (await GetAsync(h, target)).Error(status, message);
    }

    [Theory]
    [InlineData(Documents + "/%00")]
    [InlineData(Documents + "/a%00b")]
    public async Task A_nul_in_the_path_is_refused_by_kestrel_before_the_emulator(string target)
    {
        // Kestrel answers 400 itself, without a body, for a path that decodes to a NUL: nothing the emulator can change.
        await using var h = await Harness.StartAsync();

        var response = await GetAsync(h, target);

        Assert.Equal(400, response.Status);
        Assert.Empty(h.Emulator.Faults.Requests);
        (await h.GetAsync("v2/documents/public")).Ok();
        h.Logs.AssertClean();
    }

    private static Task<RawResponse> GetAsync(Harness h, string target) => RawHttp.SendAsync(h, RawHttp.Head(h, "GET", target));
}
