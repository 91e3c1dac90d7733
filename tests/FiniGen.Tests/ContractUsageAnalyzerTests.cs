using System.Threading.Tasks;
using Xunit;
using static FiniGen.Tests.Infrastructure.AnalyzerTestHelpers;

namespace FiniGen.Tests;

/// <summary>Each call-site rule: what it must flag and what it must not.</summary>
public class ContractUsageAnalyzerTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Fini.Client;

        """;

    private static string Code(string body) => Usings + """
        class App
        {
            async Task Run(FiniSourcesClient client, string unknown, int count, IList<string> urls)
            {
        """ + body + """

            }

            static string Compute() => "x";
        }
        """;

    [Fact]
    public Task FG1001_WebSourceWithSourceIdsIsAnError()
        => Analyzer(Code("""
                    await client.IngestSourcesAsync(new IngestSourcesRequest
                    {
                        Source = IngestSource.Web,
                        DocumentIdsToAdd = ["https://docs.example.com/billing/refunds", {|FG1001:"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"|}],
                        DocumentIdsToRefresh = new[] { {|FG1001:"docs.example.com/invoices"|} },
                    });
            """)).RunAsync();

    [Fact]
    public Task FG1001_AnAbsentSourceMeansWeb()
        => Analyzer(Code("""
                    await client.IngestSourcesAsync(new IngestSourcesRequest { DocumentIdsToAdd = [{|FG1001:"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"|}] });
            """)).RunAsync();

    [Fact]
    public Task FG1001_CrawlLinksMustBeAbsoluteHttpUrls()
        => Analyzer(Code("""
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/", {|FG1010:"ftp://files.example.com/"|}, {|FG1001:"/relative"|}] });
            """)).RunAsync();

    [Fact]
    public Task FG1001_CorrectWebImportsAndUnknownValuesAreNotFlagged()
        => Analyzer(Code("""
                    await client.IngestSourcesAsync(new IngestSourcesRequest
                    {
                        Source = IngestSource.Web,
                        DocumentIdsToAdd = ["https://docs.example.com/billing/refunds", "http://docs.example.com/billing/invoices", unknown, Compute()],
                        DocumentIdsToRefresh = urls,
                    });
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = urls });
            """)).RunAsync();

    [Fact]
    public Task FG1002_ProviderSourceWithUrlsIsAWarning()
        => Analyzer(Code("""
                    await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = [{|FG1002:"https://www.notion.so/fini/Billing-FAQ-123456"|}] });
                    await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Zendesk, DocumentIdsToAdd = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"] });
            """)).RunAsync();

    [Fact]
    public Task FG1003_MalformedUuidsAreErrors()
        => Analyzer(Code("""
                    await client.GetSourceAsync({|FG1003:"not-a-uuid"|});
                    await client.GetSourceAsync("5d9f67a8-d853-4af4-b7ce-23ebba1245e5");
                    await client.ListSourcesAsync(articleId: {|FG1003:"123"|}, cursor: unknown);
                    await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = [{|FG1003:"123456"|}] });
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [{|FG1002:"https://docs.example.com/a"|}] });
            """)).RunAsync();

    [Fact]
    public Task FG1004_StringsOutsideTheEnumAreErrors()
        => Analyzer(Code("""
                    await client.IngestSourcesAsync(new IngestSourcesRequest { Source = {|FG1004:"files"|} });
                    await client.ListProviderResourcesAsync({|FG1004:"googledrive"|});
                    await client.ListSourcesAsync(linkedOperation: {|FG1004:"CREATE_SUBFOLDER_AND_ARTICLE"|}, direction: {|FG1004:"forward"|});
                    await client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest { DocumentIds = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"], Origin = KnowledgeOrigin.Sources, RestrictedOps = [LinkedOperation.UpdateArticle, {|FG1004:"DELETE_EVERYTHING"|}] });
                    await client.ListProviderResourcesAsync(new Provider(unknown));
            """), "FG1011").RunAsync();

    [Fact]
    public Task FG1005_EmptyListsWhereTheContractNeedsItemsAreErrors()
        => Analyzer(Code("""
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = {|FG1005:[]|} });
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = {|FG1005:new string[] { }|} });
                    await client.DeleteSourcesAsync(new DeleteSourcesRequest { DocumentIds = {|FG1005:new List<string>()|} });
                    await client.CheckKnowledgeJobsAsync(new CheckKnowledgeJobsRequest { JobIds = urls });
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [.. urls] });
            """)).RunAsync();

    [Fact]
    public Task FG1006_RequiredMembersSetToNullAreErrors()
        => Analyzer(Code("""
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = {|FG1006:null|}! });
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = {|FG1006:default|}! });
            """)).RunAsync();

    [Fact]
    public Task FG1006_AssignmentsAreCheckedAndUserTypesAreNot()
        => Analyzer(Usings + """
            class Mine
            {
                public required string Name { get; set; }
            }

            class App
            {
                void Run(RefreshSourcesRequest request)
                {
                    request.DocumentIds = {|FG1006:null|}!;
                    var mine = new Mine { Name = null! };
                }
            }
            """).RunAsync();

    [Fact]
    public Task FG1007_ThrowingAwayTheRegistrationResultIsAWarning()
        => Analyzer(Code("""
                    var resources = new RegisterProviderResourcesRequest { Resources = [new RegisterProviderResource { OriginalUrl = "https://www.notion.so/x", Title = "x", ExternalId = "1", MimeType = "text/markdown" }] };
                    await {|FG1007:client.RegisterProviderResourcesAsync(Provider.Notion, resources)|};
                    _ = await {|FG1007:client.RegisterProviderResourcesAsync(Provider.Notion, resources)|};
                    var unused = await {|FG1007:client.RegisterProviderResourcesAsync(Provider.Notion, resources)|};
                    await {|FG1007:client.RegisterProviderResourcesAsync(Provider.Notion, resources)|}.ConfigureAwait(false);
                    var registered = await client.RegisterProviderResourcesAsync(Provider.Notion, resources);
                    await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = registered.AddedDocumentIds, DocumentIdsToRefresh = registered.UpdatedDocumentIds });
            """)).RunAsync();

    [Fact]
    public Task FG1007_TopLevelStatementsSeeUsesInLaterStatements()
    {
        var test = Analyzer(Usings + """
            var client = new FiniSourcesClient(new FiniSourcesClientOptions());
            var registered = await client.RegisterProviderResourcesAsync(Provider.Notion, new RegisterProviderResourcesRequest { Resources = [] });
            await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = registered.AddedDocumentIds });
            var id = "not-a-uuid";
            id = System.Console.ReadLine() ?? "";
            await client.GetSourceAsync(id);
            """, "FG1005");
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task FG1008_HardCodedKeysAreWarnings()
        => Analyzer(Code("""
                    var options = new FiniSourcesClientOptions { ApiKey = {|FG1008:"fini_live_3f9a8b7c6d5e"|} };
                    const string Fallback = {|FG1008:"fini_abcdef1234567890"|};
                    var logEvent = "fini_import_started";
                    var fromEnvironment = new FiniSourcesClientOptions { ApiKey = System.Environment.GetEnvironmentVariable("FINI_API_KEY") };
                    var notAKey = "fini_";
            """)).RunAsync();

    [Fact]
    public Task FG1009_NumbersOutsideTheBoundsAreErrors()
        => Analyzer(Code("""
                    await client.ListSourcesAsync(limit: {|FG1009:0|});
                    await client.ListSourcesAsync(limit: {|FG1009:-5|});
                    await client.ListSourcesAsync(limit: 25);
                    await client.ListSourcesAsync(limit: count);
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://a.example/"], Limit = {|FG1009:0|} });
            """)).RunAsync();

    [Fact]
    public Task FG1010_LengthRulesAreChecked()
        => Analyzer(Code("""
                    await client.RegisterProviderResourcesAsync(Provider.Notion, new RegisterProviderResourcesRequest
                    {
                        Resources = [new RegisterProviderResource { OriginalUrl = "https://www.notion.so/x", Title = {|FG1010:""|}, ExternalId = "123456", MimeType = "text/markdown" }],
                    });
            """), "FG1007").RunAsync();

    [Fact]
    public Task FG1011_StringLiteralsThatNameAnEnumValueSuggestTheMember()
        => Analyzer(Code("""
                    await client.IngestSourcesAsync(new IngestSourcesRequest { Source = {|FG1011:"notion"|}, DocumentIdsToAdd = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"] });
                    await client.ListProviderResourcesAsync({|FG1011:"zendesk"|});
            """)).RunAsync();

    [Fact]
    public Task ConstantsInterpolatedStringsAndLocalsAssignedOnceAreEvaluated()
        => Analyzer(Code("""
                    const string Id = "not-a-uuid";
                    await client.GetSourceAsync({|FG1003:Id|});
                    await client.GetSourceAsync({|FG1003:$"also-not"|});
                    var ids = new[] { {|FG1001:"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"|} };
                    await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ids });
                    var source = IngestSource.Web;
                    await client.IngestSourcesAsync(new IngestSourcesRequest { Source = source, DocumentIdsToAdd = [{|FG1001:"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"|}] });
            """)).RunAsync();

    [Fact]
    public Task ValuesThatChangeOrCannotBeKnownAreNotFlagged()
        => Analyzer(Code("""
                    var reassigned = "not-a-uuid";
                    reassigned = unknown;
                    await client.GetSourceAsync(reassigned);
                    var grown = new List<string>();
                    grown.Add(unknown);
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = grown });
                    var source = count > 0 ? IngestSource.Web : IngestSource.Notion;
                    await client.IngestSourcesAsync(new IngestSourcesRequest { Source = source, DocumentIdsToAdd = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"] });
                    var request = new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"] };
                    await client.IngestSourcesAsync(request with { DocumentIdsToRefresh = ["35b4838a-4136-4f6c-a530-8f17cb47566d"] });
            """)).RunAsync();

    [Fact]
    public Task SpreadsTuplesAndCopiedListsLeaveNothingToGuess()
        => Analyzer(Code("""
                    await client.CrawlLinksAsync(new CrawlLinksRequest { Links = [.. urls, "not-a-url"] });
                    await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = new List<string>(urls) { } });
                    var id = "not-a-uuid";
                    (id, count) = (unknown, 1);
                    await client.GetSourceAsync(id);
            """)).RunAsync();

    [Fact]
    public Task WithExpressionsAreCheckedForTheirOwnRules()
        => Analyzer(Code("""
                    var request = new RefreshSourcesRequest { DocumentIds = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"] };
                    await client.RefreshSourcesAsync(request with { DocumentIds = [{|FG1003:"nope"|}] });
                    request.DocumentIds = {|FG1005:[]|};
                    await client.RefreshSourcesAsync(request);
            """)).RunAsync();
}
