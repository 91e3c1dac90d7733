using System;
using System.Net.Http;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class ValidationTests
{
    public static TheoryData<string, string> JsonRoutes => new()
    {
        { "POST", "v2/documents/public" },
        { "DELETE", "v2/documents/public" },
        { "POST", "v2/documents/public/resources/notion" },
        { "POST", "v2/documents/public/deep-crawl/links" },
        { "POST", "v2/documents/public/refresh" },
        { "POST", "v2/knowledge/public/bulk" },
        { "POST", "v2/knowledge/public/jobs/status" },
    };

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task Malformed_json_is_400_on_every_body_route(string method, string path)
    {
        await using var h = await Harness.StartAsync();

        (await h.SendAsync(new HttpMethod(method), path, """{"documentIds": [""")).Error(400, "Invalid request body: malformed JSON");
        (await h.SendAsync(new HttpMethod(method), path, "[]")).Error(400, "expected a JSON object");
        (await h.SendAsync(new HttpMethod(method), path, "")).Error(400, "Invalid request body");
        (await h.SendAsync(new HttpMethod(method), path, "{}", contentType: "text/plain")).Error(400, "Content-Type must be application/json");
    }

    [Theory]
    [InlineData("files")]
    [InlineData("sharepoint")]
    [InlineData("WEB")]
    public async Task Ingest_with_an_unsupported_source_is_400(string source)
    {
        await using var h = await Harness.StartAsync();

        var response = await h.PostAsync("v2/documents/public", $$"""{"source":"{{source}}","documentIdsToAdd":["https://docs.example.com/a"]}""");

        response.Error(400, $"Unsupported source '{source}'");
        Assert.Equal(0, h.State.SourceCount);
    }

    [Theory]
    [InlineData("""{"source":"web","documentIdsToAdd":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"]}""", "documentIdsToAdd[0]", "source is 'web'")]
    [InlineData("""{"documentIdsToAdd":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"]}""", "documentIdsToAdd[0]", "source is absent (so web)")]
    [InlineData("""{"source":"web","documentIdsToAdd":["https://docs.example.com/a"],"documentIdsToRefresh":["35b4838a-4136-4f6c-a530-8f17cb47566d"]}""", "documentIdsToRefresh[0]", "source is 'web'")]
    public async Task Web_ingest_with_source_ids_is_400(string body, string field, string sourceText)
    {
        await using var h = await Harness.StartAsync();

        var message = (await h.PostAsync("v2/documents/public", body)).Error(400, field);

        Assert.Contains("a source ID", message, StringComparison.Ordinal);
        Assert.Contains(sourceText, message, StringComparison.Ordinal);
        Assert.Contains("web ingestion takes absolute http(s) URLs", message, StringComparison.Ordinal);
        Assert.Equal(0, h.State.SourceCount); // nothing was queued, not even the valid URL
    }

    [Theory]
    [InlineData("docs.example.com/billing")]
    [InlineData("/billing/refunds")]
    [InlineData("ftp://docs.example.com/file")]
    [InlineData("mailto:support@example.com")]
    [InlineData("")]
    public async Task Web_ingest_with_values_that_are_not_absolute_http_urls_is_400(string value)
    {
        await using var h = await Harness.StartAsync();

        var response = await h.PostAsync("v2/documents/public", $$"""{"source":"web","documentIdsToAdd":["{{value}}"]}""");

        response.Error(400, "not an absolute http(s) URL");
    }

    [Fact]
    public async Task Provider_ingest_with_urls_native_ids_unknown_ids_or_another_providers_ids_is_400()
    {
        await using var h = await Harness.StartAsync();
        var zendesk = h.State.AddSource(new FiniSourceSeed { Source = "zendesk", ExternalId = "1", OriginalUrl = "https://acme.zendesk.com/a", Processed = false });

        (await h.PostAsync("v2/documents/public", """{"source":"notion","documentIdsToAdd":["https://www.notion.so/fini/Billing-FAQ-123456"]}"""))
            .Error(400, "a URL, but source is 'notion'");
        (await h.PostAsync("v2/documents/public", """{"source":"notion","documentIdsToAdd":["123456"]}"""))
            .Error(400, "not a source ID (UUID)");
        (await h.PostAsync("v2/documents/public", """{"source":"notion","documentIdsToAdd":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"]}"""))
            .Error(400, "no source with ID 5d9f67a8-d853-4af4-b7ce-23ebba1245e5");
        (await h.PostAsync("v2/documents/public", $$"""{"source":"notion","documentIdsToRefresh":["{{zendesk}}"]}"""))
            .Error(400, "is a zendesk source, but source is 'notion'");
        Assert.Null(h.State.GetSource(zendesk)!.LinkedJobId);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"source":"web","documentIdsToAdd":[],"documentIdsToRefresh":[]}""")]
    [InlineData("""{"source":"notion"}""")]
    public async Task Ingest_with_nothing_to_ingest_is_400(string body)
    {
        await using var h = await Harness.StartAsync();

        (await h.PostAsync("v2/documents/public", body)).Error(400, "must hold at least one value");
    }

    [Theory]
    [InlineData("{}", "documentIds is required")]
    [InlineData("""{"documentIds":[]}""", "documentIds must not be empty")]
    [InlineData("""{"documentIds":"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"}""", "documentIds must be an array")]
    [InlineData("""{"documentIds":[42]}""", "documentIds[0] must be a string")]
    [InlineData("""{"documentIds":["not-a-uuid"]}""", "not a UUID")]
    [InlineData("""{"documentIds":["https://docs.example.com/a"]}""", "never URLs")]
    [InlineData("""{"documentIds":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"]}""", "no source with ID")]
    public async Task Refresh_and_delete_reject_missing_empty_malformed_and_unknown_ids(string body, string message)
    {
        await using var h = await Harness.StartAsync();

        (await h.PostAsync("v2/documents/public/refresh", body)).Error(400, message);
        (await h.DeleteAsync("v2/documents/public", body)).Error(400, message);
    }

    [Fact]
    public async Task Refresh_refuses_raw_file_sources()
    {
        await using var h = await Harness.StartAsync();
        var file = h.State.AddSource(new FiniSourceSeed { Source = "files", ExternalId = "handbook.pdf", Title = "Handbook" });
        var web = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/a" });

        var message = (await h.PostAsync("v2/documents/public/refresh", $$"""{"documentIds":["{{web}}","{{file}}"]}""")).Error(400, "documentIds[1]");

        Assert.Contains("raw-file source", message, StringComparison.Ordinal);
        Assert.Equal("COMPLETED", h.State.GetSource(web)!.LinkedJobStatus); // all or nothing: the web source was not re-queued
    }

    [Theory]
    [InlineData("source=sharepoint", "Unsupported source 'sharepoint'")]
    [InlineData("source=", "Unsupported source ''")]
    [InlineData("linkedOperation=CREATE_SUBFOLDER_AND_ARTICLE", "Unsupported linkedOperation")]
    [InlineData("direction=up", "direction must be next or previous")]
    [InlineData("id=123", "id must be a well-formed UUID")]
    [InlineData("articleId=abc", "articleId must be a well-formed UUID")]
    [InlineData("cursor=https://docs.example.com/a", "cursor must be a source ID")]
    [InlineData("cursor=5d9f67a8-d853-4af4-b7ce-23ebba1245e5", "is not the ID of a source")]
    [InlineData("limit=0", "limit must be at least 1")]
    [InlineData("limit=-5", "limit must be at least 1")]
    [InlineData("limit=ten", "limit must be an integer")]
    [InlineData("english=yes", "english must be true or false")]
    [InlineData("changed=1", "changed must be true or false")]
    [InlineData("source=web&source=notion", "source must be given at most once")]
    public async Task List_rejects_bad_query_values(string query, string message)
    {
        await using var h = await Harness.StartAsync();

        (await h.GetAsync("v2/documents/public?" + query)).Error(400, message);
    }

    [Fact]
    public async Task Get_with_a_non_uuid_id_is_400_and_an_unknown_id_is_404()
    {
        await using var h = await Harness.StartAsync();

        (await h.GetAsync("v2/documents/public/not-a-uuid")).Error(400, "id must be a valid UUID");
        (await h.GetAsync("v2/documents/public/https%3A%2F%2Fdocs.example.com")).Error(400, "id must be a valid UUID");
        (await h.GetAsync("v2/documents/public/5d9f67a8-d853-4af4-b7ce-23ebba1245e5")).Error(404, "Source 5d9f67a8-d853-4af4-b7ce-23ebba1245e5 not found");
    }

    [Theory]
    [InlineData("web")]
    [InlineData("files")]
    [InlineData("googledrive")]
    [InlineData("Notion")]
    public async Task Provider_routes_reject_unsupported_providers(string provider)
    {
        await using var h = await Harness.StartAsync();

        (await h.GetAsync($"v2/documents/public/resources/{provider}")).Error(400, $"Unsupported provider '{provider}'");
        (await h.PostAsync($"v2/documents/public/resources/{provider}", RegisterBody())).Error(400, $"Unsupported provider '{provider}'");
    }

    [Fact]
    public async Task Provider_routes_reject_a_provider_that_is_not_connected()
    {
        await using var h = await Harness.StartAsync(o => o.ConnectNotion = false);

        (await h.GetAsync("v2/documents/public/resources/notion")).Error(400, "notion provider is not connected");
        (await h.PostAsync("v2/documents/public/resources/notion", RegisterBody())).Error(400, "notion provider is not connected");
        (await h.GetAsync("v2/documents/public/resources/zendesk")).Ok();

        h.State.SetProviderConnected("zendesk", false);
        (await h.GetAsync("v2/documents/public/resources/zendesk")).Error(400, "zendesk provider is not connected");
        h.State.SetProviderConnected("notion", true);
        (await h.GetAsync("v2/documents/public/resources/notion")).Ok();
    }

    [Theory]
    [InlineData("originalUrl")]
    [InlineData("title")]
    [InlineData("externalId")]
    [InlineData("mimeType")]
    public async Task Register_rejects_a_resource_missing_a_required_field(string field)
    {
        await using var h = await Harness.StartAsync();
        var resource = System.Text.Json.Nodes.JsonNode.Parse(RegisterBody())!;
        resource["resources"]![0]!.AsObject().Remove(field);

        (await h.PostAsync("v2/documents/public/resources/notion", resource.ToJsonString())).Error(400, $"resources[0].{field} is required");

        resource["resources"]![0]![field] = "";
        (await h.PostAsync("v2/documents/public/resources/notion", resource.ToJsonString())).Error(400, $"resources[0].{field} must be a non-empty string");
        Assert.Equal(0, h.State.SourceCount);
    }

    [Theory]
    [InlineData("{}", "resources is required")]
    [InlineData("""{"resources":[]}""", "resources must not be empty")]
    [InlineData("""{"resources":["123456"]}""", "resources[0] must be an object")]
    [InlineData("""{"resources":[{"originalUrl":"notion-page","title":"t","externalId":"1","mimeType":"text/markdown"}]}""", "not an absolute http(s) URL")]
    public async Task Register_rejects_a_missing_empty_or_malformed_resource_list(string body, string message)
    {
        await using var h = await Harness.StartAsync();

        (await h.PostAsync("v2/documents/public/resources/notion", body)).Error(400, message);
    }

    [Theory]
    [InlineData("{}", "links is required")]
    [InlineData("""{"links":[]}""", "links must not be empty")]
    [InlineData("""{"links":["docs.example.com"]}""", "links[0] is 'docs.example.com', not a valid absolute http(s) URL")]
    [InlineData("""{"links":["https://docs.example.com/","not a url"]}""", "links[1]")]
    [InlineData("""{"links":["https://docs.example.com/"],"limit":0}""", "limit must be at least 1")]
    [InlineData("""{"links":["https://docs.example.com/"],"limit":"5"}""", "limit must be an integer")]
    public async Task Crawl_rejects_missing_empty_or_invalid_links_and_limits(string body, string message)
    {
        await using var h = await Harness.StartAsync();

        (await h.PostAsync("v2/documents/public/deep-crawl/links", body)).Error(400, message);
    }

    [Theory]
    [InlineData("""{"documentIds":["{id}"]}""", "origin is required")]
    [InlineData("""{"documentIds":["{id}"],"origin":"generated"}""", "Unsupported origin 'generated'")]
    [InlineData("""{"documentIds":["{id}"],"origin":"inbox"}""", "Unsupported origin 'inbox'")]
    [InlineData("""{"documentIds":[],"origin":"sources"}""", "documentIds must not be empty")]
    [InlineData("""{"origin":"sources"}""", "documentIds is required")]
    [InlineData("""{"documentIds":["{id}"],"origin":"sources","restrictedOps":["CREATE_SUBFOLDER_AND_ARTICLE"]}""", "restrictedOps[0]")]
    [InlineData("""{"documentIds":["{id}"],"origin":"sources","botId":"bot-1"}""", "botId")]
    [InlineData("""{"documentIds":["{id}"],"origin":"sources","isDraft":"no"}""", "isDraft must be a boolean")]
    [InlineData("""{"documentIds":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"],"origin":"sources"}""", "no source with ID")]
    public async Task Bulk_rejects_bad_origin_ids_and_options(string body, string message)
    {
        await using var h = await Harness.StartAsync();
        var id = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/a" });

        (await h.PostAsync("v2/knowledge/public/bulk", body.Replace("{id}", id.ToString(), StringComparison.Ordinal))).Error(400, message);
    }

    [Theory]
    [InlineData("{}", "jobIds is required")]
    [InlineData("""{"jobIds":[]}""", "jobIds must not be empty")]
    [InlineData("""{"jobIds":["job-1"]}""", "not a UUID")]
    public async Task Job_status_rejects_missing_empty_or_malformed_job_ids(string body, string message)
    {
        await using var h = await Harness.StartAsync();

        (await h.PostAsync("v2/knowledge/public/jobs/status", body, h.ReadKey)).Error(400, message);
    }

    private static string RegisterBody() => """
        {"resources":[{"originalUrl":"https://www.notion.so/fini/Billing-FAQ-123456","title":"Billing FAQ","externalId":"123456","mimeType":"text/markdown","object":"page"}]}
        """;
}
