using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FiniGen.CorpusTests;

/// <summary>How a spec fared.</summary>
public enum SpecOutcome
{
    /// <summary>A client was generated and the build has zero errors, C# or FiniGen (warnings allowed).</summary>
    Compiles,

    /// <summary>The generated client has C# compile errors.</summary>
    CompileErrors,

    /// <summary>
    /// No C# error, but FiniGen reported errors, which fail a consumer's build just the same (or generated no client).
    /// </summary>
    GeneratorDiagnosticsOnly,

    /// <summary>The generator threw (CS8785 from the driver, or FiniGen's own FG0098/FG0099 for a caught exception).</summary>
    GeneratorException,
}

/// <summary>A compiler or generator diagnostic, reduced to what the report shows.</summary>
/// <param name="Id">The diagnostic ID.</param>
/// <param name="Severity">Error, Warning or Info.</param>
/// <param name="File">File name (the generated file for C#, the spec for FiniGen); empty without a location.</param>
/// <param name="Line">One-based line in <paramref name="File"/>; 0 without a location.</param>
/// <param name="Message">The message, with machine-specific paths removed.</param>
/// <param name="Code">The source line the diagnostic points at, trimmed (C# only).</param>
public sealed record Finding(string Id, string Severity, string File, int Line, string Message, string? Code)
{
    public bool IsError => Severity == nameof(DiagnosticSeverity.Error);

    public string Where => File.Length == 0 ? "(no location)" : File + ":" + Line.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Everything the corpus run learned about one spec. Timings are not part of the report.</summary>
public sealed record SpecResult(
    CorpusSpec Spec,
    SpecOutcome Outcome,
    string? Namespace,
    string? ClientName,
    int GeneratedFiles,
    int GeneratedLines,
    IReadOnlyList<string> GeneratorExceptions,
    IReadOnlyList<Finding> FiniGenDiagnostics,
    IReadOnlyList<Finding> CompileErrors,
    IReadOnlyList<Finding> CompileWarnings,
    TimeSpan GenerationTime,
    TimeSpan CompileTime,
    TimeSpan ProcessCpuTime)
{
    public int WarningCount => CompileWarnings.Count;
}

/// <summary>
/// Runs FiniGen in-process over one spec (as the compiler would: the spec is an additional file with
/// <c>FiniGenContract="true"</c> and the project's root namespace is <c>Corpus</c>, so the client lands in
/// <c>Corpus.{FileStem}</c> as <c>{FileStem}Client</c>), then compiles the generated sources alone as a net8.0
/// consumer would: C# 12, nullable enabled, warning level 8, XML documentation diagnosed.
/// </summary>
public static class SpecRunner
{
    public const string RootNamespace = "Corpus";

    private static readonly ConcurrentDictionary<string, Lazy<SpecResult>> Cache = new(StringComparer.Ordinal);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 8);

    /// <summary>The result for <paramref name="spec"/>, computed once per test run and shared by every test that asks.</summary>
    public static SpecResult Get(CorpusSpec spec)
        => Cache.GetOrAdd(spec.Id, _ => new Lazy<SpecResult>(() => Run(spec), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static SpecResult Run(CorpusSpec spec)
    {
        var text = File.ReadAllText(spec.Path);
        var compilation = CSharpCompilation.Create("Corpus", Array.Empty<SyntaxTree>(), Basic.Reference.Assemblies.Net80.References.All, CompilationOptions);
        var driver = GeneratorHarness.CreateDriver(new[] { new TestContract(spec.Path, text) }, RootNamespace).WithUpdatedParseOptions(ParseOptions);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var generationTime = clock.Elapsed;
        var run = driver.GetRunResult().Results.Single();

        var exceptions = new List<string>();
        if (run.Exception is not null)
        {
            exceptions.Add(run.Exception.GetType().FullName + ": " + run.Exception.Message);
        }

        var fg = new List<Finding>();
        foreach (var diagnostic in generatorDiagnostics)
        {
            var finding = ToFinding(diagnostic, spec, withCode: false);
            if (diagnostic.Id is "CS8785" or "FG0098" or "FG0099")
            {
                exceptions.Add(diagnostic.Id + ": " + finding.Message);
            }

            if (diagnostic.Id.StartsWith("FG", StringComparison.Ordinal))
            {
                fg.Add(finding);
            }
        }

        var sources = run.GeneratedSources;
        var clientHint = sources.Select(s => s.HintName).FirstOrDefault(h => h.EndsWith(".Client.g.cs", StringComparison.Ordinal));
        string? ns = null, clientName = null;
        if (clientHint is not null)
        {
            var qualified = clientHint.Substring(0, clientHint.Length - ".Client.g.cs".Length);
            ns = qualified.Substring(0, qualified.LastIndexOf('.'));
            clientName = qualified.Substring(qualified.LastIndexOf('.') + 1);
        }

        var errors = new List<Finding>();
        var warnings = new List<Finding>();
        var compileTime = TimeSpan.Zero;
        if (sources.Length > 0)
        {
            clock.Restart();
            var diagnostics = output.GetDiagnostics();
            compileTime = clock.Elapsed;
            foreach (var diagnostic in diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
            {
                (diagnostic.Severity == DiagnosticSeverity.Error ? errors : warnings).Add(ToFinding(diagnostic, spec, withCode: true));
            }
        }

        var outcome = exceptions.Count > 0 ? SpecOutcome.GeneratorException
            : errors.Count > 0 ? SpecOutcome.CompileErrors
            : clientHint is null || fg.Any(f => f.IsError) ? SpecOutcome.GeneratorDiagnosticsOnly
            : SpecOutcome.Compiles;

        return new SpecResult(
            spec,
            outcome,
            ns,
            clientName,
            sources.Length,
            sources.Sum(s => s.SourceText.Lines.Count),
            exceptions,
            Sorted(fg),
            Sorted(errors),
            Sorted(warnings),
            generationTime,
            compileTime,
            Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
    }

    private static List<Finding> Sorted(List<Finding> findings)
        => findings
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();

    private static Finding ToFinding(Diagnostic diagnostic, CorpusSpec spec, bool withCode)
    {
        var file = string.Empty;
        var line = 0;
        string? code = null;
        if (diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile)
        {
            var span = diagnostic.Location.GetLineSpan();
            // Generated files by hint name (they are named after the spec), the spec by its file name.
            file = Path.GetFileName(span.Path);
            line = span.StartLinePosition.Line + 1;
            if (withCode && diagnostic.Location.SourceTree is { } tree)
            {
                var source = tree.GetText().Lines[span.StartLinePosition.Line].ToString().Trim();
                code = source.Length > 160 ? source.Substring(0, 160) + "…" : source;
            }
        }

        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture)
            .Replace(spec.Path, Path.GetFileName(spec.Path), StringComparison.Ordinal)
            .Replace(Corpus.NodeModules + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
        return new Finding(diagnostic.Id, diagnostic.Severity.ToString(), file, line, message, code);
    }
}
