using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Fini.Emulator;
using FiniGen.IntegrationTests.Fini;
using Microsoft.AspNetCore.Http;
using Xunit;
using Xunit.Abstractions;

namespace FiniGen.IntegrationTests;

/// <summary>
/// Conformance with a third-party validator: Prism (<c>@stoplight/prism-cli</c>) serves the contract in validating
/// mode, and any request of the quickstart workflow it finds invalid, or any emulator response, fails the test.
/// Two runs, because a mock answers with examples and cannot carry a stateful workflow to its end: the whole
/// quickstart through <c>prism proxy --errors</c> in front of the emulator, and each request of the workflow sent
/// once to <c>prism mock --errors</c>. Negative controls prove that the check can fail, in both directions: a
/// validator that cannot compile a schema validates nothing and says nothing, as Prism did for every response holding
/// a <c>Document</c> until the contract's nullable references were fixed.
/// </summary>
[Collection(QuickstartCollection.Name)]
public sealed class PrismConformanceTests(ITestOutputHelper log)
{
    private static readonly string RepoRoot = PackageFixture.FindRepoRoot();

    // The docs' example source ID, and the key the mock accepts (Prism checks that a bearer token is sent, not which).
    private const string SourceId = "5d9f67a8-d853-4af4-b7ce-23ebba1245e5";
    private const string MockKey = "fini_prism_mock";

    /// <summary>The operations the quickstart calls; it never deletes.</summary>
    private static readonly string[] WorkflowOperations = FiniRoutes.Operations.Where(o => o != "deleteSources").ToArray();

    [Fact]
    public async Task TheQuickstartThroughPrismsValidatingProxyBreaksNoRuleOfTheContract()
    {
        var clock = Stopwatch.StartNew();
        await using var emulator = await FiniEmulator.StartAsync();
        await using var prism = await PrismServer.StartProxyAsync(emulator.BaseAddress);
        log.WriteLine($"emulator and Prism proxy started in {clock.Elapsed.TotalSeconds:0.0} s");
        var recorder = new PrismRecordingHandler();
        var (relay, relayClient) = await LoopbackServer.StartRelayAsync(prism.BaseAddress, recorder);
        await using (relay)
        using (relayClient)
        {
            var started = clock.Elapsed;
            var (exitCode, output) = Shell.Run("dotnet", "run --project samples/QuickStart", RepoRoot, TimeSpan.FromMinutes(5), ("FINI_BASE_URL", relay.BaseAddress.ToString()), ("FINI_API_KEY", emulator.WriteKey));
            log.WriteLine($"dotnet run of the quickstart through Prism: {(clock.Elapsed - started).TotalSeconds:0.0} s ({Regex.Match(output, @"finished in\s+[\d.]+ s").Value})");

            // The failure path the quickstart shows against its built-in emulator (a page behind a login ends FAILED,
            // with an error on the record), which a custom base URL skips: the same calls, through the same relay.
            var failedPages = -1;
            var failure = "";
            using (var client = new FiniSourcesClient(new FiniSourcesClientOptions { BaseAddress = relay.BaseAddress, ApiKey = emulator.WriteKey }))
            {
                try
                {
                    var queued = await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://intranet.example.com/private/handbook"] });
                    failedPages = (await client.WaitForIngestSourcesAsync(queued)).Failed.Count;
                }
                catch (FiniSourcesApiException exception)
                {
                    failure = exception.Message;
                }
            }

            var exchanges = recorder.Exchanges;
            var report = Report(exchanges, prism);
            Assert.True(exchanges.All(e => e.Violations.Count == 0) && prism.LoggedProblems.Count == 0, "Prism found requests or responses that break the contract:" + report + "Quickstart output:\n" + output);
            Assert.True(exitCode == 0, "The quickstart failed through Prism (exit code " + exitCode + "):\n" + output + report);
            Assert.Contains("FiniGen quickstart: Fini API at " + relay.BaseAddress, output);
            Assert.Contains("Summary", output);
            Assert.True(failedPages == 1, "The page behind a login did not end FAILED through Prism: " + failure + report);
            Assert.True(exchanges.All(e => e.Status is >= 200 and < 300), "Requests of the workflow failed:" + report);
            log.WriteLine($"{exchanges.Count} requests validated by Prism, none invalid; {clock.Elapsed.TotalSeconds:0.0} s in all");
            var missed = WorkflowOperations.Except(exchanges.Select(e => e.Operation)).ToList();
            Assert.True(missed.Count == 0, "The workflow sent nothing to Prism for " + string.Join(", ", missed) + ":" + report);
        }
    }

    [Fact]
    public async Task EveryRequestOfTheWorkflowIsValidForPrismsValidatingMock()
    {
        await using var prism = await PrismServer.StartMockAsync();
        var recorder = new PrismRecordingHandler();
        using var http = new HttpClient(recorder);
        using var client = new FiniSourcesClient(http, new FiniSourcesClientOptions { BaseAddress = prism.BaseAddress, ApiKey = MockKey, MaxRetries = 0 });

        // The quickstart's requests in its order, with the values it sends. The mock answers with the contract's
        // examples, so IDs come from those answers where the workflow takes them from one; a request Prism rejects
        // throws, and the recorder keeps Prism's reasons for the report.
        var steps = new List<(string Step, Func<Task> Call)>();
        var webIds = new List<string> { SourceId };
        var providerIds = new List<string> { SourceId };
        var jobIds = new List<string> { SourceId };
        var pages = new List<string>();

        steps.Add(("crawl a seed page", async () => pages.AddRange((await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Limit = 5 })).Data)));
        steps.Add(("ingest web pages", async () =>
        {
            var queued = await client.IngestSourcesAsync(new IngestSourcesRequest
            {
                Source = IngestSource.Web,
                DocumentIdsToAdd = ["https://docs.example.com/getting-started", "https://docs.example.com/billing/refunds", .. pages],
                DocumentIdsToRefresh = [],
                English = true,
                Baser = false,
            });
            webIds = queued.AddedDocumentIds.Concat(queued.UpdatedDocumentIds).DefaultIfEmpty(SourceId).ToList();
        }));
        steps.Add(("poll a web source", () => client.GetSourceAsync(webIds[0])));
        steps.Add(("discover provider resources", () => client.ListProviderResourcesAsync(Provider.Notion)));
        steps.Add(("register and ingest provider resources", async () =>
        {
            var registered = await client.RegisterProviderResourcesAsync(Provider.Notion, new RegisterProviderResourcesRequest
            {
                Resources =
                [
                    new RegisterProviderResource { OriginalUrl = "https://www.notion.so/fini/Billing-FAQ-123456", Title = "Billing FAQ", ExternalId = "123456", MimeType = "text/markdown", Object = "page" },
                    new RegisterProviderResource { OriginalUrl = "https://www.notion.so/fini/Refund-policy-7d1c2b3a4f5e", Title = "Refund policy", ExternalId = "7d1c2b3a4f5e", MimeType = "text/markdown" },
                ],
            });
            var queued = await client.IngestSourcesAsync(new IngestSourcesRequest
            {
                Source = IngestSource.Notion,
                DocumentIdsToAdd = registered.AddedDocumentIds,
                DocumentIdsToRefresh = registered.UpdatedDocumentIds,
            });
            providerIds = queued.AddedDocumentIds.Concat(queued.UpdatedDocumentIds).DefaultIfEmpty(SourceId).ToList();
        }));
        steps.Add(("poll a provider source", () => client.GetSourceAsync(providerIds[0])));
        steps.Add(("generate knowledge", async () =>
        {
            var bulk = await client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest { DocumentIds = [.. webIds, .. providerIds], Origin = KnowledgeOrigin.Sources, IsDraft = true });
            jobIds = bulk.Jobs.Select(j => j.BackgroundJobId).DefaultIfEmpty(SourceId).ToList();
        }));
        steps.Add(("check knowledge jobs", () => client.CheckKnowledgeJobsAsync(new CheckKnowledgeJobsRequest { JobIds = jobIds })));
        steps.Add(("refresh sources and poll one", async () =>
        {
            var refreshed = await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [.. webIds, .. providerIds] });
            await client.GetSourceAsync(refreshed.DefaultIfEmpty(SourceId).First());
        }));
        steps.Add(("list changed sources and regenerate their knowledge", async () =>
        {
            var changed = await client.ListSourcesAsync(changed: true, limit: 50);
            var linked = changed.Documents.Where(d => d.LinkedKnowledgeId is not null).Select(d => d.Id).DefaultIfEmpty(SourceId).ToList();
            await client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest
            {
                DocumentIds = linked,
                Origin = KnowledgeOrigin.Sources,
                RestrictedOps = [LinkedOperation.UpdateArticle, LinkedOperation.DoNothing],
                Instructions = "Keep the answers short.",
                IsDraft = true,
            });
        }));
        steps.Add(("list with every filter", () => client.ListSourcesAsync(limit: 25, source: SourceType.Notion, english: true, id: SourceId, title: "Billing", originalUrl: "notion.so/fini", articleId: SourceId, linkedOperation: LinkedOperation.UpdateArticle, changed: false)));
        steps.Add(("walk the pages forward and back", async () =>
        {
            var first = await client.ListSourcesAsync(limit: 50);
            var cursor = first.Documents.Select(d => d.Id).DefaultIfEmpty(SourceId).Last();
            var next = await client.ListSourcesAsync(limit: 50, cursor: cursor, direction: PaginationDirection.Next);
            await client.ListSourcesAsync(limit: 50, cursor: next.Documents.Select(d => d.Id).DefaultIfEmpty(SourceId).First(), direction: PaginationDirection.Previous);
        }));
        steps.Add(("delete a source (the one route the quickstart does not call)", () => client.DeleteSourcesAsync(new DeleteSourcesRequest { DocumentIds = [SourceId], DeleteArticles = false })));

        var failures = new List<string>();
        foreach (var (step, call) in steps)
        {
            try
            {
                await call();
            }
            catch (Exception exception) when (exception is FiniSourcesApiException or HttpRequestException or System.Text.Json.JsonException)
            {
                failures.Add(step + ": " + exception.GetType().Name + ": " + exception.Message);
            }
        }

        var exchanges = recorder.Exchanges;
        var report = Report(exchanges, prism);
        Assert.True(failures.Count == 0 && exchanges.All(e => e.Violations.Count == 0 && e.Status is >= 200 and < 300) && prism.LoggedProblems.Count == 0, "Prism rejected requests of the workflow:\n" + string.Join("\n", failures) + report);
        var missed = FiniRoutes.Operations.Except(exchanges.Select(e => e.Operation)).ToList();
        Assert.True(missed.Count == 0, "Nothing was sent for " + string.Join(", ", missed) + ":" + report);
        log.WriteLine($"{exchanges.Count} requests sent once each to Prism's validating mock, none invalid");
    }

    /// <summary>One request per operation that breaks the contract the way a real client would, and where Prism must say so.</summary>
    private static readonly (string Method, string Target, string? Body, string Location)[] InvalidRequests =
    {
        ("GET", "v2/documents/public?limit=0", null, "request.query.limit"),
        ("GET", "v2/documents/public?linkedOperation=CREATE_SUBFOLDER_AND_ARTICLE", null, "request.query.linkedoperation"),
        ("POST", "v2/documents/public", """{"source":"web","documentIdsToAdd":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"]}""", "request.body.documentIdsToAdd.0"),
        ("DELETE", "v2/documents/public", """{"documentIds":[]}""", "request.body.documentIds"),
        ("GET", "v2/documents/public/not-a-uuid", null, "request.path.id"),
        ("GET", "v2/documents/public/resources/web", null, "request.path.provider"),
        ("POST", "v2/documents/public/resources/notion", """{"resources":[{"title":"Billing FAQ","object":"page"}]}""", "request.body.resources.0"),
        ("POST", "v2/documents/public/deep-crawl/links", """{"links":["docs.example.com"]}""", "request.body.links.0"),
        ("POST", "v2/documents/public/refresh", """{"documentIds":["https://docs.example.com/billing"]}""", "request.body.documentIds.0"),
        ("POST", "v2/knowledge/public/bulk", """{"documentIds":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"],"origin":"web"}""", "request.body.origin"),
        ("POST", "v2/knowledge/public/jobs/status", """{"jobIds":[]}""", "request.body.jobIds"),
    };

    [Fact]
    public async Task NegativeControlPrismRejectsRequestsThatBreakTheContractAndTheCheckSeesIt()
    {
        await using var prism = await PrismServer.StartMockAsync();
        var recorder = new PrismRecordingHandler();

        // Raw HTTP: the generated client checks these rules itself and would never send such requests.
        using var http = new HttpClient(recorder) { BaseAddress = prism.BaseAddress };
        var cases = InvalidRequests;
        foreach (var (method, target, body, _) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), target);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MockKey);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            (await http.SendAsync(request)).Dispose();
        }

        // And one without credentials: the contract's security requirement is checked too.
        (await http.GetAsync("v2/documents/public")).Dispose();

        var exchanges = recorder.Exchanges;
        var report = Report(exchanges, prism);
        Assert.Equal(cases.Length + 1, exchanges.Count);
        for (var i = 0; i < cases.Length; i++)
        {
            var (method, target, _, location) = cases[i];
            var exchange = exchanges[i];
            Assert.True(exchange.Status is < 200 or >= 300, method + " " + target + " was accepted:" + report);
            Assert.True(exchange.Violations.Any(v => v.StartsWith(location + ":", StringComparison.OrdinalIgnoreCase)), method + " " + target + ": no violation at " + location + ":" + report);
        }

        Assert.Equal(401, exchanges[^1].Status);
        Assert.Contains(exchanges[^1].Violations, v => v.StartsWith("request:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NegativeControlPrismFlagsResponsesThatBreakTheContractOnEveryRoute()
    {
        // An upstream that answers every route with a body its schema forbids. A route whose response schema Prism
        // cannot compile would pass here silently; getSource of NullsId answers a valid record whose nullable fields
        // are all null, which must pass (the positive control of the nullable references).
        const string NullsId = "35b4838a-4136-4f6c-a530-8f17cb47566d";
        var invalid = new Dictionary<string, string>
        {
            ["listSources"] = """{"documents":[{"id":"5d9f67a8-d853-4af4-b7ce-23ebba1245e5","source":"web","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","linkedJobStatus":"DONE"}],"hasMore":false}""",
            ["getSource"] = """{"id":"5d9f67a8-d853-4af4-b7ce-23ebba1245e5","source":"web","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","linkedOperation":"MERGE_ARTICLES"}""",
            ["ingestSources"] = """{"addedDocumentIds":"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"}""",
            ["deleteSources"] = """{"deletedDocuments":[{"title":"Refunds"}]}""",
            ["listProviderResources"] = """{"resources":[]}""",
            ["registerProviderResources"] = """{"addedDocumentIds":["123456"],"updatedDocumentIds":[]}""",
            ["crawlLinks"] = """{"data":["not a url"]}""",
            ["refreshSources"] = """{"documentIds":[]}""",
            ["bulkGenerateKnowledge"] = """{"jobs":[{"documentId":"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"}]}""",
            ["checkKnowledgeJobs"] = """{"jobs":[{"id":"5d9f67a8-d853-4af4-b7ce-23ebba1245e5","jobStatus":3}]}""",
        };
        const string Nulls = """{"id":"35b4838a-4136-4f6c-a530-8f17cb47566d","source":"web","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","storageUrl":null,"paragraphs":null,"oldParagraphs":null,"success":null,"error":null,"type":null,"linkedJobId":null,"linkedKnowledgeId":null,"linkedOperation":null,"linkedReason":null,"linkedJobStatus":null,"changed":null}""";

        await using var upstream = await LoopbackServer.StartAsync(async context =>
        {
            var target = context.Request.Path.Value + context.Request.QueryString.Value;
            var operation = FiniRoutes.OperationOf(context.Request.Method, target);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(target.EndsWith(NullsId, StringComparison.Ordinal) ? Nulls : invalid.GetValueOrDefault(operation, "{}"));
        });
        await using var prism = await PrismServer.StartProxyAsync(upstream.BaseAddress);
        var recorder = new PrismRecordingHandler();
        using var http = new HttpClient(recorder);
        using var client = new FiniSourcesClient(http, new FiniSourcesClientOptions { BaseAddress = prism.BaseAddress, ApiKey = MockKey, MaxRetries = 0 });

        // Valid requests, through the generated client: only the answers are wrong.
        var calls = new Func<Task>[]
        {
            () => client.ListSourcesAsync(limit: 50),
            () => client.GetSourceAsync(SourceId),
            () => client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/billing/refunds"] }),
            () => client.DeleteSourcesAsync(new DeleteSourcesRequest { DocumentIds = [SourceId] }),
            () => client.ListProviderResourcesAsync(Provider.Notion),
            () => client.RegisterProviderResourcesAsync(Provider.Notion, new RegisterProviderResourcesRequest { Resources = [new RegisterProviderResource { OriginalUrl = "https://www.notion.so/fini/Billing-FAQ-123456", Title = "Billing FAQ", ExternalId = "123456", MimeType = "text/markdown" }] }),
            () => client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"] }),
            () => client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [SourceId] }),
            () => client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest { DocumentIds = [SourceId], Origin = KnowledgeOrigin.Sources }),
            () => client.CheckKnowledgeJobsAsync(new CheckKnowledgeJobsRequest { JobIds = [SourceId] }),
        };
        foreach (var call in calls)
        {
            try
            {
                await call();
            }
            catch (Exception exception) when (exception is FiniSourcesApiException or System.Text.Json.JsonException)
            {
                // Expected: Prism answers 500 in place of a response that breaks the contract.
            }
        }

        var valid = await client.GetSourceAsync(NullsId);
        Assert.Null(valid.LinkedOperation);
        Assert.Null(valid.LinkedJobStatus);

        var exchanges = recorder.Exchanges;
        var report = Report(exchanges, prism);
        Assert.Equal(calls.Length + 1, exchanges.Count);
        foreach (var operation in FiniRoutes.Operations)
        {
            var exchange = exchanges.First(e => e.Operation == operation);
            Assert.True(exchange.Violations.Any(v => v.StartsWith("response.", StringComparison.Ordinal)), "Prism let a response that breaks the contract through on " + operation + ":" + report);
        }

        Assert.True(exchanges[^1].Violations.Count == 0 && exchanges[^1].Status == 200, "A record whose nullable fields are null was flagged:" + report);
        Assert.True(prism.LoggedProblems.Count >= calls.Length, "Prism's log does not show the violations:\n" + prism.Log);
    }

    /// <summary>Every exchange with Prism and every problem line of its log, for a failure message.</summary>
    private static string Report(IReadOnlyList<PrismExchange> exchanges, PrismServer prism)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine("Requests through Prism (" + exchanges.Count + "), violations indented:");
        foreach (var exchange in exchanges)
        {
            text.Append("  ").AppendLine(exchange.ToString());
        }

        var problems = prism.LoggedProblems;
        text.AppendLine("Problems in Prism's log (" + problems.Count + "):");
        foreach (var line in problems)
        {
            text.Append("  ").AppendLine(Regex.Replace(line, @"\s+", " "));
        }

        return text.ToString();
    }
}
