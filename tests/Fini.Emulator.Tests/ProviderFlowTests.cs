using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class ProviderFlowTests
{
    [Fact]
    public async Task Notion_discover_register_ingest_then_discovery_leaves_the_imported_pages_out()
    {
        await using var h = await Harness.StartAsync();

        // 1. Discover: a flat array with the six confirmed fields.
        var items = (await h.GetAsync("v2/documents/public/resources/notion", h.ReadKey)).Ok().AsArray();
        Assert.Equal(4, items.Count);
        foreach (var item in items)
        {
            Assert.Equal(["externalId", "title", "originalUrl", "mimeType", "iconLink", "object"], item!.AsObject().Select(p => p.Key));
        }

        Assert.Contains(items, i => i!["iconLink"] is null);
        Assert.Contains(items, i => i!["object"]!.GetValue<string>() == "database");

        // 2. Register two of them, as the docs' example does (the discovery fields minus iconLink).
        var picked = items.Take(2).Select(i => new JsonObject
        {
            ["originalUrl"] = i!["originalUrl"]!.GetValue<string>(),
            ["title"] = i["title"]!.GetValue<string>(),
            ["externalId"] = i["externalId"]!.GetValue<string>(),
            ["mimeType"] = i["mimeType"]!.GetValue<string>(),
            ["object"] = i["object"]!.GetValue<string>(),
        }).ToArray();
        var registerBody = new JsonObject { ["resources"] = new JsonArray(picked) }.ToJsonString();
        var registered = (await h.PostAsync("v2/documents/public/resources/notion", registerBody)).Ok();
        var ids = Harness.Ids(registered["addedDocumentIds"]);
        Assert.Equal(2, ids.Count);
        Assert.Empty(registered["updatedDocumentIds"]!.AsArray());

        // Registered, not processing: no job, and discovery still offers them.
        var record = await h.GetSourceAsync(ids[0]);
        Assert.Equal("notion", record["source"]!.GetValue<string>());
        Assert.Equal("123456", record["externalId"]!.GetValue<string>());
        Assert.Equal("page", record["type"]!.GetValue<string>());
        Assert.Null(record["linkedJobId"]);
        Assert.Null(record["linkedJobStatus"]);
        Assert.Equal(4, (await h.GetAsync("v2/documents/public/resources/notion")).Ok().AsArray().Count);

        // 3. Ingest the returned IDs with source = provider.
        var (added, updated) = await h.IngestAsync($$"""{"source":"notion","documentIdsToAdd":{{Json.Array(ids)}},"documentIdsToRefresh":[]}""");
        Assert.Equal(ids, added);
        Assert.Empty(updated);
        h.Steps(2);
        foreach (var id in ids)
        {
            var done = await h.GetSourceAsync(id);
            Assert.Equal("COMPLETED", done["linkedJobStatus"]!.GetValue<string>());
            Assert.True(done["success"]!.GetValue<bool>());
            Assert.NotEmpty(done["paragraphs"]!.AsArray());
        }

        var remaining = (await h.GetAsync("v2/documents/public/resources/notion")).Ok().AsArray();
        Assert.Equal(["0a9b8c7d6e5f", "5e4d3c2b1a09"], remaining.Select(i => i!["externalId"]!.GetValue<string>()));

        // Registering a known resource again updates it; its ID then goes to documentIdsToRefresh.
        var again = (await h.PostAsync("v2/documents/public/resources/notion", new JsonObject { ["resources"] = new JsonArray(picked[0].DeepClone()) }.ToJsonString())).Ok();
        Assert.Empty(again["addedDocumentIds"]!.AsArray());
        Assert.Equal([ids[0]], Harness.Ids(again["updatedDocumentIds"]));
        var (_, refreshed) = await h.IngestAsync($$"""{"source":"notion","documentIdsToRefresh":["{{ids[0]}}"]}""");
        Assert.Equal([ids[0]], refreshed);
        Assert.Equal(2, (await h.ListAsync("source=notion")).Documents.Count);
    }

    [Fact]
    public async Task Zendesk_discovery_is_a_category_section_article_tree_without_imported_articles()
    {
        await using var h = await Harness.StartAsync();

        var tree = (await h.GetAsync("v2/documents/public/resources/zendesk")).Ok().AsArray();
        Assert.Equal(["category", "category"], tree.Select(c => c!["object"]!.GetValue<string>()));
        var account = tree[1]!;
        var security = Assert.Single(account["sections"]!.AsArray())!;
        Assert.Equal("section", security["object"]!.GetValue<string>());
        var articles = security["articles"]!.AsArray();
        Assert.All(articles, a => Assert.Equal("article", a!["object"]!.GetValue<string>()));
        Assert.All(articles, a => Assert.Equal("text/html", a!["mimeType"]!.GetValue<string>()));

        // Register and ingest every article of the Account category: it disappears from discovery.
        var resources = new JsonArray(articles.Select(a => a!.DeepClone()).ToArray());
        var ids = Harness.Ids((await h.PostAsync("v2/documents/public/resources/zendesk", new JsonObject { ["resources"] = resources }.ToJsonString())).Ok()["addedDocumentIds"]);
        await h.IngestAsync($$"""{"source":"zendesk","documentIdsToAdd":{{Json.Array(ids)}}}""");
        h.Steps(2);

        var after = (await h.GetAsync("v2/documents/public/resources/zendesk")).Ok().AsArray();
        Assert.Equal(["Billing"], after.Select(c => c!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Confluence_discovery_is_spaces_by_key_holding_pages()
    {
        await using var h = await Harness.StartAsync();

        var spaces = (await h.GetAsync("v2/documents/public/resources/confluence")).Ok().AsArray();

        Assert.Equal(["SUP", "ENG"], spaces.Select(s => s!["key"]!.GetValue<string>()));
        Assert.All(spaces, s => Assert.Equal("space", s!["object"]!.GetValue<string>()));
        var page = spaces[0]!["pages"]![0]!;
        Assert.Equal(["externalId", "title", "originalUrl", "mimeType", "object"], page.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task A_provider_job_fails_when_the_connection_lapsed_before_ingest()
    {
        await using var h = await Harness.StartAsync();
        var body = """{"resources":[{"originalUrl":"https://acme.atlassian.net/wiki/spaces/SUP/pages/98305/Escalation+policy","title":"Escalation policy","externalId":"98305","mimeType":"text/html","object":"page"}]}""";
        var id = Harness.Ids((await h.PostAsync("v2/documents/public/resources/confluence", body)).Ok()["addedDocumentIds"]).Single();

        h.State.SetProviderConnected("confluence", false);
        await h.IngestAsync($$"""{"source":"confluence","documentIdsToAdd":["{{id}}"]}""");
        h.Steps(2);

        var failed = await h.GetSourceAsync(id);
        Assert.Equal("FAILED", failed["linkedJobStatus"]!.GetValue<string>());
        Assert.False(failed["success"]!.GetValue<bool>());
        Assert.Contains("reconnect confluence", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
