using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using FiniGen.Common;
using FiniGen.Contract;
using FiniGen.Emit;
using FiniGen.Model;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace FiniGen.Benchmarks;

/// <summary>
/// Where generation time goes, stage by stage, for one spec: not a benchmark (BenchmarkDotNet measures the totals),
/// a profile to direct work. <c>--stages GitHub</c> runs each stage 1 + 5 times in this process and prints the median
/// time and the bytes allocated per stage (the whole process; nothing else runs).
/// </summary>
public static class StageBreakdown
{
    /// <summary>Prints the breakdown for <paramref name="specName"/>.</summary>
    public static void Run(string specName)
    {
        var spec = Specs.All[specName];
        var text = spec.ReadText();
        var utf8 = Encoding.UTF8.GetBytes(text);
        var file = new ContractFile(spec.FullPath, text, true, "Bench", null, null);
        var input = new ContractInput(file, EquatableArray.From(new[] { file }));
        ContractResult? read = null;
        List<EmitPart>? parts = null;

        var stages = new (string Name, Action Body)[]
        {
            ("position index (YAML/JSON events, pointers)", () => PositionIndex.Build(file.Path, text, out _)),
            ("Microsoft.OpenApi 3.11 parse (validation on)", () =>
            {
                var settings = new OpenApiReaderSettings();
                settings.TryAddReader("yaml", new OpenApiYamlReader());
                using var stream = new MemoryStream(utf8, writable: false);
                OpenApiDocument.Load(stream, spec.IsYaml ? "yaml" : "json", settings);
            }),
            ("ContractReader.Read (index + parse + diagnostics + model)", () => read = ContractReader.Read(input, CancellationToken.None)),
            ("SourceEmitter.Split", () => parts = SourceEmitter.Split(read!.Model!, file.Path).ToList()),
            ("SourceEmitter.Emit (all parts)", () =>
            {
                foreach (var part in parts!)
                {
                    SourceEmitter.Emit(part);
                }
            }),
        };

        Console.WriteLine($"// Stage breakdown for {specName} ({utf8.Length:N0} bytes): median of 5 after 1 warm-up");
        Console.WriteLine("| Stage | Median (ms) | Allocated (MB) |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var (name, body) in stages)
        {
            var times = new List<double>();
            long allocated = 0;
            for (var i = 0; i < 6; i++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                body();
                clock.Stop();
                if (i > 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                }
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {times[times.Count / 2]:N0} | {allocated / 1048576.0:N0} |"));
        }

        Console.WriteLine($"// {read!.Diagnostics.Count} diagnostics, {parts!.Count} parts");
    }
}
