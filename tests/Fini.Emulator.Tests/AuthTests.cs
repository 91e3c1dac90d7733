using System.Net.Http;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Missing_key_is_401_with_the_error_body()
    {
        await using var h = await Harness.StartAsync();

        var response = await h.SendAsync(HttpMethod.Get, "v2/documents/public", null, authorization: "");

        response.Error(401, "Missing API key");
        Assert.Contains("Bearer", string.Join(",", response.Headers.WwwAuthenticate));
    }

    [Theory]
    [InlineData("Basic Zm9vOmJhcg==")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("Token fini_emu_123")]
    [InlineData("Bearer two words")]
    public async Task Malformed_authorization_header_is_401(string header)
    {
        await using var h = await Harness.StartAsync();

        var response = await h.SendAsync(HttpMethod.Get, "v2/documents/public", null, authorization: header);

        response.Error(401, "Malformed Authorization header");
    }

    [Fact]
    public async Task Unknown_key_is_401_and_is_not_echoed()
    {
        await using var h = await Harness.StartAsync();

        var response = await h.GetAsync("v2/documents/public", key: "fini_not_a_real_key_42");

        response.Error(401, "Invalid API key");
        Assert.DoesNotContain("fini_not_a_real_key_42", response.Raw, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheme_name_is_case_insensitive()
    {
        await using var h = await Harness.StartAsync();

        var response = await h.SendAsync(HttpMethod.Get, "v2/documents/public", null, authorization: "bearer " + h.WriteKey);

        response.Ok();
    }

    [Theory]
    [InlineData("POST", "v2/documents/public")]
    [InlineData("DELETE", "v2/documents/public")]
    [InlineData("POST", "v2/documents/public/resources/notion")]
    [InlineData("POST", "v2/documents/public/deep-crawl/links")]
    [InlineData("POST", "v2/documents/public/refresh")]
    [InlineData("POST", "v2/knowledge/public/bulk")]
    public async Task Read_key_on_a_write_route_is_403_before_any_validation(string method, string path)
    {
        await using var h = await Harness.StartAsync();

        // The body is valid for ingest and invalid for the others: the scope check comes first either way.
        var response = await h.SendAsync(new HttpMethod(method), path, """{"documentIdsToAdd":["https://docs.example.com/a"]}""", key: h.ReadKey);

        var message = response.Error(403);
        Assert.Equal("API key is missing the required `write` scope", message);
        Assert.Contains("\"API key is missing the required `write` scope\"", response.Raw, System.StringComparison.Ordinal);
        Assert.Equal(0, h.State.SourceCount);
    }

    [Fact]
    public async Task Read_key_works_on_every_read_route_including_the_jobs_status_post()
    {
        await using var h = await Harness.StartAsync();
        var id = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/a" });

        (await h.GetAsync("v2/documents/public", h.ReadKey)).Ok();
        (await h.GetAsync($"v2/documents/public/{id}", h.ReadKey)).Ok();
        (await h.GetAsync("v2/documents/public/resources/notion", h.ReadKey)).Ok();
        var jobs = await h.PostAsync("v2/knowledge/public/jobs/status", """{"jobIds":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"]}""", h.ReadKey);
        jobs.Error(404); // not 403: the route only needs read
    }

    [Fact]
    public async Task Unknown_route_or_method_is_404_with_the_error_body()
    {
        await using var h = await Harness.StartAsync();

        (await h.GetAsync("v2/nothing/here")).Error(404, "Cannot GET /v2/nothing/here");
        (await h.SendAsync(HttpMethod.Put, "v2/documents/public", "{}")).Error(404, "Cannot PUT /v2/documents/public");
        (await h.GetAsync("v2/documents/public/deep-crawl/links")).Error(404);
    }
}
