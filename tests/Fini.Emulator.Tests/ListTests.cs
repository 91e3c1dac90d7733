using System;
using System.Linq;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class ListTests
{
    [Fact]
    public async Task Every_filter_keeps_only_matching_sources()
    {
        await using var h = await Harness.StartAsync();
        var t = Harness.Start;
        var billing = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/billing/refunds", Title = "Billing: Refunds", UpdatedAt = t.AddMinutes(-1), LinkToKnowledge = true });
        var faq = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/faq", English = false, UpdatedAt = t.AddMinutes(-2) });
        var notion = h.State.AddSource(new FiniSourceSeed { Source = "notion", ExternalId = "123456", Title = "Billing FAQ", OriginalUrl = "https://www.notion.so/fini/Billing-FAQ-123456", UpdatedAt = t.AddMinutes(-3), LinkToKnowledge = true, LinkedOperation = "UPDATE_ARTICLE", Changed = true });
        var file = h.State.AddSource(new FiniSourceSeed { Source = "files", ExternalId = "handbook.pdf", Title = "Handbook", UpdatedAt = t.AddMinutes(-4) });
        var article = h.State.GetSource(billing)!.LinkedKnowledgeId!.Value;

        Assert.Equal([billing, faq, notion, file], await h.ListIdsAsync());
        Assert.Equal([billing, faq], await h.ListIdsAsync("source=web"));
        Assert.Equal([file], await h.ListIdsAsync("source=files"));
        Assert.Equal([faq], await h.ListIdsAsync("english=false"));
        Assert.Equal([billing, notion, file], await h.ListIdsAsync("english=true"));
        Assert.Equal([notion], await h.ListIdsAsync($"id={notion}"));
        Assert.Equal([notion], await h.ListIdsAsync($"id={notion.ToString().ToUpperInvariant()}"));
        Assert.Equal([billing, notion], await h.ListIdsAsync("title=BILLING"));
        Assert.Equal([billing], await h.ListIdsAsync("title=refunds"));
        Assert.Equal([billing, faq], await h.ListIdsAsync("originalUrl=DOCS.EXAMPLE"));
        Assert.Equal([billing], await h.ListIdsAsync($"articleId={article}"));
        Assert.Empty(await h.ListIdsAsync($"articleId={Guid.NewGuid()}"));
        Assert.Equal([billing], await h.ListIdsAsync("linkedOperation=ADD_ARTICLE_TO_FOLDER"));
        Assert.Equal([notion], await h.ListIdsAsync("linkedOperation=UPDATE_ARTICLE"));
        Assert.Equal([notion], await h.ListIdsAsync("changed=true"));
        Assert.Equal([billing, faq, file], await h.ListIdsAsync("changed=false"));
        Assert.Equal([notion], await h.ListIdsAsync("source=notion&changed=true&title=faq"));
        Assert.Empty(await h.ListIdsAsync("source=zendesk")); // an empty page is not an error
    }

    [Fact]
    public async Task Order_is_updatedAt_descending_then_externalId_descending()
    {
        await using var h = await Harness.StartAsync();
        var t = Harness.Start;
        var older = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://z.example.com/", UpdatedAt = t.AddHours(-1) });
        var tieA = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://a.example.com/", UpdatedAt = t });
        var tieC = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://c.example.com/", UpdatedAt = t });
        var tieB = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://b.example.com/", UpdatedAt = t });
        var newest = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://m.example.com/", UpdatedAt = t.AddSeconds(1) });

        Assert.Equal([newest, tieC, tieB, tieA, older], await h.ListIdsAsync());

        // Processing moves a record to the top: its updatedAt changes when its job ends.
        await h.PostAsync("v2/documents/public/refresh", $$"""{"documentIds":["{{older}}"]}""");
        h.Steps(2);
        Assert.Equal(older, (await h.ListIdsAsync())[0]);
    }

    [Fact]
    public async Task Limit_defaults_to_50_and_direction_without_a_cursor_is_ignored()
    {
        await using var h = await Harness.StartAsync();
        for (var i = 0; i < 60; i++)
        {
            h.State.AddSource(new FiniSourceSeed { OriginalUrl = $"https://docs.example.com/p{i:D2}", UpdatedAt = Harness.Start.AddSeconds(i) });
        }

        var (page, hasMore) = await h.ListAsync();
        var (previous, previousHasMore) = await h.ListAsync("direction=previous");
        var (small, smallHasMore) = await h.ListAsync("limit=60");

        Assert.Equal(50, page.Count);
        Assert.True(hasMore);
        Assert.Equal(page.Select(d => d!["id"]!.GetValue<string>()), previous.Select(d => d!["id"]!.GetValue<string>()));
        Assert.True(previousHasMore);
        Assert.Equal(60, small.Count);
        Assert.False(smallHasMore);
        Assert.Equal("https://docs.example.com/p59", page[0]!["externalId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unset_members_are_null_when_the_contract_allows_it_and_left_out_when_it_does_not()
    {
        await using var h = await Harness.StartAsync();
        var registered = h.State.AddSource(new FiniSourceSeed { Source = "notion", ExternalId = "123456", Title = "Billing FAQ", OriginalUrl = "https://www.notion.so/fini/Billing-FAQ-123456", Processed = false });
        var file = h.State.AddSource(new FiniSourceSeed { Source = "files", ExternalId = "handbook.pdf", Title = "Handbook", MimeType = "application/pdf" });

        var notion = await h.GetSourceAsync(registered);
        var upload = await h.GetSourceAsync(file);

        Assert.Equal(22, notion.Count);
        foreach (var name in new[] { "storageUrl", "paragraphs", "oldParagraphs", "success", "error", "type", "linkedJobId", "linkedKnowledgeId", "linkedOperation", "linkedReason", "linkedJobStatus", "changed" })
        {
            Assert.True(notion.ContainsKey(name), name);
            Assert.Null(notion[name]);
        }

        Assert.False(upload.ContainsKey("originalUrl")); // not nullable in the contract, and a raw file has no URL
        Assert.Equal(21, upload.Count);
        Assert.Equal("files", upload["source"]!.GetValue<string>());
    }
}
