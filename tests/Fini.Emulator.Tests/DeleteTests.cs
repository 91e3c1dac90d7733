using System;
using System.Linq;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class DeleteTests
{
    [Fact]
    public async Task Delete_without_deleteArticles_removes_the_sources_but_keeps_their_articles()
    {
        await using var h = await Harness.StartAsync();
        var linked = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/billing", Title = "Billing", LinkToKnowledge = true });
        var other = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/faq" });
        var kept = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/kept" });

        var body = (await h.DeleteAsync("v2/documents/public", $$"""{"documentIds":["{{linked}}","{{other}}"]}""")).Ok();

        var deleted = body["deletedDocuments"]!.AsArray();
        Assert.Equal(2, deleted.Count);
        Assert.Equal(["id", "title", "originalUrl"], deleted[0]!.AsObject().Select(p => p.Key));
        Assert.Equal(linked.ToString(), deleted[0]!["id"]!.GetValue<string>());
        Assert.Equal("Billing", deleted[0]!["title"]!.GetValue<string>());
        Assert.Equal("https://docs.example.com/billing", deleted[0]!["originalUrl"]!.GetValue<string>());
        Assert.Empty(body["deletedArticles"]!.AsArray());
        Assert.Single(h.State.GetArticles());
        (await h.GetAsync($"v2/documents/public/{linked}")).Error(404);
        Assert.Equal([kept], await h.ListIdsAsync());
    }

    [Fact]
    public async Task Delete_with_deleteArticles_also_removes_the_linked_articles()
    {
        await using var h = await Harness.StartAsync();
        var linked = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/billing", Title = "Billing", LinkToKnowledge = true });
        var unlinked = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/faq" });
        var article = Assert.Single(h.State.GetArticles());

        var body = (await h.DeleteAsync("v2/documents/public", $$"""{"documentIds":["{{linked}}","{{unlinked}}"],"deleteArticles":true}""")).Ok();

        Assert.Equal(2, body["deletedDocuments"]!.AsArray().Count);
        var deletedArticle = Assert.Single(body["deletedArticles"]!.AsArray())!;
        Assert.Equal(["id", "title", "parentFolderId"], deletedArticle.AsObject().Select(p => p.Key));
        Assert.Equal(article.Id.ToString(), deletedArticle["id"]!.GetValue<string>());
        Assert.Equal("Billing", deletedArticle["title"]!.GetValue<string>());
        Assert.Equal(h.State.DefaultFolderId.ToString(), deletedArticle["parentFolderId"]!.GetValue<string>());
        Assert.Empty(h.State.GetArticles());
        Assert.Equal(0, h.State.SourceCount);
    }

    [Fact]
    public async Task A_deleted_url_can_be_ingested_again_as_a_new_source()
    {
        await using var h = await Harness.StartAsync();
        var id = Assert.Single((await h.IngestWebAsync("https://docs.example.com/a")).Added);
        (await h.DeleteAsync("v2/documents/public", $$"""{"documentIds":["{{id}}"],"deleteArticles":false}""")).Ok();

        var again = Assert.Single((await h.IngestWebAsync("https://docs.example.com/a")).Added);

        Assert.NotEqual(id, again);
        h.Steps(2); // the first job's completion finds no source and is dropped
        Assert.Equal("COMPLETED", h.State.GetSource(again)!.LinkedJobStatus);
    }
}
