using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FiniGen.CorpusTests;

/// <summary>
/// One test per document of @readme/oas-examples (no generator exception), then the report over the whole corpus:
/// CORPUS.md must match a fresh run (accept with <c>FINIGEN_ACCEPT=1</c>), at least 98% of the OpenAPI 3.0 / 2.0
/// specs must compile with zero errors, and no spec may make the generator throw. GitHub's spec, the slow one, runs in
/// <see cref="GitHubSpecTests"/>, a collection of its own, so that it runs beside these.
/// </summary>
public class CorpusTests
{
    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    private static bool Accept => Environment.GetEnvironmentVariable("FINIGEN_ACCEPT") is "1" or "true";

    public static TheoryData<string> OasExamples()
    {
        var data = new TheoryData<string>();
        foreach (var spec in Corpus.OasExamples())
        {
            data.Add(spec.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OasExamples))]
    public void GeneratesAClientWithoutException(string spec)
    {
        var result = SpecRunner.Get(Corpus.OasExamples().Single(s => s.Id == spec));
        Describe(_output, result);
        Assert.True(result.GeneratorExceptions.Count == 0, "The generator threw:\n" + string.Join("\n", result.GeneratorExceptions));
    }

    [Fact]
    public void TheCommittedReportIsCurrent()
    {
        var fresh = CorpusReport.Render(AllResults());
        var received = Path.ChangeExtension(CorpusReport.Path, ".received.md");
        if (Accept)
        {
            File.WriteAllText(CorpusReport.Path, fresh, new UTF8Encoding(false));
            File.Delete(received);
            return;
        }

        var committed = File.Exists(CorpusReport.Path) ? File.ReadAllText(CorpusReport.Path).Replace("\r\n", "\n", StringComparison.Ordinal) : string.Empty;
        if (committed == fresh)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, fresh, new UTF8Encoding(false));
        throw new XunitException(
            "tests/FiniGen.CorpusTests/CORPUS.md is stale: a fresh run differs (written to CORPUS.received.md; accept with "
            + "FINIGEN_ACCEPT=1 dotnet test tests/FiniGen.CorpusTests).\n" + DiffSummary(committed, fresh));
    }

    [Fact]
    public void AtLeast98PercentOfTheOpenApi30And20SpecsCompile()
    {
        var counted = AllResults().Where(r => r.Spec.Group == CorpusGroup.Counted).ToList();
        var rate = CorpusReport.CompileRate(counted);
        var failures = counted.Where(r => r.Outcome != SpecOutcome.Compiles).ToList();
        _output.WriteLine("{0} of {1} OpenAPI 3.0 / 2.0 specs compile with zero errors ({2:0.0}%)", counted.Count - failures.Count, counted.Count, rate * 100);
        Assert.True(
            rate >= CorpusReport.RequiredCompileRate,
            string.Format(CultureInfo.InvariantCulture, "{0} of {1} OpenAPI 3.0 / 2.0 specs compile with zero errors ({2:0.0}%, at least {3:0}% needed). Failures (details in CORPUS.md):\n", counted.Count - failures.Count, counted.Count, rate * 100, CorpusReport.RequiredCompileRate * 100)
            + string.Join("\n", failures.Select(r => "  " + r.Spec.Id + ": " + FirstReason(r))));
    }

    [Fact]
    public void NoSpecMakesTheGeneratorThrow()
    {
        var thrown = AllResults().Where(r => r.GeneratorExceptions.Count > 0).ToList();
        Assert.True(thrown.Count == 0, "The generator threw for:\n" + string.Join("\n", thrown.Select(r => "  " + r.Spec.Id + ": " + string.Join(" | ", r.GeneratorExceptions))));
    }

    [Fact]
    public void TheDiffSummaryShowsWhereTheReportChanged()
    {
        var summary = DiffSummary("# Report\n| a | compiles |\n| b | compiles |\n", "# Report\n| a | compiles |\n| b | compile errors |\n");

        Assert.StartsWith("First difference at line 3; 1 line(s) only in the committed report, 1 only in the fresh one.", summary);
        Assert.Contains("- | b | compiles |", summary);
        Assert.Contains("+ | b | compile errors |", summary);
    }

    internal static void Describe(ITestOutputHelper output, SpecResult result)
    {
        output.WriteLine("{0}: {1}", result.Spec.Id, result.Outcome);
        output.WriteLine("client {0}.{1}, {2} files, {3} lines", result.Namespace, result.ClientName, result.GeneratedFiles, result.GeneratedLines);
        output.WriteLine(
            "generation {0:0.0} s, compilation {1:0.0} s, together {2:0.0} s wall clock; {3:0.0} s CPU of the test process meanwhile (other tests included)",
            result.GenerationTime.TotalSeconds,
            result.CompileTime.TotalSeconds,
            (result.GenerationTime + result.CompileTime).TotalSeconds,
            result.ProcessCpuTime.TotalSeconds);
        foreach (var exception in result.GeneratorExceptions)
        {
            output.WriteLine("generator exception: {0}", exception);
        }

        output.WriteLine("FiniGen diagnostics: {0}", Summary(result.FiniGenDiagnostics));
        output.WriteLine("C# errors: {0}", Summary(result.CompileErrors));
        output.WriteLine("C# warnings: {0}", Summary(result.CompileWarnings));
        foreach (var finding in result.FiniGenDiagnostics.Concat(result.CompileErrors).Concat(result.CompileWarnings).Take(60))
        {
            output.WriteLine("  {0} {1} {2}: {3}", finding.Severity.ToLowerInvariant(), finding.Id, finding.Where, finding.Message);
            if (finding.Code is not null)
            {
                output.WriteLine("      {0}", finding.Code);
            }
        }
    }

    private static IReadOnlyList<SpecResult> AllResults() => Corpus.All().Select(SpecRunner.Get).ToList();

    private static string Summary(IReadOnlyList<Finding> findings)
        => findings.Count == 0
            ? "none"
            : findings.Count + " (" + string.Join(", ", findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " ×" + g.Count())) + ")";

    private static string FirstReason(SpecResult result)
    {
        var first = result.GeneratorExceptions.FirstOrDefault()
            ?? result.CompileErrors.Select(f => f.Id + " " + f.Message).FirstOrDefault()
            ?? result.FiniGenDiagnostics.OrderBy(f => f.IsError ? 0 : 1).Select(f => f.Id + " " + f.Message).FirstOrDefault()
            ?? "no client generated";
        return CorpusReport.Describe(result.Outcome) + ": " + first;
    }

    internal static string DiffSummary(string committed, string fresh)
    {
        var before = committed.Split('\n');
        var after = fresh.Split('\n');
        var first = 0;
        while (first < before.Length && first < after.Length && before[first] == after[first])
        {
            first++;
        }

        var removed = before.Except(after, StringComparer.Ordinal).ToList();
        var added = after.Except(before, StringComparer.Ordinal).ToList();
        var summary = new StringBuilder();
        summary.Append("First difference at line ").Append(first + 1).Append("; ")
            .Append(removed.Count).Append(" line(s) only in the committed report, ")
            .Append(added.Count).Append(" only in the fresh one.\n");
        foreach (var line in removed.Take(15))
        {
            summary.Append("- ").Append(line).Append('\n');
        }

        foreach (var line in added.Take(15))
        {
            summary.Append("+ ").Append(line).Append('\n');
        }

        return summary.ToString();
    }
}
