using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using BenchmarkDotNet.Attributes;
using FiniGen.Common;
using FiniGen.Contract;
using FiniGen.Emit;

namespace FiniGen.Benchmarks;

/// <summary>
/// How FiniGen's cost grows with the contract: its stages (read, split, emit) on synthetic contracts of doubling size,
/// one shape at a time. The generator runs in the user's compiler host, so time and allocations must grow no faster
/// than the contract: twice the size, at most about twice the cost. Shapes: a schema nested N deep in JSON and in
/// YAML (reported at the 65th level of nesting, so the cost stops growing), a chain of N <c>$ref</c> aliases, a
/// chain of N objects each referring to the next through a property, N lists nested through aliases (64 levels at
/// most per type, the rest reported), and N independent components with an operation for every tenth.
/// </summary>
[Config(typeof(BenchmarkConfigs.Scaling))]
public class ScalingBenchmarks
{
    private ContractInput _input = null!;

    /// <summary>The shape and size of the contract.</summary>
    [ParamsSource(nameof(Cases))]
    public ScalingCase Case { get; set; } = new("AliasChain", 1_000);

    /// <summary>Every shape at 1k, 2k, 4k and 8k; alias chains also at 10k, the length the issue measured.</summary>
    public static IEnumerable<ScalingCase> Cases()
    {
        foreach (var shape in new[] { "JsonNesting", "YamlNesting", "AliasChain", "ObjectChain", "ListAliasChain", "Wide" })
        {
            foreach (var size in new[] { 1_000, 2_000, 4_000, 8_000 })
            {
                yield return new ScalingCase(shape, size);
            }

            if (shape == "AliasChain")
            {
                yield return new ScalingCase(shape, 10_000);
            }
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var (path, text) = SyntheticContracts.Create(Case.Shape, Case.Size);
        var file = new ContractFile(path, text, true, "Bench", null, null);
        _input = new ContractInput(file, EquatableArray.From(new[] { file }));
    }

    /// <summary>FiniGen's stages called directly, as <see cref="GenerationBenchmarks.FiniGenStages"/>: read (index, parse, model), split, emit.</summary>
    [Benchmark(Description = "FiniGen stages (read + emit)")]
    public long FiniGenStages()
    {
        var result = ContractReader.Read(_input, CancellationToken.None);
        long characters = 0;
        if (result.Model is not null)
        {
            foreach (var part in SourceEmitter.Split(result.Model, _input.Entry.Path))
            {
                characters += SourceEmitter.Emit(part).Length;
            }
        }

        return characters + result.Diagnostics.Count;
    }
}

/// <summary>A synthetic contract: its shape and size (levels, links or components).</summary>
/// <param name="Shape">The shape (see <see cref="ScalingBenchmarks"/>).</param>
/// <param name="Size">How many levels, links or components.</param>
public sealed record ScalingCase(string Shape, int Size)
{
    /// <summary>Shown in BenchmarkDotNet's tables.</summary>
    public override string ToString() => Shape + " " + Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Writes the synthetic contracts of <see cref="ScalingBenchmarks"/>.</summary>
public static class SyntheticContracts
{
    private const string YamlHeader = "openapi: 3.0.3\ninfo: { title: Scaling, version: '1' }\n";

    /// <summary>The path and text of the contract of <paramref name="shape"/> and <paramref name="size"/>.</summary>
    public static (string Path, string Text) Create(string shape, int size) => shape switch
    {
        "JsonNesting" => ("/c/scaling.openapi.json", JsonNesting(size)),
        "YamlNesting" => ("/c/scaling.openapi.yaml", YamlNesting(size)),
        "AliasChain" => ("/c/scaling.openapi.yaml", Chain(size, i => "{ $ref: '#/components/schemas/A" + (i + 1) + "' }", "{ type: string, maxLength: 10 }")),
        "ObjectChain" => ("/c/scaling.openapi.yaml", Chain(size, i => "{ type: object, properties: { name: { type: string }, next: { $ref: '#/components/schemas/A" + (i + 1) + "' } } }", "{ type: object, properties: { last: { type: boolean } } }")),
        "ListAliasChain" => ("/c/scaling.openapi.yaml", Chain(size, i => "{ type: array, items: { $ref: '#/components/schemas/A" + (i + 1) + "' } }", "{ type: string }")),
        "Wide" => ("/c/scaling.openapi.yaml", Wide(size)),
        _ => throw new ArgumentException("Unknown shape " + shape, nameof(shape)),
    };

    // One schema nesting `depth` object schemas: about 37 bytes a level (370 KB at 10,000, the contract).
    private static string JsonNesting(int depth)
    {
        var builder = new StringBuilder("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Scaling\",\"version\":\"1\"},\"paths\":{},\"components\":{\"schemas\":{\"S\":");
        for (var i = 0; i < depth; i++)
        {
            builder.Append("{\"type\":\"object\",\"properties\":{\"a\":");
        }

        builder.Append("{\"type\":\"string\"}");
        for (var i = 0; i < depth; i++)
        {
            builder.Append("}}");
        }

        return builder.Append("}}}").ToString();
    }

    private static string YamlNesting(int depth)
    {
        var builder = new StringBuilder(YamlHeader).Append("paths: {}\ncomponents:\n  schemas:\n    S: ");
        for (var i = 0; i < depth; i++)
        {
            builder.Append("{ type: object, properties: { a: ");
        }

        builder.Append("{ type: string }");
        for (var i = 0; i < depth; i++)
        {
            builder.Append(" } }");
        }

        return builder.Append('\n').ToString();
    }

    // Holder refers to A0; A0 … A(n-1) are step(i); An is last.
    private static string Chain(int length, Func<int, string> step, string last)
    {
        var builder = new StringBuilder(YamlHeader)
            .Append("paths:\n  /holder:\n    get:\n      operationId: getHolder\n      responses:\n        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Holder' } } } }\n")
            .Append("components:\n  schemas:\n    Holder: { type: object, properties: { a: { $ref: '#/components/schemas/A0' } } }\n");
        for (var i = 0; i < length; i++)
        {
            builder.Append("    A").Append(i).Append(": ").Append(step(i)).Append('\n');
        }

        return builder.Append("    A").Append(length).Append(": ").Append(last).Append('\n').ToString();
    }

    // count components of five members each (a string with a rule, a number, a list, a reference, an enum), and an
    // operation for every tenth.
    private static string Wide(int count)
    {
        var builder = new StringBuilder(YamlHeader).Append("paths:\n");
        for (var i = 0; i < count / 10; i++)
        {
            builder.Append("  /r").Append(i).Append(":\n    get:\n      operationId: get").Append(i)
                .Append("\n      parameters: [ { name: q, in: query, schema: { type: string } } ]\n      responses:\n        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/S")
                .Append(i).Append("' } } } }\n");
        }

        builder.Append("components:\n  schemas:\n");
        for (var i = 0; i < count; i++)
        {
            builder.Append("    S").Append(i).Append(": { type: object, required: [a], properties: { a: { type: string, maxLength: 10 }, b: { type: integer }, c: { type: array, items: { type: string } }, d: { $ref: '#/components/schemas/S")
                .Append((i + 1) % count).Append("' }, e: { type: string, enum: [x, y] } } }\n");
        }

        return builder.ToString();
    }
}
