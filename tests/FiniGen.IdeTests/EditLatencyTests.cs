using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace FiniGen.IdeTests;

/// <summary>
/// How long an edit takes to show updated diagnostics in the workspace, with FiniGen and without it, measured side
/// by side in one process. Not a timed test: it checks that every edit's diagnostics are right and prints the
/// figures (run with <c>--logger "console;verbosity=detailed"</c> to see them; <c>FINIGEN_IDE_ITERATIONS</c> sets
/// the number of measured edits per case, 10 by default).
/// </summary>
[Collection(IdeCollection.Name)]
public class EditLatencyTests(IdeHostFixture host, ITestOutputHelper output)
{
    private const int WarmUp = 6;

    private const string Program = """
        using IdeLatency.FiniSources;

        using var client = new FiniSourcesClient(new FiniSourcesClientOptions { ApiKey = Environment.GetEnvironmentVariable("FINI_API_KEY") });

        var crawl = await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Limit = 50 });
        var queued = await client.IngestSourcesAsync(new IngestSourcesRequest
        {
            Source = IngestSource.Web,
            DocumentIdsToAdd = crawl.Data,
        });
        var done = await client.WaitForIngestSourcesAsync(queued);
        Console.WriteLine(done);

        var resources = await client.ListProviderResourcesAsync(Provider.Notion);
        Console.WriteLine(resources);

        await foreach (var source in client.ListSourcesAllAsync(source: SourceType.Web))
        {
            Console.WriteLine(source.Title + " " + source.LinkedJobStatus);
            var document = await client.GetSourceAsync(source.Id);
            Console.WriteLine(document.Title);
        }

        var refreshed = await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = queued.AddedDocumentIds });
        Console.WriteLine(refreshed);
        """;

    [Fact]
    public async Task EditToUpdatedDiagnosticsWithAndWithoutFiniGen()
    {
        var iterations = IdeBenchmark.Iterations ?? 10;
        using var session = await host.OpenConsumerAsync("IdeLatency", Program);
        var project = session.Project;
        var finiGen = session.FiniGenReferences.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableHashSet();
        Assert.NotEmpty(finiGen);

        // Each edit is a mistake and then its undoing: the crawl limit to 0 and back, which FiniGen reports (FG1009)
        // and clears; in the contract, the minimum of limit to 51 and back, so that Limit = 50 is reported and cleared.
        const string Contract = "default: 250\n          minimum: ";
        Func<Solution, bool, Task<Solution>> csharpEdit = (solution, wrong) => LiveDiagnostics.EditAsync(solution, session.ProgramId, wrong ? "Limit = 50" : "Limit = 0", wrong ? "Limit = 0" : "Limit = 50");
        Func<Solution, bool, Task<Solution>> contractEdit = (solution, wrong) => LiveDiagnostics.EditAdditionalAsync(solution, session.ContractId, Contract + (wrong ? "1\n" : "51\n"), Contract + (wrong ? "51\n" : "1\n"));
        var cases = new List<Case>
        {
            new("without FiniGen: the same client as plain source, FiniGen's references removed (C# edit)", await WithoutFiniGenAsync(session), csharpEdit, expectsFiniGen: false),
            new("FiniGen's generator, its analyzers not run (C# edit)", session.Solution, csharpEdit, expectsFiniGen: false) { Leave = finiGen },
            new("with FiniGen: generator and analyzers (C# edit)", session.Solution, csharpEdit, expectsFiniGen: true),
            new("with FiniGen: contract edit, client regenerated", session.Solution, contractEdit, expectsFiniGen: true),
        };
        foreach (var c in cases)
        {
            var analyzers = LiveDiagnostics.Analyzers(c.Solution.GetProject(session.ProjectId)!);
            c.Analyzers = analyzers.Where(a => !c.Leave.Contains(a)).ToImmutableArray();
            Assert.Equal(c.ExpectsFiniGen, c.Analyzers.Any(finiGen.Contains));
            var errors = (await LiveDiagnostics.ForDocumentAsync(c.Solution.GetDocument(session.ProgramId)!, c.Analyzers)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, c.Name + ": the program does not compile before the edits:\n" + string.Join("\n", errors));
        }

        // The cases take turns, and the one that goes first rotates, so that none always runs on another's garbage.
        for (var i = 0; i < WarmUp + iterations; i++)
        {
            var wrong = i % 2 == 0;
            foreach (var c in cases.Skip(i % cases.Count).Concat(cases.Take(i % cases.Count)))
            {
                var watch = Stopwatch.StartNew();
                c.Solution = await c.Edit(c.Solution, wrong);
                var diagnostics = await LiveDiagnostics.ForDocumentAsync(c.Solution.GetDocument(session.ProgramId)!, c.Analyzers);
                watch.Stop();

                var ids = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.Id).ToList();
                Assert.Equal(c.ExpectsFiniGen && wrong ? ["FG1009"] : [], ids);
                if (i >= WarmUp)
                {
                    c.Times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        var without = cases[0];
        output.WriteLine($"Edit to updated diagnostics of Program.cs in Roslyn's MSBuild workspace, {iterations} edits per case after {WarmUp} warm-up edits, the cases taking turns:");
        output.WriteLine("| Case | Median (ms) | Min (ms) | Max (ms) | Median / without |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var c in cases)
        {
            output.WriteLine(Row(c.Name, c.Times, Median(without.Times)));
        }
    }

    private static async Task<Solution> WithoutFiniGenAsync(ConsumerSession session)
    {
        var project = session.Project;
        var solution = project.Solution.WithProjectAnalyzerReferences(project.Id, project.AnalyzerReferences.Except(session.FiniGenReferences));
        var directory = Path.Combine(Path.GetDirectoryName(project.FilePath)!, "Client");
        foreach (var generated in await project.GetSourceGeneratedDocumentsAsync())
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(project.Id), generated.HintName, await generated.GetTextAsync(), filePath: Path.Combine(directory, generated.HintName));
        }

        Assert.DoesNotContain(await solution.GetProject(project.Id)!.GetSourceGeneratedDocumentsAsync(), d => d.HintName.Contains("FiniSources", StringComparison.Ordinal));
        return solution;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Row(string name, List<double> times, double baseline)
        => string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(times):F0} | {times.Min():F0} | {times.Max():F0} | {Median(times) / baseline:F2}× |");

    private sealed class Case(string name, Solution solution, Func<Solution, bool, Task<Solution>> edit, bool expectsFiniGen)
    {
        public string Name { get; } = name;

        public Solution Solution { get; set; } = solution;

        /// <summary>Makes the mistake (true) or undoes it (false).</summary>
        public Func<Solution, bool, Task<Solution>> Edit { get; } = edit;

        public bool ExpectsFiniGen { get; } = expectsFiniGen;

        public ImmutableHashSet<DiagnosticAnalyzer> Leave { get; init; } = ImmutableHashSet<DiagnosticAnalyzer>.Empty;

        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; set; }

        public List<double> Times { get; } = [];
    }
}
