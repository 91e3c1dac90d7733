using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FiniGen.Benchmarks;

/// <summary>
/// The cost of a keystroke: an edit to a C# file unrelated to the contract, then what the compiler does next: the
/// generator driver's incremental re-run (FiniGen's steps all answer from cache) and the compilation's diagnostics.
/// Against the same project with the generated client checked in as plain source and no generator.
/// </summary>
[Config(typeof(BenchmarkConfigs.Compile))]
public class KeystrokeBenchmarks
{
    private GeneratorDriver _driver = null!;
    private CSharpCompilation _with = null!;
    private CSharpCompilation _without = null!;
    private SyntaxTree _withUnrelated = null!;
    private SyntaxTree _withoutUnrelated = null!;
    private int _edit;

    [GlobalSetup]
    public void Setup()
    {
        var contract = Specs.All[Specs.Fini];
        var text = contract.ReadText();
        var consumer = FiniGenHost.Parse(ConsumerCode.Files(files: 20, methodsPerFile: 5, callsPerMethod: 10)).ToList();
        _withUnrelated = Parse(ConsumerCode.Unrelated(0));
        _with = FiniGenHost.CreateCompilation("Consumer", consumer.Append(_withUnrelated));
        _driver = FiniGenHost.CreateDriver(contract.FullPath, text, ConsumerCode.ClientNamespace).RunGeneratorsAndUpdateCompilation(_with, out var output, out _);
        var generated = _driver.GetRunResult().GeneratedTrees;
        _withoutUnrelated = Parse(ConsumerCode.Unrelated(0));
        _without = FiniGenHost.CreateCompilation("Consumer", consumer.Append(_withoutUnrelated).Concat(generated.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), FiniGenHost.ParseOptions, t.FilePath))));

        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The consumer does not compile:\n" + string.Join("\n", errors.Take(10)));
        }

        Console.WriteLine($"// Keystroke project: {consumer.Count} consumer files with 1,000 client calls, 1 unrelated file, {generated.Length} generated files.");
        Console.WriteLine("// " + CheckNothingReruns(contract.FullPath, text, consumer));
    }

    /// <summary>No generator: edit, then the compilation's diagnostics (the generated client is plain source here).</summary>
    [Benchmark(Baseline = true, Description = "Edit + diagnostics, without FiniGen")]
    public int WithoutFiniGen()
    {
        var edited = Parse(ConsumerCode.Unrelated(++_edit));
        _without = _without.ReplaceSyntaxTree(_withoutUnrelated, edited);
        _withoutUnrelated = edited;
        return _without.GetDiagnostics().Length;
    }

    /// <summary>FiniGen in the compilation: edit, the driver's incremental re-run, then the diagnostics.</summary>
    [Benchmark(Description = "Edit + generator re-run + diagnostics, with FiniGen")]
    public int WithFiniGen()
    {
        var edited = Parse(ConsumerCode.Unrelated(++_edit));
        _with = _with.ReplaceSyntaxTree(_withUnrelated, edited);
        _withUnrelated = edited;
        _driver = _driver.RunGeneratorsAndUpdateCompilation(_with, out var output, out _);
        return output.GetDiagnostics().Length;
    }

    /// <summary>Just the generator part of a keystroke: edit and the driver's incremental re-run.</summary>
    [Benchmark(Description = "Edit + generator re-run only")]
    public int GeneratorRerunOnly()
    {
        var edited = Parse(ConsumerCode.Unrelated(++_edit));
        _with = _with.ReplaceSyntaxTree(_withUnrelated, edited);
        _withUnrelated = edited;
        _driver = _driver.RunGenerators(_with);
        return _edit;
    }

    /// <summary>
    /// Runs the same project with step tracking on, makes two unrelated edits, and checks that no FiniGen step
    /// produced anything new: every output Cached or Unchanged. Throws otherwise, so a regression fails the run.
    /// </summary>
    public static string CheckNothingReruns(string contractPath, string contractText, IReadOnlyList<SyntaxTree> consumer)
    {
        var unrelated = Parse(ConsumerCode.Unrelated(0));
        var compilation = FiniGenHost.CreateCompilation("Consumer", consumer.Append(unrelated));
        var driver = FiniGenHost.CreateDriver(contractPath, contractText, ConsumerCode.ClientNamespace, trackSteps: true).RunGenerators(compilation);
        var reasons = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        for (var edit = 1; edit <= 2; edit++)
        {
            var edited = Parse(ConsumerCode.Unrelated(edit));
            compilation = compilation.ReplaceSyntaxTree(unrelated, edited);
            unrelated = edited;
            driver = driver.RunGenerators(compilation);
            var result = driver.GetRunResult().Results.Single();
            foreach (var (name, steps) in result.TrackedSteps.Concat(result.TrackedOutputSteps))
            {
                foreach (var output in steps.SelectMany(s => s.Outputs))
                {
                    if (!reasons.TryGetValue(name, out var set))
                    {
                        reasons[name] = set = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(output.Reason.ToString());
                }
            }
        }

        var summary = "After an unrelated edit, FiniGen's steps: " + string.Join(", ", reasons.Select(r => r.Key + " " + string.Join("/", r.Value)));
        var reran = reasons.Where(r => r.Value.Any(reason => reason is not (nameof(IncrementalStepRunReason.Cached) or nameof(IncrementalStepRunReason.Unchanged)))).ToList();
        if (reran.Count > 0)
        {
            throw new InvalidOperationException("An unrelated edit re-ran FiniGen steps: " + summary);
        }

        return summary + ". Nothing was regenerated.";
    }

    private static SyntaxTree Parse((string Path, string Text) source) => FiniGenHost.Parse(new[] { source }).Single();
}
