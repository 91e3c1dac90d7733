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
/// Two more cases separate what is FiniGen's from what is Roslyn's: the same compile with an analyzer that registers
/// the same operation kinds and does nothing (the price of any operation analyzer, which a .NET SDK build already pays
/// for its own analyzers), and a build that also emits the assembly (the denominator a build really has).
/// </summary>
[Config(typeof(BenchmarkConfigs.Compile))]
public class AnalyzerBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private ImmutableArray<DiagnosticAnalyzer> _emptyAnalyzer;
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
        _emptyAnalyzer = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyOperationAnalyzer());
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

    /// <summary>The compiler and an operation analyzer that does nothing: Roslyn's own price for operation analysis.</summary>
    [Benchmark(Description = "Compile 5,000 calls, empty operation analyzer")]
    public int WithEmptyAnalyzer() => _compilation.Clone().WithAnalyzers(_emptyAnalyzer, _options).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    /// <summary>The compiler alone, emitting the assembly too, as a build does.</summary>
    [Benchmark(Description = "Build 5,000 calls (diagnostics + emit), no analyzers")]
    public bool EmitWithoutAnalyzers()
    {
        using var stream = new System.IO.MemoryStream();
        return _compilation.Clone().Emit(stream).Success;
    }

    /// <summary>The compiler and FiniGen's analyzers, as a build runs them.</summary>
    [Benchmark(Description = "Compile 5,000 calls, FiniGen analyzers")]
    public int WithAnalyzers() => _compilation.Clone().WithAnalyzers(_analyzers, _options).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    // A measuring stick, handed to CompilationWithAnalyzers in this process and never shipped or loaded by a compiler:
    // the rules for analyzers that ship (netstandard2.0, no Workspaces, release tracking) do not apply to it.
#pragma warning disable RS1036, RS1038, RS1041, RS2008

    /// <summary>Registers for the operation kinds FiniGen's analyzer looks at, and does nothing with them.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_never = new("BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_never);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(
                static _ => { },
                OperationKind.ObjectCreation,
                OperationKind.With,
                OperationKind.Invocation,
                OperationKind.SimpleAssignment,
                OperationKind.Literal);
        }
    }
#pragma warning restore RS1036, RS1038, RS1041, RS2008
}
