using System.Threading.Tasks;
using Xunit;
using static FiniGen.Tests.Infrastructure.AnalyzerTestHelpers;

// Test credentials and mistakes, on purpose.
#pragma warning disable FG1008

namespace FiniGen.Tests;

/// <summary>
/// The cases the issue names: code written step by step and fakes of responses that must not be flagged, and the
/// mistakes a careful reader sees that must be.
/// </summary>
public class AnalyzerPrecisionAndRecallTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Fini.Client;

        """;

    private static string Code(string body) => Usings + """
        class App
        {
            async Task Run(FiniSourcesClient client, IEnumerable<string> ids, bool flag, int mode)
            {
        """ + body + """

            }
        }
        """;

    // ---------------------------------------------------------------- never on correct code

    [Fact]
    public Task AListCreatedEmptyAndFilledBeforeSendingIsNotFlagged()
        => Analyzer(Code("""
                    var request = new RefreshSourcesRequest { DocumentIds = new List<string>() };
                    foreach (var id in ids)
                    {
                        request.DocumentIds.Add(id);
                    }

                    await client.RefreshSourcesAsync(request);
                    var crawl = new CrawlLinksRequest { Links = [] };
                    crawl.Links.Add("https://docs.example.com/");
                    await client.CrawlLinksAsync(crawl);
                    var refresh = new RefreshSourcesRequest { DocumentIds = [] };
                    Fill(refresh.DocumentIds);
                    await client.RefreshSourcesAsync(refresh);
                }

                static void Fill(IList<string> list) => list.Add("5d9f67a8-d853-4af4-b7ce-23ebba1245e5");

                async Task More(FiniSourcesClient client)
                {
                    var links = new List<string>();
                    links.Add("https://docs.example.com/");
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = links });
            """)).RunAsync();

    [Fact]
    public Task ResponseModelsBuiltAsFakesAreNotChecked()
        => Analyzer(Code("""
                    var document = new Document { Id = "doc-1", Source = SourceType.Web, CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch };
                    var result = new SourceIdsResult { AddedDocumentIds = ["doc-1"], UpdatedDocumentIds = [] };
                    var crawl = new CrawlLinksResponse { Data = ["page-1"], Message = "crawled" };
                    document.Id = "not-a-uuid";
                    GC.KeepAlive(result);
                    GC.KeepAlive(crawl);
            """)).RunAsync();

    [Fact]
    public Task IdentifiersThatMerelyMatchTheCredentialPatternAreNotFlagged()
        => Analyzer(Code("""
                    var settings = new Dictionary<string, string> { ["fini_workspace_settings"] = "on" };
                    const string metric = "fini_ingest_requests_total";
                    Console.WriteLine(metric + settings.Count);
            """)).RunAsync();

    [Fact]
    public Task AnUppercaseSchemeIsAnAbsoluteUrlAndValidForWebSources()
        => Analyzer(Code("""
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["HTTPS://DOCS.EXAMPLE.COM/", "Http://docs.example.com/a"] });
            """)).RunAsync();

    [Fact]
    public Task ATernaryWithAGoodArmIsUnknown()
        => Analyzer(Code("""
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Limit = flag ? 0 : 10 });
            """)).RunAsync();

    // ---------------------------------------------------------------- catch what a careful reader would

    [Fact]
    public Task EmptyArraysAndStringEmptyAreKnown()
        => Analyzer(Code("""
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = {|FG1005:new string[0]|} });
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = {|FG1005:Array.Empty<string>()|} });
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = [{|FG1001:string.Empty|}] });
            """)).RunAsync();

    [Fact]
    public Task AUrlWithATrailingSpaceIsNotAnAbsoluteUrl()
        => Analyzer(Code("""
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = [{|FG1001:"https://docs.example.com/a "|}] });
            """)).RunAsync();

    [Fact]
    public Task AnAbsoluteUrlThatBreaksThePatternIsAPatternDiagnostic()
        => Analyzer(Code("""
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = [{|FG1010:"ftp://files.example.com/"|}, {|FG1010:"mailto:team@example.com"|}] });
            """)).RunAsync();

    [Fact]
    public Task AWithOnAVisibleLocalIsCheckedAgainstItsNewSource()
        => Analyzer(Code("""
                    var existing = new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = [{|FG1001:"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"|}] };
                    await client.IngestSourcesAsync(existing with { Source = IngestSource.Web });
            """)).RunAsync();

    [Fact]
    public Task ATernaryOrSwitchWhoseEveryArmIsBadIsFlaggedOnce()
        => Analyzer(Code("""
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Limit = {|FG1009:flag ? 0 : -1|} });
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Limit = {|FG1009:mode switch { 1 => 0, _ => -5 }|} });
            """)).RunAsync();

    [Fact]
    public Task ALocalArrayThatIsOnlyReadIsChecked()
        => Analyzer(Code("""
                    var links = new[] { "https://docs.example.com/", {|FG1001:"docs.example.com/billing"|} };
                    Console.WriteLine(links.Length);
                    foreach (var link in links)
                    {
                        Console.WriteLine(link);
                    }

                    Console.WriteLine(links[0]);
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = links });
            """)).RunAsync();

    [Fact]
    public Task APropertySetRightAfterAVisibleCreationUsesItsSource()
        => Analyzer(Code("""
                    var request = new IngestSourcesRequest { Source = IngestSource.Web };
                    request.DocumentIdsToAdd = [{|FG1001:"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"|}];
                    await client.IngestSourcesAsync(request);
            """)).RunAsync();

    [Fact]
    public Task AListCreatedInlineInTheCallIsKnown()
        => Analyzer(Code("""
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = {|FG1005:[]|} });
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = {|FG1005:new List<string>()|} });
            """)).RunAsync();

    [Fact]
    public Task AKeyWhereTheCredentialGoesOrThatLooksGeneratedIsFlagged()
        => Analyzer(Code("""
                    var options = new FiniSourcesClientOptions { ApiKey = {|FG1008:"fini_live_key_for_the_demo_workspace"|} };
                    var key = {|FG1008:"fini_7Hq2xW9pZ4kVm3Rt8sY6aB"|};
                    Console.WriteLine(options.ToString() + key);
            """)).RunAsync();
}
