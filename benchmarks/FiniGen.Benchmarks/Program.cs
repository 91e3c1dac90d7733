using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Running;

namespace FiniGen.Benchmarks;

/// <summary>
/// Runs FiniGen's benchmarks: the BenchmarkDotNet classes of this assembly, then FiniGen.Benchmarks.Readers16 (the
/// Microsoft.OpenApi.Readers 1.6 floor, a project of its own) with the same arguments, then the output comparison. A
/// <c>--filter</c> selects among all three by name, as BenchmarkDotNet does; with no filter, everything runs.
/// </summary>
/// <remarks>
/// Options of this program (the rest go to BenchmarkDotNet): <c>--smoke</c> runs every benchmark once (a dry job) and
/// the output comparison with one pass; <c>--passes N</c> sets the output comparison's passes (default 3);
/// <c>--stages Spec</c> alone prints where FiniGen's generation time goes for one spec (<see cref="StageBreakdown"/>).
/// </remarks>
public static class Program
{
    private const string Readers16Project = "benchmarks/FiniGen.Benchmarks.Readers16/FiniGen.Benchmarks.Readers16.csproj";

    public static int Main(string[] args)
    {
        if (args.Length == 5 && args[0] == "--output-worker")
        {
            OutputComparison.Work(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
            return 0;
        }

        if (args.Length == 2 && args[0] == "--stages")
        {
            Specs.EnsureInstalled();
            StageBreakdown.Run(args[1]);
            return 0;
        }

        var arguments = args.ToList();
        if (arguments.Remove("--smoke"))
        {
            Environment.SetEnvironmentVariable(BenchmarkConfigs.SmokeVariable, "1");
        }

        var passes = BenchmarkConfigs.IsSmoke ? 1 : 3;
        var passesAt = arguments.IndexOf("--passes");
        if (passesAt >= 0 && passesAt + 1 < arguments.Count)
        {
            passes = int.Parse(arguments[passesAt + 1], CultureInfo.InvariantCulture);
            arguments.RemoveRange(passesAt, 2);
        }

        if (!arguments.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "--version" or "--info"))
        {
            arguments.InsertRange(0, new[] { "--filter", "*" });
        }

        var filters = Filters(arguments);

        // The scaling benchmarks write their contracts themselves; everything else reads the pinned specs.
        if (filters.Any(f => !f.ToString().Contains("Scaling", StringComparison.OrdinalIgnoreCase)))
        {
            Specs.EnsureInstalled();
        }

        var failed = false;
        var clock = Stopwatch.StartNew();

        foreach (var summary in BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments.ToArray()))
        {
            failed |= summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success);
        }

        if (new[] { "Parse", "ParseNoValidation" }.Any(m => Matches(filters, "FiniGen.Benchmarks.Readers16.ReadersParseBenchmarks." + m)))
        {
            failed |= RunReaders16(arguments) != 0;
        }

        // The comparison compiles whole clients (minutes for GitHub's on two cores): Fini and GitHub by default,
        // the other specs when a filter names them (--filter '*OutputComparison.Stripe').
        var specs = Specs.All.Keys
            .Where(s => Matches(filters, OutputComparison.FilterName(s)))
            .Where(s => OutputComparison.DefaultSpecs.Contains(s) || filters.Any(f => f.ToString().Contains(s, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (specs.Count > 0 && !arguments.Contains("--list"))
        {
            OutputComparison.Run(specs, passes);
        }

        Console.WriteLine($"// FiniGen.Benchmarks finished in {clock.Elapsed.TotalMinutes:F1} min; results in {BenchmarkConfigs.ArtifactsPath}");
        return failed ? 1 : 0;
    }

    private static int RunReaders16(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = Specs.RepoRoot };
        foreach (var argument in new[] { "run", "-c", "Release", "--project", Path.Combine(Specs.RepoRoot, Readers16Project), "--" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine("// Microsoft.OpenApi.Readers 1.6.31 floor: dotnet " + string.Join(" ", start.ArgumentList));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.WaitForExit();
        return process.ExitCode;
    }

    // The values of every --filter (BenchmarkDotNet allows several after one switch).
    private static List<Regex> Filters(List<string> arguments)
    {
        var filters = new List<Regex>();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] is not ("--filter" or "-f"))
            {
                continue;
            }

            for (var j = i + 1; j < arguments.Count && !arguments[j].StartsWith("-", StringComparison.Ordinal); j++)
            {
                filters.Add(new Regex("^" + Regex.Escape(arguments[j]).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
            }
        }

        return filters;
    }

    private static bool Matches(List<Regex> filters, string name) => filters.Any(f => f.IsMatch(name));
}
