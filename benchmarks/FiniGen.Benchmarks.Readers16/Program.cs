using System;
using BenchmarkDotNet.Running;

namespace FiniGen.Benchmarks.Readers16;

/// <summary>Run by FiniGen.Benchmarks with the same arguments; can also be run alone.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Specs.EnsureInstalled();
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return Array.Exists(System.Linq.Enumerable.ToArray(summaries), s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
