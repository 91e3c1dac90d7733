using System.Diagnostics;
using Fini.Emulator;
using QuickStart.FiniSources;

// The Fini workflow, end to end: crawl → ingest web pages → wait → discover, register and ingest provider pages →
// wait → refresh → list what changed → generate knowledge → wait. Against the local emulator unless FINI_BASE_URL
// and FINI_API_KEY point at a real Fini API.
var baseUrl = Environment.GetEnvironmentVariable("FINI_BASE_URL");
var apiKey = Environment.GetEnvironmentVariable("FINI_API_KEY");
var seedUrl = Environment.GetEnvironmentVariable("FINI_SEED_URL") ?? "https://docs.example.com/";
var provider = new Provider(Environment.GetEnvironmentVariable("FINI_PROVIDER") ?? "notion");
var clock = Stopwatch.StartNew();

await using var emulator = string.IsNullOrEmpty(baseUrl) || string.IsNullOrEmpty(apiKey) ? await FiniEmulator.StartAsync() : null;
var options = new FiniSourcesClientOptions
{
    BaseAddress = new Uri(emulator?.BaseAddress.ToString() ?? baseUrl!),
    ApiKey = emulator?.WriteKey ?? apiKey,
};
using var client = new FiniSourcesClient(options);
Console.WriteLine($"FiniGen quickstart: {(emulator is null ? "Fini API at " : "local Fini emulator at ")}{options.BaseAddress}");

try
{
    // 1. Web: crawl a seed page, then ingest what it links to, as web sources (their values are URLs).
    Step(1, $"Crawl {seedUrl}");
    var crawl = await client.CrawlLinksAsync(new CrawlLinksRequest { Links = [seedUrl], Limit = 5 });
    foreach (var url in crawl.Data)
    {
        Console.WriteLine($"   found {url}");
    }

    // The emulator fails pages under /private, as Fini fails pages behind a login: the failure shows on the record.
    var pages = crawl.Data.ToList();
    if (emulator is not null)
    {
        pages.Add("https://intranet.example.com/private/handbook");
    }

    Step(2, $"Ingest {pages.Count} pages as web sources");
    var web = await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = pages });
    var webSources = Report(await client.WaitForIngestSourcesAsync(web, progress: JobProgress()));

    // 2. Provider: discover, register (returns source IDs, queues nothing), then ingest those IDs.
    Step(3, $"Discover {provider} resources");
    var resources = await client.ListProviderResourcesAsync(provider);
    var chosen = resources.Where(r => r.OriginalUrl is not null && r.ExternalId is not null).Take(2).ToList();
    foreach (var resource in chosen)
    {
        Console.WriteLine($"   {resource.Title} ({resource.OriginalUrl})");
    }

    Step(4, $"Register {chosen.Count} resources and ingest them");
    var registered = await client.RegisterProviderResourcesAsync(provider, new RegisterProviderResourcesRequest
    {
        Resources = chosen.Select(r => new RegisterProviderResource
        {
            OriginalUrl = r.OriginalUrl!,
            Title = r.Title ?? r.ExternalId!,
            ExternalId = r.ExternalId!,
            MimeType = r.MimeType ?? "text/markdown",
            Object = r.Object,
        }).ToList(),
    });
    var ingested = await client.IngestSourcesAsync(new IngestSourcesRequest
    {
        Source = new IngestSource(provider.Value),
        DocumentIdsToAdd = registered.AddedDocumentIds,
        DocumentIdsToRefresh = registered.UpdatedDocumentIds,
    });
    var providerSources = Report(await client.WaitForIngestSourcesAsync(ingested, progress: JobProgress()));

    // 3. Knowledge from what was imported; then refresh, and regenerate only what changed.
    var imported = webSources.Concat(providerSources).Select(d => d.Id).ToList();
    Step(5, $"Generate knowledge from {imported.Count} sources");
    await GenerateKnowledgeAsync(client, imported);

    Step(6, $"Refresh {imported.Count} sources");
    var accepted = await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = imported });
    Report(await client.WaitForRefreshSourcesAsync(accepted, progress: JobProgress()));

    Step(7, "List the sources whose content changed");
    var changed = await client.ListSourcesAsync(changed: true, limit: 50);
    foreach (var document in changed.Documents)
    {
        Console.WriteLine($"   changed: {document.Title ?? document.OriginalUrl} [{document.Source}]");
    }

    var linkedChanged = changed.Documents.Where(d => d.LinkedKnowledgeId is not null).Select(d => d.Id).ToList();
    Step(8, $"Regenerate knowledge for {linkedChanged.Count} changed sources");
    var regenerated = linkedChanged.Count > 0 ? await GenerateKnowledgeAsync(client, linkedChanged) : 0;

    // Every source of the workspace, page after page (the generated walker follows the contract's cursor rules).
    var all = new List<Document>();
    await foreach (var document in client.ListSourcesAllAsync(limit: 50))
    {
        all.Add(document);
    }

    Console.WriteLine();
    Console.WriteLine("Summary");
    Console.WriteLine($"   web pages crawled        {crawl.Data.Count}");
    Console.WriteLine($"   sources in the workspace {all.Count}");
    Console.WriteLine($"   ingested successfully    {all.Count(d => d.Success == true)}");
    Console.WriteLine($"   failed                   {all.Count(d => d.LinkedJobStatus == JobStatus.Failed)}");
    Console.WriteLine($"   changed after refresh    {changed.Documents.Count}");
    Console.WriteLine($"   knowledge drafts made    {imported.Count + regenerated}");
    Console.WriteLine($"   finished in              {clock.Elapsed.TotalSeconds:0.0} s");
    return 0;
}
catch (FiniSourcesApiException<Error> exception)
{
    Console.Error.WriteLine($"Fini answered {exception.StatusCode}: {exception.Error.Message}");
    return 1;
}

// A progress bar redrawn in place on a terminal; when the output is redirected, only the finished line.
static void Progress(string text, int done, int total)
{
    var bar = "[" + new string('#', done * 20 / Math.Max(total, 1)).PadRight(20, '.') + "] " + text;
    if (!Console.IsOutputRedirected)
    {
        Console.Write("\r   " + bar + "   ");
        if (done == total)
        {
            Console.WriteLine();
        }
    }
    else if (done == total)
    {
        Console.WriteLine("   " + bar);
    }
}

static void Step(int number, string title)
{
    Console.WriteLine();
    Console.WriteLine($"{number}. {title}");
}

// Ingest and refresh are asynchronous: the generated waiters poll each record until its job is COMPLETED or FAILED.
static IProgress<FiniSourcesJobProgress> JobProgress()
    => new SynchronousProgress(p => Progress($"{p.Finished}/{p.Total} finished, {p.Failed} failed", p.Finished, p.Total));

static IReadOnlyList<Document> Report(FiniSourcesJobResults<Document> results)
{
    foreach (var (document, error) in results.Failed)
    {
        Console.WriteLine($"   failed: {document.OriginalUrl}: {error}");
    }

    return results.Completed;
}

static async Task<int> GenerateKnowledgeAsync(FiniSourcesClient client, List<string> sourceIds)
{
    if (sourceIds.Count == 0)
    {
        return 0;
    }

    var bulk = await client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest { DocumentIds = sourceIds, Origin = KnowledgeOrigin.Sources, IsDraft = true });
    var jobIds = bulk.Jobs.Select(j => j.BackgroundJobId).ToList();
    for (var attempt = 0; attempt < 100; attempt++)
    {
        var status = await client.CheckKnowledgeJobsAsync(new CheckKnowledgeJobsRequest { JobIds = jobIds });
        var completed = status.Jobs.Count(j => j.JobStatus == "COMPLETED");
        Progress($"{completed}/{jobIds.Count} knowledge jobs completed", completed, jobIds.Count);
        if (completed == jobIds.Count)
        {
            return completed;
        }

        await Task.Delay(200);
    }

    throw new TimeoutException("The knowledge jobs did not finish.");
}

sealed class SynchronousProgress(Action<FiniSourcesJobProgress> report) : IProgress<FiniSourcesJobProgress>
{
    public void Report(FiniSourcesJobProgress value) => report(value);
}
