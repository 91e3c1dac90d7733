using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FiniGen.Benchmarks;

/// <summary>
/// Analyzer overhead: compiling (all diagnostics) a project with 5,000 calls into the generated Fini client, with and
/// without FiniGen's analyzers. Each call starts from a fresh clone of the compilation, so nothing bound is reused.
/// </summary>
[Config(typeof(BenchmarkConfigs.Compile))]
public class AnalyzerBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private CompilationWithAnalyzersOptions _options = null!;

    /// <summary>Every <see cref="DiagnosticAnalyzer"/> FiniGen ships: those of FiniGen.dll and FiniGen.CodeFixes.dll.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> FiniGenAnalyzers()
        => new[] { typeof(FiniGenGenerator).Assembly, typeof(FiniGen.CodeFixes.ContractUsageCodeFixProvider).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    [GlobalSetup]
    public void Setup()
    {
        var contract = Specs.All[Specs.Fini];
        var (client, _) = FiniGenHost.Generate(contract.FullPath, contract.ReadText(), ConsumerCode.ClientNamespace);
        var consumer = FiniGenHost.Parse(ConsumerCode.Files(files: 50, methodsPerFile: 10, callsPerMethod: 10));
        _compilation = FiniGenHost.CreateCompilation("Consumer", consumer.Concat(client));
        _analyzers = FiniGenAnalyzers();
        _options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);

        var compiler = _compilation.Clone().GetDiagnostics();
        var errors = compiler.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The consumer does not compile:\n" + string.Join("\n", errors.Take(10)));
        }

        var all = _compilation.Clone().WithAnalyzers(_analyzers, _options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        Console.WriteLine($"// Analyzer project: 50 consumer files, 5,000 client calls, {client.Length} generated files; analyzers: {string.Join(", ", _analyzers.Select(a => a.GetType().Name))}; "
            + $"diagnostics without analyzers {compiler.Length}, with {all.Length} ({all.Count(d => d.Id.StartsWith("FG", StringComparison.Ordinal))} from FiniGen).");
    }

    /// <summary>The compiler alone.</summary>
    [Benchmark(Baseline = true, Description = "Compile 5,000 calls, no analyzers")]
    public int WithoutAnalyzers() => _compilation.Clone().GetDiagnostics().Length;

    /// <summary>The compiler and FiniGen's analyzers, as a build runs them.</summary>
    [Benchmark(Description = "Compile 5,000 calls, FiniGen analyzers")]
    public int WithAnalyzers() => _compilation.Clone().WithAnalyzers(_analyzers, _options).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;
}
