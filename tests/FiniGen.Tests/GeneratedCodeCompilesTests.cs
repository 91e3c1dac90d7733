using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FiniGen.Tests;

/// <summary>The client generated from the Fini contract compiles with zero diagnostics for net8.0 and net10.0 consumers.</summary>
public class GeneratedCodeCompilesTests
{
    // Consumer code that touches every kind of generated member, so that the public surface is compiled too.
    private const string Usage = """
        #nullable enable
        using System.Threading.Tasks;
        using Fini.Client;

        /// <summary>Consumer.</summary>
        public static class Usage
        {
            /// <summary>Runs the web workflow.</summary>
            public static async Task<string> RunAsync(FiniSourcesClient client)
            {
                var crawl = await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Limit = 50 });
                var queued = await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = crawl.Data });
                var page = await client.ListSourcesAsync(limit: 25, source: SourceType.Notion, direction: PaginationDirection.Next);
                Document document = await client.GetSourceAsync(queued.AddedDocumentIds[0]);
                var refreshed = await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [document.Id] });
                var deleted = await client.DeleteSourcesAsync(new DeleteSourcesRequest { DocumentIds = refreshed, DeleteArticles = false });
                var resources = await client.ListProviderResourcesAsync(Provider.Notion);
                await client.RegisterProviderResourcesAsync(Provider.Notion, new RegisterProviderResourcesRequest
                {
                    Resources = [new RegisterProviderResource { OriginalUrl = "https://www.notion.so/x", Title = "x", ExternalId = "1", MimeType = "text/markdown" }],
                });
                var jobs = await client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest { DocumentIds = [document.Id], Origin = KnowledgeOrigin.Sources });
                await client.CheckKnowledgeJobsAsync(new CheckKnowledgeJobsRequest { JobIds = [jobs.Jobs[0].BackgroundJobId] });
                try
                {
                    await client.GetSourceAsync("not-a-uuid");
                }
                catch (FiniSourcesApiException<Error> exception)
                {
                    return exception.Error.Message + exception.StatusCode + exception.RawBody;
                }

                return page.HasMore + " " + deleted.DeletedDocuments.Count + resources.Count + document.Source.IsKnown + document.Source.Value;
            }
        }
        """;

    [Fact]
    public void Net80Consumer()
        => CompileCheck.AssertCompilesCleanly(new[] { GeneratorHarness.FiniContract() }, CompileCheck.Net80, LanguageVersion.CSharp12, Usage);

    [Fact]
    public void Net100Consumer()
        => CompileCheck.AssertCompilesCleanly(new[] { GeneratorHarness.FiniContract() }, CompileCheck.Net100, LanguageVersion.Preview, Usage);
}
