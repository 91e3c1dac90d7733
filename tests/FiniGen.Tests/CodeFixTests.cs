using System.Linq;
using System.Threading.Tasks;
using FiniGen.CodeFixes;
using FiniGen.Diagnostics;
using Xunit;
using static FiniGen.Tests.Infrastructure.AnalyzerTestHelpers;

namespace FiniGen.Tests;

/// <summary>The repairs with one obvious answer, applied by the CodeFix testing harness.</summary>
public class CodeFixTests
{
    private const string Head = """
        using System.Threading.Tasks;
        using Fini.Client;

        class App
        {
            async Task Run(FiniSourcesClient client)
            {

        """;

    private const string Tail = """

            }
        }
        """;

    [Fact]
    public Task AStringThatNamesAnEnumValueBecomesTheGeneratedMember()
        => CodeFix(
            Head + """        await client.ListProviderResourcesAsync({|FG1011:"zendesk"|});""" + Tail,
            Head + """        await client.ListProviderResourcesAsync(Provider.Zendesk);""" + Tail).RunAsync();

    [Fact]
    public Task UrlsSentWithAProviderSourceSwitchTheSourceToWeb()
        => CodeFix(
            Head + """        await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = [{|FG1002:"https://docs.example.com/a"|}, {|FG1002:"https://docs.example.com/b"|}] });""" + Tail,
            Head + """        await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/a", "https://docs.example.com/b"] });""" + Tail).RunAsync();

    [Fact]
    public Task AHardCodedKeyIsReadFromTheEnvironmentInstead()
        => CodeFix(
            Head + """        var options = new FiniSourcesClientOptions { ApiKey = {|FG1008:"fini_live_3f9a8b7c6d5e"|} };""" + Tail,
            Head + """        var options = new FiniSourcesClientOptions { ApiKey = global::System.Environment.GetEnvironmentVariable("FINI_API_KEY") ?? throw new global::System.InvalidOperationException("Set the FINI_API_KEY environment variable.") };""" + Tail).RunAsync();

    [Fact]
    public void TheCodeFixAssemblyUsesTheAnalyzersIdsAndProperty()
    {
        Assert.Equal(Analyzers.ContractUsageAnalyzer.FixExpressionProperty, ContractUsageCodeFixProvider.FixExpressionProperty);
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToHashSet();
        Assert.All(new ContractUsageCodeFixProvider().FixableDiagnosticIds, id => Assert.Contains(id, ids));
        Assert.Equal(DiagnosticDescriptors.UrlWhereIdExpectedId, ContractUsageCodeFixProvider.UrlWhereIdExpectedId);
        Assert.Equal(DiagnosticDescriptors.NotAnAbsoluteUrlId, ContractUsageCodeFixProvider.NotAnAbsoluteUrlId);
        Assert.Equal(DiagnosticDescriptors.HardCodedCredentialId, ContractUsageCodeFixProvider.HardCodedCredentialId);
        Assert.Equal(DiagnosticDescriptors.UseEnumMemberId, ContractUsageCodeFixProvider.UseEnumMemberId);
    }
}
