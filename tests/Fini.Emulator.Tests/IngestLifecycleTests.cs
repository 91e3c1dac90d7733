using System;
using System.Linq;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class IngestLifecycleTests
{
    private static readonly string[] DocumentFields =
    [
        "id", "originalUrl", "title", "storageUrl", "source", "externalId", "english", "baser", "paragraphs", "oldParagraphs",
        "success", "error", "createdAt", "updatedAt", "mimeType", "type", "linkedJobId", "linkedKnowledgeId", "linkedOperation",
        "linkedReason", "linkedJobStatus", "changed",
    ];

    [Fact]
    public async Task Web_ingest_goes_pending_then_in_progress_then_completed_with_content()
    {
        await using var h = await Harness.StartAsync();
        const string url = "https://docs.example.com/billing/refunds";

        var (added, updated) = await h.IngestWebAsync(url);

        var id = Assert.Single(added);
        Assert.Empty(updated);

        var pending = await h.GetSourceAsync(id);
        Assert.Equal(DocumentFields, pending.Select(p => p.Key));
        Assert.Equal("PENDING", pending["linkedJobStatus"]!.GetValue<string>());
        Assert.Equal("web", pending["source"]!.GetValue<string>());
        Assert.Equal(url, pending["externalId"]!.GetValue<string>());
        Assert.Equal(url, pending["originalUrl"]!.GetValue<string>());
        Assert.Equal("Refunds", pending["title"]!.GetValue<string>());
        Assert.Equal("2025-01-15T09:00:00.000Z", pending["createdAt"]!.GetValue<string>());
        Assert.True(Guid.TryParse(pending["linkedJobId"]!.GetValue<string>(), out _));
        Assert.Null(pending["success"]);
        Assert.Null(pending["error"]);
        Assert.Null(pending["paragraphs"]);
        Assert.Null(pending["storageUrl"]);
        Assert.Null(pending["linkedKnowledgeId"]);
        Assert.Null(pending["linkedReason"]);

        h.Steps(1);
        var running = await h.GetSourceAsync(id);
        Assert.Equal("IN_PROGRESS", running["linkedJobStatus"]!.GetValue<string>());
        Assert.Null(running["success"]);

        h.Steps(1);
        var done = await h.GetSourceAsync(id);
        Assert.Equal("COMPLETED", done["linkedJobStatus"]!.GetValue<string>());
        Assert.True(done["success"]!.GetValue<bool>());
        Assert.Equal(string.Empty, done["error"]!.GetValue<string>());
        var paragraphs = done["paragraphs"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.NotEmpty(paragraphs);
        Assert.Contains(paragraphs, p => p.Contains(url, StringComparison.Ordinal));
        Assert.Empty(done["oldParagraphs"]!.AsArray());
        Assert.StartsWith("gs://", done["storageUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(done["changed"]!.GetValue<bool>());
        Assert.Equal(pending["linkedJobId"]!.GetValue<string>(), done["linkedJobId"]!.GetValue<string>());
        Assert.Equal("2025-01-15T09:00:02.000Z", done["updatedAt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("https://docs.example.invalid/billing", "ENOTFOUND")]
    [InlineData("https://invalid/", "ENOTFOUND")]
    [InlineData("https://docs.example.com/private/roadmap", "requires authentication")]
    [InlineData("https://docs.example.com/team/private-notes", "requires authentication")]
    public async Task Web_urls_on_invalid_hosts_or_private_paths_fail(string url, string error)
    {
        await using var h = await Harness.StartAsync();
        var id = Assert.Single((await h.IngestWebAsync(url)).Added);

        h.Steps(2);
        var failed = await h.GetSourceAsync(id);

        Assert.Equal("FAILED", failed["linkedJobStatus"]!.GetValue<string>());
        Assert.False(failed["success"]!.GetValue<bool>());
        Assert.Contains(error, failed["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(failed["paragraphs"]);
        Assert.Null(failed["storageUrl"]);
    }

    [Fact]
    public async Task Absent_source_means_web_and_the_flags_are_stored()
    {
        await using var h = await Harness.StartAsync();

        var (added, _) = await h.IngestAsync("""{"documentIdsToAdd":["https://docs.example.com/faq"],"english":false,"baser":true}""");

        var document = await h.GetSourceAsync(Assert.Single(added));
        Assert.Equal("web", document["source"]!.GetValue<string>());
        Assert.False(document["english"]!.GetValue<bool>());
        Assert.True(document["baser"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Known_urls_are_found_not_duplicated_and_come_back_as_updated()
    {
        await using var h = await Harness.StartAsync();
        const string url = "https://docs.example.com/billing/invoices";
        var (first, _) = await h.IngestWebAsync(url, url);
        var id = Assert.Single(first);
        h.Steps(2);
        var firstJob = (await h.GetSourceAsync(id))["linkedJobId"]!.GetValue<string>();

        var (added, updated) = await h.IngestAsync($$"""{"source":"web","documentIdsToRefresh":["{{url}}"]}""");
        var (addedAgain, updatedAgain) = await h.IngestWebAsync(url, "https://docs.example.com/new");

        Assert.Empty(added);
        Assert.Equal([id], updated);
        Assert.Equal([id], updatedAgain);
        Assert.Single(addedAgain);
        Assert.Equal(2, h.State.SourceCount);
        var requeued = await h.GetSourceAsync(id);
        Assert.Equal("PENDING", requeued["linkedJobStatus"]!.GetValue<string>());
        Assert.NotEqual(firstJob, requeued["linkedJobId"]!.GetValue<string>());
        Assert.True(requeued["success"]!.GetValue<bool>()); // the previous run's result stays until the new one ends
    }

    [Fact]
    public async Task With_the_real_clock_jobs_complete_on_their_own()
    {
        await using var emulator = await FiniEmulator.StartAsync(new FiniEmulatorOptions { JobStepDuration = TimeSpan.FromMilliseconds(25) });
        using var http = new System.Net.Http.HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", emulator.WriteKey);
        using var content = new System.Net.Http.StringContent("""{"source":"web","documentIdsToAdd":["https://docs.example.com/a"]}""", System.Text.Encoding.UTF8, "application/json");
        (await http.PostAsync("v2/documents/public", content)).EnsureSuccessStatusCode();
        var id = emulator.State.GetSources().Single().Id;

        var deadline = DateTime.UtcNow.AddSeconds(5);
        string status;
        do
        {
            await Task.Delay(20);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"v2/documents/public/{id}"))!;
            status = body["linkedJobStatus"]!.GetValue<string>();
        }
        while (status != "COMPLETED" && DateTime.UtcNow < deadline);

        Assert.Equal("COMPLETED", status);
    }
}
