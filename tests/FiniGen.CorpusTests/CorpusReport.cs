using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace FiniGen.CorpusTests;

/// <summary>Writes CORPUS.md: deterministic (no timings, no machine paths), sorted by spec id.</summary>
public static class CorpusReport
{
    /// <summary>The compile rate the OpenAPI 3.0 / 2.0 specs must reach.</summary>
    public const double RequiredCompileRate = 0.98;

    private const int ErrorsShown = 5;
    private const int MessagesShown = 3;

    public static string Path { get; } = System.IO.Path.Combine(FiniGen.Tests.Infrastructure.GeneratorHarness.RepoRoot, "tests", "FiniGen.CorpusTests", "CORPUS.md");

    /// <summary>Share of <paramref name="results"/> that compile with zero errors.</summary>
    public static double CompileRate(IReadOnlyCollection<SpecResult> results)
        => results.Count == 0 ? 0 : (double)results.Count(r => r.Outcome == SpecOutcome.Compiles) / results.Count;

    public static string Render(IReadOnlyList<SpecResult> results)
    {
        var counted = results.Where(r => r.Spec.Group == CorpusGroup.Counted).OrderBy(r => r.Spec.Id, StringComparer.Ordinal).ToList();
        var extra = results.Where(r => r.Spec.Group == CorpusGroup.Extra).OrderBy(r => r.Spec.Id, StringComparer.Ordinal).ToList();
        var rate = CompileRate(counted);
        var met = rate >= RequiredCompileRate && results.All(r => r.Outcome != SpecOutcome.GeneratorException);

        var md = new StringBuilder();
        md.Append("# FiniGen real-world corpus\n\n");
        md.Append("<!-- Written by tests/FiniGen.CorpusTests. Do not edit: regenerate with FINIGEN_ACCEPT=1 dotnet test tests/FiniGen.CorpusTests -->\n\n");
        md.Append("Every OpenAPI 3.0 and Swagger 2.0 document (JSON and YAML) of `").Append(Corpus.OasExamplesPackage).Append("` ")
            .Append(PackageVersion(Corpus.OasExamplesPackage)).Append(" and GitHub's REST description (`")
            .Append(Corpus.GitHubSpecId.Substring(Corpus.OctokitPackage.Length + 1)).Append("` of `").Append(Corpus.OctokitPackage).Append("` ")
            .Append(PackageVersion(Corpus.OctokitPackage)).Append(", pinned in `tools/corpus`) generates a client with FiniGen, run in-process ")
            .Append("with the spec as a `FiniGenContract` file and root namespace `").Append(SpecRunner.RootNamespace).Append("`. ")
            .Append("The generated sources are then compiled alone against the net8.0 reference assemblies: C# 12, nullable enabled, ")
            .Append("warning level 8, XML documentation diagnosed. A spec compiles when that build has zero errors: no C# error and no ")
            .Append("FiniGen error (FiniGen's error diagnostics fail a consumer's build just as C# errors do); warnings are allowed and counted. ")
            .Append("The OpenAPI 3.1 documents of the package are run too and reported apart; they do not count toward the compile rate.\n\n");
        md.Append("The bar: at least ").Append(Percent(RequiredCompileRate)).Append(" of the OpenAPI 3.0 / 2.0 specs compile with zero errors, ")
            .Append("and no spec makes the generator throw. **").Append(met ? "Met" : "Not met").Append("**: ")
            .Append(counted.Count(r => r.Outcome == SpecOutcome.Compiles).ToString(CultureInfo.InvariantCulture)).Append(" of ")
            .Append(counted.Count.ToString(CultureInfo.InvariantCulture)).Append(" (").Append(Percent(rate)).Append(").\n\n");

        md.Append("## Summary\n\n");
        md.Append("| | OpenAPI 3.0 / 2.0 | OpenAPI 3.1 (extra) |\n| --- | ---: | ---: |\n");
        SummaryRow(md, "specs", counted.Count, extra.Count);
        SummaryRow(md, "compile with zero errors", counted.Count(r => r.Outcome == SpecOutcome.Compiles), extra.Count(r => r.Outcome == SpecOutcome.Compiles));
        SummaryRow(md, "compile errors (C#)", counted.Count(r => r.Outcome == SpecOutcome.CompileErrors), extra.Count(r => r.Outcome == SpecOutcome.CompileErrors));
        SummaryRow(md, "generator diagnostics only (FiniGen errors, no C# error)", counted.Count(r => r.Outcome == SpecOutcome.GeneratorDiagnosticsOnly), extra.Count(r => r.Outcome == SpecOutcome.GeneratorDiagnosticsOnly));
        SummaryRow(md, "generator exceptions", counted.Count(r => r.Outcome == SpecOutcome.GeneratorException), extra.Count(r => r.Outcome == SpecOutcome.GeneratorException));
        SummaryRow(md, "no client generated", counted.Count(r => r.ClientName is null), extra.Count(r => r.ClientName is null));
        SummaryRow(md, "generated C# compiles with zero C# errors", counted.Count(r => r.ClientName is not null && r.CompileErrors.Count == 0), extra.Count(r => r.ClientName is not null && r.CompileErrors.Count == 0));
        SummaryRow(md, "C# errors", counted.Sum(r => r.CompileErrors.Count), extra.Sum(r => r.CompileErrors.Count));
        SummaryRow(md, "C# warnings", counted.Sum(r => r.WarningCount), extra.Sum(r => r.WarningCount));
        SummaryRow(md, "FiniGen diagnostics", counted.Sum(r => r.FiniGenDiagnostics.Count), extra.Sum(r => r.FiniGenDiagnostics.Count));
        md.Append('\n');

        md.Append("### Diagnostics by ID\n\n");
        md.Append("| ID | severity | OpenAPI 3.0 / 2.0 | OpenAPI 3.1 (extra) |\n| --- | --- | ---: | ---: |\n");
        var byId = results
            .SelectMany(r => r.FiniGenDiagnostics.Concat(r.CompileErrors).Concat(r.CompileWarnings).Select(f => (r.Spec.Group, f.Id, f.Severity)))
            .GroupBy(x => (x.Id, x.Severity))
            .OrderBy(g => g.Key.Id.StartsWith("FG", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(g => g.Key.Id, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Severity, StringComparer.Ordinal);
        foreach (var group in byId)
        {
            md.Append("| ").Append(group.Key.Id).Append(" | ").Append(group.Key.Severity.ToLowerInvariant()).Append(" | ")
                .Append(group.Count(x => x.Group == CorpusGroup.Counted).ToString(CultureInfo.InvariantCulture)).Append(" | ")
                .Append(group.Count(x => x.Group == CorpusGroup.Extra).ToString(CultureInfo.InvariantCulture)).Append(" |\n");
        }

        md.Append('\n');

        md.Append("## OpenAPI 3.0 and Swagger 2.0\n\n");
        Table(md, counted);
        md.Append("## OpenAPI 3.1 (extra, not counted)\n\n");
        Table(md, extra);

        md.Append("## Failures\n\n");
        var failures = counted.Concat(extra).Where(r => r.Outcome != SpecOutcome.Compiles).ToList();
        if (failures.Count == 0)
        {
            md.Append("None.\n\n");
        }

        foreach (var result in failures)
        {
            md.Append("### ").Append(result.Spec.Id).Append("\n\n");
            md.Append(Describe(result.Outcome));
            var fgErrorCount = result.FiniGenDiagnostics.Count(f => f.IsError);
            md.Append(result.Outcome switch
            {
                SpecOutcome.CompileErrors => ": " + Count(result.CompileErrors.Count, "C# error") + Shown(result.CompileErrors.Count) + ".\n\n",
                SpecOutcome.GeneratorException => ".\n\n",
                _ when result.ClientName is null => ": FiniGen generated no client" + (fgErrorCount > 0 ? " and reported " + Count(fgErrorCount, "error") + Shown(fgErrorCount) : string.Empty) + ".\n\n",
                _ => ": the generated client compiles, but FiniGen reported " + Count(fgErrorCount, "error") + Shown(fgErrorCount) + ", and a FiniGen error fails the build.\n\n",
            });
            md.Append("```text\n");
            foreach (var exception in result.GeneratorExceptions)
            {
                md.Append(exception).Append('\n');
            }

            // Compile errors explain a compile failure; otherwise FiniGen's errors do (or all it said, if no error).
            var fgErrors = result.FiniGenDiagnostics.Where(f => f.IsError).ToList();
            var reasons = result.Outcome == SpecOutcome.CompileErrors ? result.CompileErrors
                : fgErrors.Count > 0 ? fgErrors
                : result.FiniGenDiagnostics;
            foreach (var finding in reasons.Take(ErrorsShown))
            {
                md.Append(finding.Id).Append(' ').Append(finding.Where).Append(": ").Append(OneLine(finding.Message)).Append('\n');
                if (finding.Code is not null)
                {
                    md.Append("    ").Append(finding.Code).Append('\n');
                }
            }

            md.Append("```\n\n");
        }

        md.Append("## C# warnings\n\n");
        md.Append("For each spec whose client compiles with warnings, each warning ID with its count and first ")
            .Append(MessagesShown.ToString(CultureInfo.InvariantCulture)).Append(" occurrences.\n\n");
        Details(md, counted.Concat(extra).Where(r => r.CompileWarnings.Count > 0), r => r.CompileWarnings);

        md.Append("## FiniGen diagnostics\n\n");
        md.Append("For each spec, each FiniGen diagnostic ID with its count and first ")
            .Append(MessagesShown.ToString(CultureInfo.InvariantCulture)).Append(" messages.\n\n");
        Details(md, counted.Concat(extra).Where(r => r.FiniGenDiagnostics.Count > 0), r => r.FiniGenDiagnostics);

        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static void Details(StringBuilder md, IEnumerable<SpecResult> results, Func<SpecResult, IReadOnlyList<Finding>> select)
    {
        foreach (var result in results)
        {
            md.Append("### ").Append(result.Spec.Id).Append("\n\n```text\n");
            foreach (var group in select(result).GroupBy(f => (f.Id, f.Severity)).OrderBy(g => g.Key.Id, StringComparer.Ordinal).ThenBy(g => g.Key.Severity, StringComparer.Ordinal))
            {
                md.Append(group.Key.Id).Append(" ×").Append(group.Count().ToString(CultureInfo.InvariantCulture)).Append(" (").Append(group.Key.Severity.ToLowerInvariant()).Append(")\n");
                foreach (var finding in group.Take(MessagesShown))
                {
                    md.Append("  ").Append(finding.Where).Append(": ").Append(OneLine(finding.Message)).Append('\n');
                    if (finding.Code is not null)
                    {
                        md.Append("      ").Append(finding.Code).Append('\n');
                    }
                }
            }

            md.Append("```\n\n");
        }
    }

    private static void Table(StringBuilder md, IReadOnlyList<SpecResult> results)
    {
        md.Append("| spec | client | result | files | C# errors | C# warnings | FiniGen diagnostics |\n");
        md.Append("| --- | --- | --- | ---: | ---: | ---: | --- |\n");
        foreach (var result in results)
        {
            md.Append("| ").Append(result.Spec.Id.Replace(Corpus.OasExamplesPackage + "/", string.Empty, StringComparison.Ordinal)).Append(" | ")
                .Append(result.ClientName is null ? "–" : "`" + result.Namespace + "." + result.ClientName + "`").Append(" | ")
                .Append(Describe(result.Outcome)).Append(" | ")
                .Append(result.GeneratedFiles.ToString(CultureInfo.InvariantCulture)).Append(" | ")
                .Append(result.CompileErrors.Count.ToString(CultureInfo.InvariantCulture)).Append(" | ")
                .Append(result.WarningCount.ToString(CultureInfo.InvariantCulture)).Append(Ids(result.CompileWarnings)).Append(" | ")
                .Append(Ids(result.FiniGenDiagnostics).Trim().Trim('(', ')')).Append(" |\n");
        }

        md.Append('\n');
    }

    private static string Ids(IReadOnlyList<Finding> findings)
        => findings.Count == 0
            ? string.Empty
            : " (" + string.Join(", ", findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " ×" + g.Count().ToString(CultureInfo.InvariantCulture))) + ")";

    public static string Describe(SpecOutcome outcome) => outcome switch
    {
        SpecOutcome.Compiles => "compiles",
        SpecOutcome.CompileErrors => "compile errors",
        SpecOutcome.GeneratorDiagnosticsOnly => "generator diagnostics only",
        _ => "generator exception",
    };

    private static void SummaryRow(StringBuilder md, string label, int counted, int extra)
        => md.Append("| ").Append(label).Append(" | ").Append(counted.ToString(CultureInfo.InvariantCulture)).Append(" | ").Append(extra.ToString(CultureInfo.InvariantCulture)).Append(" |\n");

    private static string Count(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    private static string Shown(int count) => count > ErrorsShown ? " (the first " + ErrorsShown.ToString(CultureInfo.InvariantCulture) + " below)" : string.Empty;

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string OneLine(string text) => text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace('\n', ' ');

    private static string PackageVersion(string package)
    {
        var manifest = System.IO.Path.Combine(new[] { Corpus.NodeModules }.Concat(package.Split('/')).Append("package.json").ToArray());
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.GetProperty("version").GetString() ?? "?";
    }
}
