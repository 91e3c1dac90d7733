using System;
using System.Linq;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class RefreshTests
{
    [Fact]
    public async Task Refresh_marks_linked_sources_whose_content_changed_and_keeps_the_old_paragraphs()
    {
        await using var h = await Harness.StartAsync();
        var linked = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/billing", LinkToKnowledge = true });
        var unlinked = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/faq" });
        var staticPage = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/static/terms", LinkToKnowledge = true });
        var before = h.State.GetSource(linked)!;

        var response = (await h.PostAsync("v2/documents/public/refresh", $$"""{"documentIds":["{{linked}}","{{unlinked}}","{{staticPage}}"]}""")).Ok();

        Assert.Equal([linked, unlinked, staticPage], Harness.Ids(response)); // a top-level array
        var queued = await h.GetSourceAsync(linked);
        Assert.Equal("PENDING", queued["linkedJobStatus"]!.GetValue<string>());
        Assert.NotEqual(before.LinkedJobId.ToString(), queued["linkedJobId"]!.GetValue<string>());
        Assert.False(queued["changed"]!.GetValue<bool>());

        h.Steps(2);
        var changed = await h.GetSourceAsync(linked);
        Assert.Equal("COMPLETED", changed["linkedJobStatus"]!.GetValue<string>());
        Assert.True(changed["changed"]!.GetValue<bool>());
        Assert.Equal(before.Paragraphs, changed["oldParagraphs"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains(changed["paragraphs"]!.AsArray(), p => p!.GetValue<string>().StartsWith("Revision 2", StringComparison.Ordinal));
        Assert.False((await h.GetSourceAsync(unlinked))["changed"]!.GetValue<bool>()); // not linked to knowledge
        Assert.False((await h.GetSourceAsync(staticPage))["changed"]!.GetValue<bool>()); // /static never changes upstream

        Assert.Equal([linked], await h.ListIdsAsync("changed=true"));
        Assert.Equal([linked], await h.ListIdsAsync("changed=true&source=web"));
        Assert.Empty(await h.ListIdsAsync("changed=true&source=notion"));
    }

    [Fact]
    public async Task The_whole_refresh_workflow_ends_in_an_update_of_the_same_article()
    {
        await using var h = await Harness.StartAsync();
        var id = Assert.Single((await h.IngestWebAsync("https://docs.example.com/billing/refunds")).Added);
        h.Steps(2);
        var firstJob = Assert.Single(await h.BulkAsync(id))!["backgroundJobId"]!.GetValue<string>();
        h.Steps(2);
        var article = (await h.JobStatusAsync(Guid.Parse(firstJob)))["hcArticleId"]!.GetValue<string>();

        await h.PostAsync("v2/documents/public/refresh", $$"""{"documentIds":["{{id}}"]}""");
        h.Steps(2);
        var changedIds = await h.ListIdsAsync("changed=true");
        Assert.Equal([id], changedIds);
        var secondJob = Assert.Single(await h.BulkAsync([.. changedIds]))!["backgroundJobId"]!.GetValue<string>();
        h.Steps(2);

        var status = await h.JobStatusAsync(Guid.Parse(secondJob));
        Assert.Equal(article, status["hcArticleId"]!.GetValue<string>());
        var source = await h.GetSourceAsync(id);
        Assert.Equal("UPDATE_ARTICLE", source["linkedOperation"]!.GetValue<string>());
        Assert.False(source["changed"]!.GetValue<bool>()); // knowledge caught up with the content
        Assert.Empty(await h.ListIdsAsync("changed=true"));
        Assert.Single(h.State.GetArticles());
    }
}
