using System;
using System.IO;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace FiniGen.Benchmarks;

/// <summary>
/// The jobs of each benchmark family. Each benchmark case runs in a process of its own (BenchmarkDotNet's default
/// toolchain). <c>--smoke</c> on the command line (environment variable <c>FINIGEN_BENCH_SMOKE=1</c>) swaps every job
/// for a one-invocation dry run, to check that everything runs before a measured run.
/// </summary>
public static class BenchmarkConfigs
{
    /// <summary>The environment variable that selects smoke runs.</summary>
    public const string SmokeVariable = "FINIGEN_BENCH_SMOKE";

    /// <summary>Whether this run is a smoke run.</summary>
    public static bool IsSmoke => Environment.GetEnvironmentVariable(SmokeVariable) == "1";

    /// <summary>Where BenchmarkDotNet writes its logs and result tables: <c>artifacts/benchmarks</c>, git-ignored.</summary>
    public static string ArtifactsPath => Path.Combine(Specs.RepoRoot, "artifacts", "benchmarks");

    /// <summary>The columns every family adds to BenchmarkDotNet's defaults, and <paramref name="job"/> (or a dry run).</summary>
    public static ManualConfig Build(Job job)
    {
        var config = ManualConfig.CreateEmpty()
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(ArtifactsPath)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
            .WithOption(ConfigOptions.JoinSummary, false);
        return config.AddJob(IsSmoke ? Job.Dry.WithId("Smoke") : job);
    }

    /// <summary>
    /// Generating or parsing a whole spec (up to seconds per call): one process per case, one warm-up, then the median
    /// of 5 measured iterations (the reference figures' "warm medians of 5", in one pass rather than three to keep the
    /// whole run near 25 minutes). A call longer than an iteration's target time runs once per iteration.
    /// </summary>
    public sealed class Generation : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public Generation() => Add(Build(Job.Default.WithId("1x5").WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)));
    }

    /// <summary>
    /// Growth with contract size (<c>ScalingBenchmarks</c>: 25 cases, up to a second per call): one process per
    /// case, two warm-ups, 9 measured iterations, about 5 minutes in all. The ratios between sizes matter, not the
    /// last digit; fewer iterations let a neighbour's load on a shared machine show as a false doubling.
    /// </summary>
    public sealed class Scaling : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public Scaling() => Add(Build(Job.Default.WithId("1x9").WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(9)));
    }

    /// <summary>Compiling a project (up to seconds per call): one process, one warm-up, 7 measured iterations.</summary>
    public sealed class Compile : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public Compile() => Add(Build(Job.Default.WithId("1x7").WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(7)));
    }

    /// <summary>Serialization microbenchmarks (milliseconds per call): one process, BenchmarkDotNet's default pilot, 15 iterations.</summary>
    public sealed class Runtime : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public Runtime() => Add(Build(Job.Default.WithId("1x15").WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(15)));
    }
}
