using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FiniGen.Common;
using FiniGen.Contract;
using FiniGen.Diagnostics;
using FiniGen.Emit;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace FiniGen.FuzzTests;

/// <summary>
/// Seeded mutation fuzzing: every mutated contract must end in generated code or diagnostics, never in an exception
/// out of the generator (CS8785) or the FG0099 safety net. Settings (see README.md): FINIGEN_FUZZ_ITERATIONS
/// (default 10,000), FINIGEN_FUZZ_SEED, and FINIGEN_FUZZ_CASE to replay one case and keep its contract on disk.
/// </summary>
public class GeneratorFuzzTests(ITestOutputHelper output)
{
    private const int DefaultIterations = 10_000;
    private const int DefaultSeed = 20261125;

    private static readonly CSharpCompilation s_compilation = CSharpCompilation.Create(
        "Fuzz",
        references: Basic.Reference.Assemblies.Net80.References.All,
        options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static TheoryData<string> Seeds()
    {
        var data = new TheoryData<string>();
        foreach (var seed in LoadSeeds())
        {
            data.Add(Path.GetFileName(seed.Path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EachSeedGeneratesACompilingClient(string name)
    {
        var seed = LoadSeeds().Single(s => Path.GetFileName(s.Path) == name);
        var driver = GeneratorHarness.CreateDriver(new[] { seed }).RunGeneratorsAndUpdateCompilation(s_compilation, out var compiled, out var diagnostics);

        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotEmpty(driver.GetRunResult().GeneratedTrees);
        var errors = compiled.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public void MutatedContractsEndInOutputOrDiagnosticsNeverInAnException()
    {
        var seeds = LoadSeeds();
        var iterations = Setting("FINIGEN_FUZZ_ITERATIONS", DefaultIterations);
        var seed = Setting("FINIGEN_FUZZ_SEED", DefaultSeed);
        var only = Environment.GetEnvironmentVariable("FINIGEN_FUZZ_CASE") is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : (int?)null;

        var failures = new ConcurrentQueue<string>();
        var diagnosticCounts = new ConcurrentDictionary<string, int>();
        int withOutput = 0, diagnosticsOnly = 0, withErrors = 0, throughDriver = 0;
        var clock = Stopwatch.StartNew();
        var cases = only is { } single ? new[] { single } : Enumerable.Range(0, iterations).ToArray();
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index =>
        {
            var random = new Random(unchecked((seed * 1_000_003) + index));
            var contract = seeds[random.Next(seeds.Count)];
            var mutated = ContractMutator.Mutate(contract.Text, random, out var mutations);
            if (only is not null)
            {
                var file = Path.Combine(Path.GetTempPath(), "finigen-fuzz-case-" + index.ToString(CultureInfo.InvariantCulture) + Path.GetExtension(contract.Path));
                File.WriteAllText(file, mutated);
                output.WriteLine($"case {index}: {Path.GetFileName(contract.Path)}: {mutations}; contract written to {file}");
            }

            try
            {
                // The generator's own stages (read, split, emit), without the FG0099 safety net, so that any exception
                // shows with its stack; every 20th case also goes through the real generator driver.
                var file = new ContractFile(contract.Path, mutated.TrimStart('\uFEFF'), true, null, null, "Consumer");
                var read = ContractReader.ReadWithoutSafetyNet(new ContractInput(file, EquatableArray.From(new[] { file })), CancellationToken.None);
                var sources = read.Model is null ? 0 : SourceEmitter.Split(read.Model, contract.Path).Count(part => SourceEmitter.Emit(part).Length > 0);
                var problems = new List<string>();
                problems.AddRange(read.Diagnostics.Where(d => d.Id == "FG0099").Select(d => "FG0099: " + string.Join(" / ", d.MessageArgs)));
                if (sources == 0 && read.Diagnostics.Count == 0)
                {
                    problems.Add("neither output nor a diagnostic");
                }

                foreach (var diagnostic in read.Diagnostics)
                {
                    diagnosticCounts.AddOrUpdate(diagnostic.Id, 1, (_, n) => n + 1);

                    // The compiler words each message from its format and arguments; one argument short, and it shows
                    // the bare format ("The $ref '{0}' at {1} …") instead.
                    var format = DiagnosticDescriptors.ById(diagnostic.Id).MessageFormat.ToString(CultureInfo.InvariantCulture);
                    try
                    {
                        _ = string.Format(CultureInfo.InvariantCulture, format, diagnostic.MessageArgs.Cast<object>().ToArray());
                    }
                    catch (FormatException)
                    {
                        problems.Add(diagnostic.Id + " has " + diagnostic.MessageArgs.Count + " message arguments, too few for its format: " + format);
                    }
                }

                Interlocked.Increment(ref sources == 0 ? ref diagnosticsOnly : ref withOutput);
                if (read.Diagnostics.Any(d => d.Id is "FG0001" or "FG0002" or "FG0003" or "FG0005"))
                {
                    Interlocked.Increment(ref withErrors);
                }

                if (index % 20 == 0 || only is not null)
                {
                    Interlocked.Increment(ref throughDriver);
                    var result = GeneratorHarness.CreateDriver(new[] { contract with { Text = mutated } }).RunGenerators(s_compilation).GetRunResult();
                    if (result.Results.Single().Exception is { } exception)
                    {
                        problems.Add("generator exception: " + exception);
                    }

                    problems.AddRange(result.Diagnostics.Where(d => d.Id is "CS8785" or "FG0099").Select(d => d.ToString()));
                }

                foreach (var problem in problems)
                {
                    failures.Enqueue($"case {index} ({Path.GetFileName(contract.Path)}: {mutations}): {problem}");
                }
            }
            catch (Exception exception)
            {
                failures.Enqueue($"case {index} ({Path.GetFileName(contract.Path)}: {mutations}): {exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}");
            }
        });

        output.WriteLine($"{cases.Length} mutated contracts (seed {seed}) in {clock.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores");
        output.WriteLine($"  with generated code: {withOutput}; diagnostics only: {diagnosticsOnly}; with an error diagnostic: {withErrors}; also run through the generator driver: {throughDriver}");
        output.WriteLine("  diagnostics: " + string.Join(", ", diagnosticCounts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " x" + p.Value)));
        output.WriteLine($"  failures: {failures.Count}");
        Assert.True(failures.IsEmpty, "Replay one with FINIGEN_FUZZ_CASE=<n> (and the same FINIGEN_FUZZ_SEED):\n" + string.Join("\n", failures.Take(25)));
    }

    private static int Setting(string name, int fallback)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static List<TestContract> LoadSeeds()
    {
        var seeds = new List<TestContract> { GeneratorHarness.FiniContract() };
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Seeds")).OrderBy(f => f, StringComparer.Ordinal))
        {
            seeds.Add(new TestContract(file, File.ReadAllText(file)));
        }

        return seeds;
    }
}
