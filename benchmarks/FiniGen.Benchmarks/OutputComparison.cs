using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FiniGen.Benchmarks;

/// <summary>What one tool produced for one spec, and what compiling it cost (a pass is one generate + compile).</summary>
/// <param name="Tool">FiniGen or NSwag.</param>
/// <param name="Spec">The spec's name.</param>
/// <param name="Files">Generated files.</param>
/// <param name="Lines">Generated lines, all files.</param>
/// <param name="Characters">Generated characters, all files.</param>
/// <param name="GenerateMs">Generation wall time of each pass, in milliseconds (FiniGen: the driver, trees parsed; NSwag: load + generate).</param>
/// <param name="CompileMs">Compile wall time of each pass (parse where not done yet, bind, emit to memory).</param>
/// <param name="GenerateAllocatedMB">Managed allocations of the first pass's generation.</param>
/// <param name="CSharpErrors">C# errors by id, with a few examples.</param>
/// <param name="ErrorExamples">The first distinct C# error messages.</param>
/// <param name="CSharpWarnings">C# warnings.</param>
/// <param name="GeneratorErrors">The generator's own error diagnostics (FiniGen's FG errors fail a build as C# errors do).</param>
/// <param name="GeneratorWarnings">The generator's warnings.</param>
public sealed record OutputResult(
    string Tool,
    string Spec,
    int Files,
    long Lines,
    long Characters,
    List<double> GenerateMs,
    List<double> CompileMs,
    double GenerateAllocatedMB,
    Dictionary<string, int> CSharpErrors,
    List<string> ErrorExamples,
    int CSharpWarnings,
    Dictionary<string, int> GeneratorErrors,
    int GeneratorWarnings);

/// <summary>
/// Not a BenchmarkDotNet benchmark: generates a client with FiniGen and with NSwag, counts its lines, compiles it in
/// process with Roslyn against the net8.0 reference assemblies, and reports errors and times. Each (tool, spec) runs in
/// a process of its own: pass 1 is cold (a clean build in a new process), later passes warm.
/// </summary>
public static class OutputComparison
{
    /// <summary>The names BenchmarkDotNet-style filters match against: <c>FiniGen.Benchmarks.OutputComparison.{Spec}</c>.</summary>
    public static string FilterName(string spec) => typeof(OutputComparison).FullName + "." + spec;

    /// <summary>The specs compared unless a filter names others: the Fini contract and GitHub's description.</summary>
    public static readonly string[] DefaultSpecs = { Specs.Fini, Specs.GitHub };

    /// <summary>Runs every (tool, spec) in its own process and writes the table to the console and to the artifacts folder.</summary>
    public static void Run(IReadOnlyList<string> specs, int passes)
    {
        var results = new List<OutputResult>();
        foreach (var spec in specs)
        {
            foreach (var tool in new[] { "FiniGen", "NSwag" })
            {
                Console.WriteLine($"// OutputComparison: {tool} on {spec}, {passes} passes in a new process");
                results.Add(RunWorker(tool, spec, passes));
            }
        }

        var table = Format(results, passes);
        Console.WriteLine(table);
        var folder = Path.Combine(BenchmarkConfigs.ArtifactsPath, "results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "FiniGen.Benchmarks.OutputComparison-report-github.md"), table);
        File.WriteAllText(Path.Combine(folder, "FiniGen.Benchmarks.OutputComparison.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The worker: one tool, one spec, <paramref name="passes"/> passes; the result as JSON in <paramref name="output"/>.</summary>
    public static void Work(string tool, string specName, int passes, string output)
    {
        var spec = Specs.All[specName];
        var text = spec.ReadText();
        var generateMs = new List<double>();
        var compileMs = new List<double>();
        double allocatedMB = 0;
        OutputSummary? summary = null;
        for (var pass = 0; pass < passes; pass++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            Compilation? compilation = null;
            IReadOnlyList<SyntaxTree> trees = Array.Empty<SyntaxTree>();
            IReadOnlyList<Diagnostic> generatorDiagnostics = Array.Empty<Diagnostic>();
            string? nswagCode = null;
            if (tool == "FiniGen")
            {
                var consumer = FiniGenHost.CreateCompilation("Consumer", Array.Empty<SyntaxTree>());
                var driver = FiniGenHost.CreateDriver(spec.FullPath, text, "Bench").RunGeneratorsAndUpdateCompilation(consumer, out compilation, out var diagnostics);
                trees = driver.GetRunResult().GeneratedTrees;
                generatorDiagnostics = diagnostics;
            }
            else
            {
                nswagCode = GenerationBenchmarks.NSwagGenerate(spec, text);
            }

            generateMs.Add(clock.Elapsed.TotalMilliseconds);
            if (pass == 0)
            {
                allocatedMB = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
            }

            clock.Restart();
            if (nswagCode is not null)
            {
                // NSwag writes text; the compiler parses it (FiniGen's driver has already parsed its trees).
                trees = new[] { CSharpSyntaxTree.ParseText(nswagCode, FiniGenHost.ParseOptions, "NSwagClient.cs") };
                compilation = FiniGenHost.CreateCompilation("Consumer", trees);
            }

            Compile(compilation!, clock, compileMs, trees, generatorDiagnostics, ref summary);
        }

        var s = summary!;
        var result = new OutputResult(tool, specName, s.Files, s.Lines, s.Characters, generateMs, compileMs, allocatedMB, s.Errors, s.ErrorExamples, s.Warnings, s.GeneratorErrors, s.GeneratorWarnings);
        File.WriteAllText(output, JsonSerializer.Serialize(result));
    }

    private static void Compile(Compilation compilation, Stopwatch clock, List<double> compileMs, IReadOnlyList<SyntaxTree> trees, IReadOnlyList<Diagnostic> generatorDiagnostics, ref OutputSummary? summary)
    {
        using var peStream = new MemoryStream();
        var emit = compilation.Emit(peStream);
        compileMs.Add(clock.Elapsed.TotalMilliseconds);
        if (summary is not null)
        {
            return;
        }

        var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        summary = new OutputSummary(
            trees.Count,
            trees.Sum(t => (long)t.GetText().Lines.Count),
            trees.Sum(t => (long)t.GetText().Length),
            errors.GroupBy(d => d.Id).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            errors.Select(d => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture)).Distinct().Take(5).ToList(),
            emit.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning),
            generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count()),
            generatorDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning));
    }

    private static OutputResult RunWorker(string tool, string spec, int passes)
    {
        var output = Path.Combine(Path.GetTempPath(), "finigen-output-" + tool + "-" + spec + "-" + Environment.ProcessId + ".json");
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(OutputComparison).Assembly.Location);
        }

        foreach (var argument in new[] { "--output-worker", tool, spec, passes.ToString(CultureInfo.InvariantCulture), output })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The worker did not start");
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"The {tool} worker for {spec} failed with exit code {process.ExitCode}");
        }

        var result = JsonSerializer.Deserialize<OutputResult>(File.ReadAllText(output))!;
        File.Delete(output);
        return result;
    }

    private static string Format(List<OutputResult> results, int passes)
    {
        static string Ms(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
        static string Warm(List<double> values) => values.Count > 1 ? Ms(Median(values.Skip(1).ToList())) : "–";
        var text = new StringBuilder();
        text.AppendLine($"Generated output and its compile (Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version} in process, net8.0 reference assemblies, C# 12, nullable on, Debug, emit to memory). Each row is a process of its own: cold = pass 1, warm = median of passes 2–{passes}. Times in ms.");
        text.AppendLine();
        text.AppendLine("| Spec | Tool | Files | Lines | Characters | C# errors | C# warnings | Generator errors | Generator warnings | Generate cold | Compile cold | Total cold | Generate warm | Compile warm | Total warm | Generate allocated (MB) |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var total = r.GenerateMs.Zip(r.CompileMs, (g, c) => g + c).ToList();
            text.AppendLine(string.Join(" | ", new[]
            {
                "| " + r.Spec, r.Tool, r.Files.ToString("N0", CultureInfo.InvariantCulture), r.Lines.ToString("N0", CultureInfo.InvariantCulture), r.Characters.ToString("N0", CultureInfo.InvariantCulture),
                Counts(r.CSharpErrors), r.CSharpWarnings.ToString("N0", CultureInfo.InvariantCulture), Counts(r.GeneratorErrors), r.GeneratorWarnings.ToString("N0", CultureInfo.InvariantCulture),
                Ms(r.GenerateMs[0]), Ms(r.CompileMs[0]), Ms(total[0]), Warm(r.GenerateMs), Warm(r.CompileMs), Warm(total), r.GenerateAllocatedMB.ToString("N0", CultureInfo.InvariantCulture) + " |",
            }));
        }

        foreach (var r in results.Where(r => r.ErrorExamples.Count > 0))
        {
            text.AppendLine();
            text.AppendLine($"{r.Tool} on {r.Spec}, first errors:");
            foreach (var example in r.ErrorExamples)
            {
                text.AppendLine("- `" + example.Replace("`", "'") + "`");
            }
        }

        return text.ToString();
    }

    private static string Counts(Dictionary<string, int> counts)
        => counts.Count == 0 ? "0" : counts.Values.Sum().ToString("N0", CultureInfo.InvariantCulture) + " (" + string.Join(", ", counts.Select(c => c.Key + " ×" + c.Value.ToString(CultureInfo.InvariantCulture))) + ")";

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed record OutputSummary(int Files, long Lines, long Characters, Dictionary<string, int> Errors, List<string> ErrorExamples, int Warnings, Dictionary<string, int> GeneratorErrors, int GeneratorWarnings);
}
