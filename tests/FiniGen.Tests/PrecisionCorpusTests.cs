using System.Threading.Tasks;
using Xunit;
using static FiniGen.Tests.Infrastructure.AnalyzerTestHelpers;

namespace FiniGen.Tests;

/// <summary>
/// Correct usage yields no diagnostic at all: every request example of the Fini reference and seed pages, written
/// against the generated client, plus app code whose values are only known at run time.
/// </summary>
public class PrecisionCorpusTests
{
    [Fact]
    public Task EveryDocumentedRequestExampleIsClean()
        => Analyzer("""
            using System.Threading.Tasks;
            using Fini.Client;

            class DocumentedExamples
            {
                async Task Run(FiniSourcesClient client)
                {
                    // Seed 003: web import, provider import.
                    await client.IngestSourcesAsync(new IngestSourcesRequest
                    {
                        Source = IngestSource.Web,
                        DocumentIdsToAdd = ["https://docs.example.com/billing/refunds", "https://docs.example.com/billing/invoices"],
                        DocumentIdsToRefresh = [],
                        English = true,
                        Baser = false,
                    });
                    await client.IngestSourcesAsync(new IngestSourcesRequest
                    {
                        Source = IngestSource.Notion,
                        DocumentIdsToAdd = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"],
                        DocumentIdsToRefresh = [],
                        English = true,
                        Baser = false,
                    });

                    // Seed 003: the polling call.
                    var polled = await client.GetSourceAsync("5d9f67a8-d853-4af4-b7ce-23ebba1245e5");

                    // Seeds 000/001: refresh.
                    var accepted = await client.RefreshSourcesAsync(new RefreshSourcesRequest
                    {
                        DocumentIds = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5", "35b4838a-4136-4f6c-a530-8f17cb47566d"],
                    });

                    // Seed 004: register a Notion page, then ingest what it returns.
                    var registered = await client.RegisterProviderResourcesAsync(Provider.Notion, new RegisterProviderResourcesRequest
                    {
                        Resources =
                        [
                            new RegisterProviderResource
                            {
                                OriginalUrl = "https://www.notion.so/fini/Billing-FAQ-123456",
                                Title = "Billing FAQ",
                                ExternalId = "123456",
                                MimeType = "text/markdown",
                                Object = "page",
                            },
                        ],
                    });
                    await client.IngestSourcesAsync(new IngestSourcesRequest
                    {
                        Source = IngestSource.Notion,
                        DocumentIdsToAdd = registered.AddedDocumentIds,
                        DocumentIdsToRefresh = registered.UpdatedDocumentIds,
                    });

                    // Reference: list (limit=25&source=notion), the refresh workflow's changed filter, discovery.
                    await client.ListSourcesAsync(limit: 25, source: SourceType.Notion);
                    var changed = await client.ListSourcesAsync(changed: true, source: SourceType.Web);
                    await client.ListProviderResourcesAsync(Provider.Notion);

                    // Reference: crawl, delete, bulk generate, check jobs.
                    var crawl = await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Limit = 50 });
                    await client.DeleteSourcesAsync(new DeleteSourcesRequest { DocumentIds = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"], DeleteArticles = true });
                    var bulk = await client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest
                    {
                        DocumentIds = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"],
                        Origin = KnowledgeOrigin.Sources,
                        RestrictedOps = [LinkedOperation.AddArticleToFolder, LinkedOperation.UpdateArticle],
                        Instructions = "Keep the tone formal.",
                        BotId = "0c2f3e1a-9b8d-4c7e-a6f5-1d2e3f4a5b6c",
                        IsDraft = true,
                    });
                    await client.CheckKnowledgeJobsAsync(new CheckKnowledgeJobsRequest { JobIds = ["7b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e"] });
                    _ = (polled, accepted, changed, crawl, bulk);
                }
            }
            """).RunAsync();

    [Fact]
    public Task RealisticAppCodeWithRuntimeValuesIsClean()
        => Analyzer("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Fini.Client;

            sealed class KnowledgeSync(FiniSourcesClient client, IReadOnlyList<string> seedUrls, string providerName)
            {
                public static FiniSourcesClientOptions Options() => new()
                {
                    ApiKey = Environment.GetEnvironmentVariable("FINI_API_KEY"),
                    BaseAddress = new Uri(Environment.GetEnvironmentVariable("FINI_BASE_URL") ?? "https://api-prod.usefini.com/"),
                };

                public async Task<int> ImportWebAsync(int pageLimit, CancellationToken cancellationToken)
                {
                    var crawl = await client.CrawlLinksAsync(new CrawlLinksRequest { Links = seedUrls.ToList(), Limit = pageLimit }, cancellationToken);
                    var picked = crawl.Data.Where(u => u.StartsWith("https://", StringComparison.Ordinal)).ToList();
                    var queued = await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = picked }, cancellationToken);
                    return queued.AddedDocumentIds.Count;
                }

                public async Task ImportProviderAsync(CancellationToken cancellationToken)
                {
                    var provider = new Provider(providerName);
                    var found = await client.ListProviderResourcesAsync(provider, cancellationToken);
                    var resources = found.Select(r => new RegisterProviderResource
                    {
                        OriginalUrl = r.OriginalUrl ?? "",
                        Title = r.Title ?? "untitled",
                        ExternalId = r.ExternalId ?? "",
                        MimeType = r.MimeType ?? "text/markdown",
                    }).ToList();
                    var registered = await client.RegisterProviderResourcesAsync(provider, new RegisterProviderResourcesRequest { Resources = resources }, cancellationToken);
                    await client.IngestSourcesAsync(new IngestSourcesRequest
                    {
                        Source = new IngestSource(provider.Value),
                        DocumentIdsToAdd = registered.AddedDocumentIds,
                        DocumentIdsToRefresh = registered.UpdatedDocumentIds,
                    }, cancellationToken);
                }

                public async Task<IList<string>> RefreshChangedAsync(IList<string> ids, string? cursor, CancellationToken cancellationToken)
                {
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = ids }, cancellationToken);
                    var page = await client.ListSourcesAsync(cursor: cursor, direction: PaginationDirection.Next, changed: true, cancellationToken: cancellationToken);
                    var linked = page.Documents.Where(d => d.LinkedKnowledgeId is not null).Select(d => d.Id).ToList();
                    if (linked.Count > 0)
                    {
                        await client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest { DocumentIds = linked, Origin = KnowledgeOrigin.Sources }, cancellationToken);
                    }

                    return linked;
                }
            }
            """).RunAsync();
}
