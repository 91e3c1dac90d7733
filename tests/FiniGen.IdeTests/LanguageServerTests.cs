using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace FiniGen.IdeTests;

/// <summary>
/// The same consumer in a real C# language server, csharp-ls, driven over LSP as an editor drives it: the server
/// loads the project with MSBuild, runs FiniGen's generator and analyzers from the package, and pushes diagnostics.
/// </summary>
[Collection(IdeCollection.Name)]
public class LanguageServerTests(IdeHostFixture host, ITestOutputHelper output)
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan EditTimeout = TimeSpan.FromMinutes(1);

    private const string WrongId = "\"5d9f67a8-d853-4af4-b7ce-23ebba1245e5\"";

    private const string Program = """
        using IdeLsp.FiniSources;

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
    public async Task CSharpLsPublishesFG1001OnTheWrongArgumentAndUpdatesItAsTheDocumentIsEdited()
    {
        var project = host.CreateRestoredConsumer("IdeLsp", Program);
        var with = new Editor(Path.GetDirectoryName(project)!);
        var iterations = IdeBenchmark.Iterations;
        var plain = iterations is null ? null : await CreatePlainConsumerAsync(project);

        var loading = Stopwatch.StartNew();
        await using var withServer = await LanguageServer.StartAsync(CSharpLs.Binary, with.Directory, Settings, LoadTimeout);
        await withServer.OpenAsync(with.Uri, with.Text);
        var diagnostics = await withServer.WaitForDiagnosticsAsync(with.Uri, 0, d => d.Any(x => Code(x) == "FG1001"), LoadTimeout, "FG1001 is reported");
        var loaded = loading.Elapsed;
        AssertNoErrorsButFiniGens(diagnostics, withServer);
        var finding = Assert.Single(diagnostics, IsFiniGen);
        Assert.Equal(RangeOf(with.Text, WrongId, WrongId), Range(finding!));
        Assert.Equal(1, finding!["severity"]!.GetValue<int>());

        // The fix: FG1001 is gone, and nothing else of FiniGen's is reported.
        diagnostics = await with.EditAsync(withServer, WrongId, "\"https://docs.example.com/billing/refunds\"", d => !d.Any(IsFiniGen), "FiniGen reports nothing");
        AssertNoErrorsButFiniGens(diagnostics, withServer);

        // Another mistake, reported where it is; and undone.
        diagnostics = await with.EditAsync(withServer, "Limit = 50", "Limit = 0", d => d.Any(x => Code(x) == "FG1009"), "FG1009 is reported");
        Assert.Equal(RangeOf(with.Text, "Limit = 0", "0"), Range(Assert.Single(diagnostics, IsFiniGen)!));
        await with.EditAsync(withServer, "Limit = 0", "Limit = 50", d => !d.Any(IsFiniGen), "FG1009 is gone");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"csharp-ls {CSharpLs.Version}: open to FG1001 published {loaded.TotalSeconds:F1} s; the first {with.Latencies.Count} edits after the load, didChange to updated publishDiagnostics: {string.Join(", ", with.Latencies.Select(l => l.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
        if (plain is null)
        {
            output.WriteLine("Set FINIGEN_IDE_ITERATIONS to also time csharp-ls with and without FiniGen side by side (about 2 s per edit and server).");
            return;
        }

        await CompareWithoutFiniGenAsync(plain, with, withServer, iterations!.Value);
    }

    /// <summary>The same consumer with the client FiniGen generates for it as plain source, and no FiniGen.</summary>
    private async Task<string> CreatePlainConsumerAsync(string project)
    {
        List<(string, string)> generated = [];
        using (var session = await ConsumerSession.OpenAsync(project, host.Version))
        {
            foreach (var document in await session.Project.GetSourceGeneratedDocumentsAsync())
            {
                generated.Add((document.HintName, (await document.GetTextAsync()).ToString()));
            }
        }

        return host.CreatePlainConsumer("IdeLspPlain", Program, generated);
    }

    /// <summary>
    /// The same edits in a second server whose project has the client as plain source and no FiniGen, alternating
    /// between the two: a type error in and out (CS0029), which each server must report and clear.
    /// </summary>
    private async Task CompareWithoutFiniGenAsync(string plain, Editor with, LanguageServer withServer, int iterations)
    {
        var without = new Editor(Path.GetDirectoryName(plain)!);
        await using var withoutServer = await LanguageServer.StartAsync(CSharpLs.Binary, without.Directory, Settings, LoadTimeout);
        await withoutServer.OpenAsync(without.Uri, without.Text);

        // Its CS0029 also shows that the server has loaded the project: the error needs CrawlLinksRequest.Limit to bind.
        const string Good = "Limit = 50", Bad = "Limit = \"x\"";
        await without.ReplaceAsync(withoutServer, with.Text.Replace(Good, Bad, StringComparison.Ordinal), d => d.Any(x => Code(x) == "CS0029"), "CS0029 is reported", LoadTimeout);
        await without.ReplaceAsync(withoutServer, with.Text, d => !d.Any(x => Code(x) == "CS0029"), "CS0029 is gone", EditTimeout);
        foreach (var editor in new[] { with, without })
        {
            editor.Latencies.Clear();
        }

        for (var i = 0; i < 2 + iterations; i++)
        {
            var wrong = i % 2 == 0;
            foreach (var (editor, server) in i % 4 < 2 ? [(with, withServer), (without, withoutServer)] : new[] { (without, withoutServer), (with, withServer) })
            {
                await editor.ReplaceAsync(server, wrong ? editor.Text.Replace(Good, Bad, StringComparison.Ordinal) : editor.Text.Replace(Bad, Good, StringComparison.Ordinal), d => d.Any(x => Code(x) == "CS0029") == wrong && !d.Any(IsFiniGen), wrong ? "CS0029 is reported" : "CS0029 is gone", EditTimeout);
                if (i < 2)
                {
                    // The first error and its fix are a warm-up.
                    editor.Latencies.Clear();
                }
            }
        }

        output.WriteLine("| Case | Median (ms) | Min (ms) | Max (ms) | Median / without |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        output.WriteLine(Row($"csharp-ls, without FiniGen (client as plain source): didChange to updated publishDiagnostics, {without.Latencies.Count} edits", without.Latencies, Median(without.Latencies)));
        output.WriteLine(Row($"csharp-ls, with FiniGen: didChange to updated publishDiagnostics, {with.Latencies.Count} edits", with.Latencies, Median(without.Latencies)));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Row(string name, List<double> times, double baseline)
        => string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(times):F0} | {times.Min():F0} | {times.Max():F0} | {Median(times) / baseline:F2}× |");

    private static JsonNode? Settings(JsonNode? section)
        => section?.GetValue<string>() == "csharp" ? new JsonObject { ["analyzersEnabled"] = true } : null;

    private static string? Code(JsonNode? diagnostic) => diagnostic?["code"]?.ToString();

    private static bool IsFiniGen(JsonNode? diagnostic) => Code(diagnostic)?.StartsWith("FG", StringComparison.Ordinal) == true;

    private static void AssertNoErrorsButFiniGens(JsonArray diagnostics, LanguageServer server)
    {
        var errors = diagnostics.Where(d => d?["severity"]?.GetValue<int>() == 1 && !IsFiniGen(d)).ToList();
        Assert.True(errors.Count == 0, "csharp-ls reports errors beside FiniGen's:\n" + string.Join("\n", errors.Select(e => e!.ToJsonString())) + "\nits log:\n" + server.Log());
    }

    private static string Range(JsonNode diagnostic)
    {
        var range = diagnostic["range"]!;
        return range["start"]!["line"] + ":" + range["start"]!["character"] + "-" + range["end"]!["line"] + ":" + range["end"]!["character"];
    }

    /// <summary>The LSP range (zero-based line and UTF-16 column) of <paramref name="target"/> inside the one <paramref name="context"/>.</summary>
    private static string RangeOf(string text, string context, string target)
    {
        var at = text.IndexOf(context, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(context, at + 1, StringComparison.Ordinal) < 0, "'" + context + "' is not in the program exactly once");
        var start = at + context.IndexOf(target, StringComparison.Ordinal);
        return Position(text, start) + "-" + Position(text, start + target.Length);
    }

    private static string Position(string text, int offset)
    {
        var line = text.AsSpan(0, offset).Count('\n');
        var column = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1);
        return line + ":" + column;
    }

    /// <summary>An editor's view of one open Program.cs: its text, LSP version and edit latencies.</summary>
    private sealed class Editor(string directory)
    {
        public string Directory { get; } = directory;

        public string Uri { get; } = new Uri(Path.Combine(directory, "Program.cs")).AbsoluteUri;

        public string Text { get; set; } = File.ReadAllText(Path.Combine(directory, "Program.cs"));

        public int Version { get; set; } = 1;

        public List<double> Latencies { get; } = [];

        /// <summary>Replaces one occurrence, sends the new text, and waits for diagnostics that reflect it.</summary>
        public Task<JsonArray> EditAsync(LanguageServer server, string oldText, string newText, Func<JsonArray, bool> accept, string expectation)
        {
            Assert.Contains(oldText, Text);
            return ReplaceAsync(server, Text.Replace(oldText, newText, StringComparison.Ordinal), accept, expectation, EditTimeout);
        }

        /// <summary>Sends <paramref name="text"/> as the document's whole new text and waits for diagnostics that reflect it.</summary>
        public async Task<JsonArray> ReplaceAsync(LanguageServer server, string text, Func<JsonArray, bool> accept, string expectation, TimeSpan timeout)
        {
            Text = text;
            var watch = Stopwatch.StartNew();
            var after = await server.ChangeAsync(Uri, ++Version, Text);
            var diagnostics = await server.WaitForDiagnosticsAsync(Uri, after, accept, timeout, expectation + " after edit " + Version + " of " + Directory);
            Latencies.Add(watch.Elapsed.TotalMilliseconds);
            return diagnostics;
        }
    }
}
