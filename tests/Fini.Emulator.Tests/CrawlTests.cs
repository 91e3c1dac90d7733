using System;
using System.Linq;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class CrawlTests
{
    [Fact]
    public async Task Crawl_returns_the_same_child_urls_under_each_seed_and_creates_no_sources()
    {
        await using var h = await Harness.StartAsync();

        var first = (await h.PostAsync("v2/documents/public/deep-crawl/links", """{"links":["https://docs.example.com/help?lang=en"]}""")).Ok();
        var second = (await h.PostAsync("v2/documents/public/deep-crawl/links", """{"links":["https://docs.example.com/help?lang=en"]}""")).Ok();

        Assert.Equal("Successfully crawled parent URLs", first["message"]!.GetValue<string>());
        var urls = first["data"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        Assert.Equal(15, urls.Count);
        Assert.All(urls, u => Assert.StartsWith("https://docs.example.com/help/", u, StringComparison.Ordinal));
        Assert.Contains("https://docs.example.com/help/billing/refunds", urls);
        Assert.Equal(urls, second["data"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal(0, h.State.SourceCount);
    }

    [Fact]
    public async Task Crawl_respects_limit_and_merges_seeds_without_duplicates()
    {
        await using var h = await Harness.StartAsync();

        var limited = (await h.PostAsync("v2/documents/public/deep-crawl/links", """{"links":["https://docs.example.com/"],"limit":4}""")).Ok();
        var merged = (await h.PostAsync("v2/documents/public/deep-crawl/links", """{"links":["https://docs.example.com/","https://help.example.org/","https://docs.example.com"]}""")).Ok();

        Assert.Equal(
            ["https://docs.example.com/getting-started", "https://docs.example.com/getting-started/installation", "https://docs.example.com/getting-started/first-steps", "https://docs.example.com/billing"],
            limited["data"]!.AsArray().Select(u => u!.GetValue<string>()));
        var all = merged["data"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        Assert.Equal(30, all.Count); // 15 per distinct site, under the default limit of 250
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task Crawling_an_unresolvable_seed_is_a_500()
    {
        await using var h = await Harness.StartAsync();

        (await h.PostAsync("v2/documents/public/deep-crawl/links", """{"links":["https://docs.example.invalid/"]}""")).Error(500, "Fini failed during the crawl");
    }

    [Fact]
    public async Task Crawled_urls_ingest_as_web_sources()
    {
        await using var h = await Harness.StartAsync();
        var data = (await h.PostAsync("v2/documents/public/deep-crawl/links", """{"links":["https://docs.example.com/"],"limit":3}""")).Ok()["data"]!;

        var (added, _) = await h.IngestAsync($$"""{"source":"web","documentIdsToAdd":{{data.ToJsonString()}}}""");
        h.Steps(2);

        Assert.Equal(3, added.Count);
        Assert.All(h.State.GetSources(), s => Assert.True(s.Success));
    }
}
