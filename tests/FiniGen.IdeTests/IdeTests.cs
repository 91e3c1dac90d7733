using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace FiniGen.IdeTests;

/// <summary>
/// A consumer of the packed FiniGen, opened in Roslyn's MSBuild workspace: the generator, analyzers and code fixes
/// are the project's analyzer references as MSBuild resolved them from the package, none added by the test.
/// </summary>
[Collection(IdeCollection.Name)]
public class IdeTests(IdeHostFixture host)
{
    private const string WrongId = "\"5d9f67a8-d853-4af4-b7ce-23ebba1245e5\"";

    private const string Program = """
        using IdeConsumer.FiniSources;

        using var client = new FiniSourcesClient(new FiniSourcesClientOptions { ApiKey = Environment.GetEnvironmentVariable("FINI_API_KEY") });
        var crawl = await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Limit = 50 });
        var queued = await client.IngestSourcesAsync(new IngestSourcesRequest
        {
            Source = IngestSource.Web,
            DocumentIdsToAdd = [crawl.Data[0], "5d9f67a8-d853-4af4-b7ce-23ebba1245e5"],
        });
        Console.WriteLine(queued.AddedDocumentIds.Count);
        """;

    [Fact]
    public async Task TheGeneratedClientResolvesThroughTheAnalyzerReferencesMSBuildResolvedFromThePackage()
    {
        using var session = await host.OpenConsumerAsync("IdeResolves", Program.Replace("IdeConsumer", "IdeResolves"));
        var project = session.Project;

        var names = session.FiniGenReferences.Select(r => Path.GetFileName(r.FullPath)).ToList();
        Assert.Contains("FiniGen.dll", names);
        Assert.Contains("FiniGen.CodeFixes.dll", names);
        Assert.Contains(session.FiniGenReferences, r => r.GetGenerators(LanguageNames.CSharp).Any(g => g.GetGeneratorType().FullName == "FiniGen.FiniGenGenerator"));

        var generated = (await project.GetSourceGeneratedDocumentsAsync()).ToList();
        Assert.Contains(generated, d => d.HintName.EndsWith("FiniSourcesClient.Client.g.cs", StringComparison.Ordinal));

        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the consumer does not compile in the workspace:\n" + string.Join("\n", errors));

        // Go to definition, in effect: the client type named in Program.cs is declared in a generated document.
        var program = project.GetDocument(session.ProgramId)!;
        var root = (await program.GetSyntaxRootAsync())!;
        var model = (await program.GetSemanticModelAsync())!;
        var creation = root.DescendantNodes().OfType<ObjectCreationExpressionSyntax>().First(c => c.Type.ToString() == "FiniSourcesClient");
        var type = Assert.IsAssignableFrom<INamedTypeSymbol>(model.GetSymbolInfo(creation.Type).Symbol);
        Assert.Equal("IdeResolves.FiniSources.FiniSourcesClient", type.ToDisplayString());
        var declaredIn = type.Locations.Where(l => l.IsInSource).Select(l => l.SourceTree!.FilePath).ToList();
        Assert.NotEmpty(declaredIn);
        Assert.All(declaredIn, path => Assert.Contains(generated, d => d.FilePath == path));
    }

    [Fact]
    public async Task FG1001IsOnTheWrongArgumentAndEditsClearItOrReportTheNextMistake()
    {
        using var session = await host.OpenConsumerAsync("IdeEdits", Program.Replace("IdeConsumer", "IdeEdits"));
        var analyzers = LiveDiagnostics.Analyzers(session.Project);
        var solution = session.Solution;

        var finding = Assert.Single(await FiniGenDiagnosticsAsync(solution, session.ProgramId, analyzers));
        Assert.Equal("FG1001", finding.Id);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal(await SpanOfAsync(solution, session.ProgramId, WrongId, WrongId), finding.Location.SourceSpan);
        Assert.Contains("IngestSourcesRequest.DocumentIdsToAdd[1] = '5d9f67a8-d853-4af4-b7ce-23ebba1245e5'", finding.GetMessage());

        // The fix a user types: a URL where the web source needs one.
        solution = await LiveDiagnostics.EditAsync(solution, session.ProgramId, WrongId, "\"https://docs.example.com/billing/refunds\"");
        Assert.Empty(await FiniGenDiagnosticsAsync(solution, session.ProgramId, analyzers));
        Assert.Empty(await ErrorsAsync(solution, session.ProgramId, analyzers));

        // Another mistake: a crawl limit below the contract's minimum of 1.
        solution = await LiveDiagnostics.EditAsync(solution, session.ProgramId, "Limit = 50", "Limit = 0");
        finding = Assert.Single(await FiniGenDiagnosticsAsync(solution, session.ProgramId, analyzers));
        Assert.Equal("FG1009", finding.Id);
        Assert.Equal(await SpanOfAsync(solution, session.ProgramId, "Limit = 0", "0"), finding.Location.SourceSpan);

        // And one more: no seed URL at all, where the contract asks for at least one.
        solution = await LiveDiagnostics.EditAsync(solution, session.ProgramId, "[\"https://docs.example.com/\"]", "[]");
        var findings = await FiniGenDiagnosticsAsync(solution, session.ProgramId, analyzers);
        Assert.Equal(["FG1005", "FG1009"], findings.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal(await SpanOfAsync(solution, session.ProgramId, "Links = []", "[]"), findings.Single(d => d.Id == "FG1005").Location.SourceSpan);
    }

    [Theory]
    [InlineData(
        "FG1011",
        "var resources = await client.ListProviderResourcesAsync(\"zendesk\");",
        "Use Provider.Zendesk",
        "var resources = await client.ListProviderResourcesAsync(Provider.Zendesk);")]
    [InlineData(
        "FG1002",
        "await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = [\"https://docs.example.com/a\"] });",
        "Change IngestSource.Notion to IngestSource.Web",
        "await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = [\"https://docs.example.com/a\"] });")]
    [InlineData(
        "FG1008",
        "var options = new FiniSourcesClientOptions { ApiKey = \"fini_live_3f9a8b7c6d5e\" };",
        "Read the credential from the environment",
        "var options = new FiniSourcesClientOptions { ApiKey = global::System.Environment.GetEnvironmentVariable(\"FINI_API_KEY\") ?? throw new global::System.InvalidOperationException(\"Set the FINI_API_KEY environment variable.\") };")]
    public async Task FiniGensCodeFixIsOfferedAndApplyingItInTheWorkspaceGivesTheExpectedCode(string id, string line, string title, string fixedLine)
    {
        const string Head = """
            using IdeFix.FiniSources;

            using var client = new FiniSourcesClient(new FiniSourcesClientOptions());

            """;
        using var session = await host.OpenConsumerAsync("IdeFix" + id, (Head + line + "\n").Replace("IdeFix.", "IdeFix" + id + "."));
        var analyzers = LiveDiagnostics.Analyzers(session.Project);
        var providers = LiveDiagnostics.CodeFixProviders(session.Project, "FiniGen.CodeFixes.dll");
        Assert.Contains(providers, p => p.GetType().FullName == "FiniGen.CodeFixes.ContractUsageCodeFixProvider");

        var diagnostic = Assert.Single(await FiniGenDiagnosticsAsync(session.Solution, session.ProgramId, analyzers));
        Assert.Equal(id, diagnostic.Id);
        var actions = await LiveDiagnostics.CodeActionsAsync(session.Solution.GetDocument(session.ProgramId)!, diagnostic, providers);
        var action = Assert.Single(actions);
        Assert.Equal(title, action.Title);

        // Applied as the IDE applies a chosen fix: each operation against the workspace, which saves the document.
        foreach (var operation in await action.GetOperationsAsync(default))
        {
            var apply = Assert.IsType<ApplyChangesOperation>(operation);
            Assert.True(session.Workspace.TryApplyChanges(apply.ChangedSolution), "the workspace did not accept " + action.Title);
        }

        var text = (await session.Solution.GetDocument(session.ProgramId)!.GetTextAsync()).ToString();
        Assert.Equal((Head + fixedLine + "\n").Replace("IdeFix.", "IdeFix" + id + "."), text);
        Assert.Equal(text, await File.ReadAllTextAsync(session.Solution.GetDocument(session.ProgramId)!.FilePath!));
        Assert.Empty(await FiniGenDiagnosticsAsync(session.Solution, session.ProgramId, analyzers));
        Assert.Empty(await ErrorsAsync(session.Solution, session.ProgramId, analyzers));
    }

    [Fact]
    public async Task AContractEditRegeneratesTheClientAndTheAnalyzersCheckTheNewMember()
    {
        using var session = await host.OpenConsumerAsync("IdeContract", """
            using IdeContract.FiniSources;

            using var client = new FiniSourcesClient(new FiniSourcesClientOptions());
            await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Depth = 0 });
            """);
        var analyzers = LiveDiagnostics.Analyzers(session.Project);
        var solution = session.Solution;
        Assert.Equal(["CS0117"], (await ErrorsAsync(solution, session.ProgramId, analyzers)).Select(d => d.Id));

        // A new optional property of CrawlLinksRequest, with a minimum, typed into the contract.
        solution = await LiveDiagnostics.EditAdditionalAsync(solution, session.ContractId, "    CrawlLinksResponse:\n", """
                    depth:
                      type: integer
                      minimum: 1
                      description: How many links deep to follow from each seed.
                CrawlLinksResponse:

            """);

        var model = (await solution.GetProject(session.ProjectId)!.GetSourceGeneratedDocumentsAsync()).Single(d => d.HintName.EndsWith(".Models.CrawlLinksRequest.g.cs", StringComparison.Ordinal));
        Assert.Contains("Depth", (await model.GetTextAsync()).ToString());
        Assert.Empty(await ErrorsAsync(solution, session.ProgramId, analyzers));
        var finding = Assert.Single(await FiniGenDiagnosticsAsync(solution, session.ProgramId, analyzers));
        Assert.Equal("FG1009", finding.Id);
        Assert.Equal(await SpanOfAsync(solution, session.ProgramId, "Depth = 0", "0"), finding.Location.SourceSpan);
    }

    private static async Task<Diagnostic[]> FiniGenDiagnosticsAsync(Solution solution, DocumentId document, ImmutableArray<DiagnosticAnalyzer> analyzers)
        => (await LiveDiagnostics.ForDocumentAsync(solution.GetDocument(document)!, analyzers)).Where(d => d.Id.StartsWith("FG", StringComparison.Ordinal)).ToArray();

    /// <summary>The compiler's and other analyzers' errors, and any analyzer that threw (AD0001).</summary>
    private static async Task<Diagnostic[]> ErrorsAsync(Solution solution, DocumentId document, ImmutableArray<DiagnosticAnalyzer> analyzers)
        => (await LiveDiagnostics.ForDocumentAsync(solution.GetDocument(document)!, analyzers)).Where(d => (d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("FG", StringComparison.Ordinal)) || d.Id == "AD0001").ToArray();

    /// <summary>Where <paramref name="target"/> is, inside <paramref name="context"/>, which the program holds exactly once.</summary>
    private static async Task<TextSpan> SpanOfAsync(Solution solution, DocumentId document, string context, string target)
    {
        var source = (await solution.GetDocument(document)!.GetTextAsync()).ToString();
        var start = source.IndexOf(context, StringComparison.Ordinal);
        Assert.True(start >= 0 && source.IndexOf(context, start + 1, StringComparison.Ordinal) < 0, "'" + context + "' is not in the program exactly once:\n" + source);
        return new TextSpan(start + context.IndexOf(target, StringComparison.Ordinal), target.Length);
    }
}
