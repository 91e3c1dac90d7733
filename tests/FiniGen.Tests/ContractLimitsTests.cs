using System;
using System.Linq;
using System.Text;
using System.Threading;
using FiniGen.Common;
using FiniGen.Contract;
using FiniGen.Diagnostics;
using FiniGen.Emit;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FiniGen.Tests;

/// <summary>Tests that measure allocations run alone, after the parallel ones, so that no other test's allocations count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurements
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Allocation measurements";
}

/// <summary>
/// Contracts that would cost the compiler host more than their size: deep nesting, long chains of references, cycles.
/// The generator runs inside the user's IDE and build, so each must end in output or a located diagnostic, with time,
/// memory and stack that grow no faster than the contract.
/// </summary>
public class ContractLimitsTests
{
    private const string Header = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n";

    // ---------------------------------------------------------------- nesting

    [Fact]
    public void JsonNestedTenThousandDeepIsReportedAtTheFirstValueBeyondTheLimit()
    {
        var json = PositionIndexTests.Nested(10_000);

        var diagnostic = SingleError(json, "/c/api.openapi.json");

        // Containers: the root, components, schemas, S, then two per schema (properties, a): the 65th is the 31st "properties".
        Assert.Equal(DiagnosticDescriptors.ContractReadErrorId, diagnostic.Id);
        AssertAt(diagnostic, "/c/api.openapi.json", line: 1, column: NthIndexOf(json, "\"properties\"", 31) + 1);
        Assert.Contains("'properties' is nested 65 levels deep", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("at most 64 levels", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void YamlNestedTenThousandDeepIsReportedAtTheFirstValueBeyondTheLimit()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    S: "
            + string.Concat(Enumerable.Repeat("{type: object, properties: {a: ", 10_000)) + "{type: string}" + string.Concat(Enumerable.Repeat("}}", 10_000)) + "\n";

        var diagnostic = SingleError(yaml, "/c/api.openapi.yaml");

        Assert.Equal(DiagnosticDescriptors.ContractReadErrorId, diagnostic.Id);
        AssertAt(diagnostic, "/c/api.openapi.yaml", line: 8, column: NthIndexOf(yaml, "properties", 31) - yaml.LastIndexOf('\n', NthIndexOf(yaml, "properties", 31)));
        Assert.Contains("'properties' is nested 65 levels deep", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void BlockYamlNestedBeyondTheLimitIsReportedAtItsKey()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    S:\n"
            + string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', 6 + (4 * i)) + "type: object\n" + new string(' ', 6 + (4 * i)) + "properties:\n" + new string(' ', 8 + (4 * i)) + "a" + i + ":\n"))
            + new string(' ', 6 + 400) + "type: string\n";

        var diagnostic = SingleError(yaml, "/c/api.openapi.yaml");

        // The 65th container is the 31st "properties" (of a29), on line 8 + 3 * 30 + 2.
        AssertAt(diagnostic, "/c/api.openapi.yaml", line: 100, column: 6 + (4 * 30) + 1);
        Assert.Contains("'properties' is nested 65 levels deep", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void NestingUpToTheLimitIsRead()
    {
        // 30 nested schemas: 64 containers, the most both readers take.
        var json = PositionIndexTests.Nested(30);

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.json", json) });

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotEmpty(result.GeneratedTrees);
    }

    // ---------------------------------------------------------------- chains of references

    [Fact]
    public void AnAliasChainTenThousandLongEndsInItsTarget()
    {
        // A0: { $ref: A1 }, ..., A9999: { $ref: A10000 }, A10000: { type: string }. This took more than 300 s (Microsoft.OpenApi's
        // reference check and every property read through a $ref walk the rest of the chain, a Uri per step).
        var yaml = Chain(10_000, i => "{ $ref: '#/components/schemas/A" + (i + 1) + "' }", "{ type: string, maxLength: 5 }", sent: true);

        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, null, "class Use { string? M(Consumer.Api.Holder h) => h.A; }");
        Assert.Contains("FiniGenRule(global::Consumer.Api.ApiRuleKind.MaxLength, \"5\")", ContractCompiler.Source(output, "Models.Holder"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnnotatedAliasChainTenThousandLongEndsInItsTargetWithoutADeepStack()
    {
        // "allOf: [$ref]" beside an annotation is a reference too; resolving one through another must not recurse.
        var yaml = Chain(10_000, i => "{ description: 'step " + i + "', allOf: [ { $ref: '#/components/schemas/A" + (i + 1) + "' } ] }", "{ type: integer, format: int64 }");

        var result = ReadOnSmallStack(yaml);

        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "FG0099" or "FG0003" or "FG0007");
        Assert.Contains(result.Model!.Objects.Single(o => o.Name == "Holder").Properties, p => p.Type.Kind == FiniGen.Model.TypeKind.Int64);
    }

    [Fact]
    public void AChainOfObjectsThroughPropertiesNeedsNoDeepStack()
    {
        // Legal and recursive-looking: each object refers to the next. Every object used to be built inside the one that
        // referred to it, 3,000 frames deep.
        var yaml = Chain(3_000, i => "{ type: object, properties: { name: { type: string }, next: { $ref: '#/components/schemas/A" + (i + 1) + "' } } }", "{ type: object, properties: { last: { type: boolean } } }");

        var result = ReadOnSmallStack(yaml);

        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "FG0099" or "FG0003" or "FG0007");
        Assert.Equal(3_002, result.Model!.Objects.Count);
        Assert.Contains(result.Model.Objects.Single(o => o.Name == "A2999").Properties, p => p.JsonName == "next" && p.Type.Name == "A3000");
    }

    [Fact]
    public void AChainOfCompositionsNeedsNoDeepStack()
    {
        var yaml = Chain(2_000, i => "{ oneOf: [ { $ref: '#/components/schemas/A" + (i + 1) + "' }, { $ref: '#/components/schemas/Part' } ] }", "{ $ref: '#/components/schemas/Part' }")
            + "    Part: { type: object, properties: { name: { type: string } } }\n";

        var result = ReadOnSmallStack(yaml);

        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "FG0099" or "FG0003");
        Assert.Contains(result.Model!.Objects, o => o.Name == "A0" && o.Properties.Any(p => p.JsonName == "name"));
    }

    [Fact]
    public void DeeplyNestedListsCompileWithTheirItemTypesWrittenOut()
    {
        // 24 inline lists of lists: the compiler inferred each nested lambda's type by binding it again for every level
        // above it (20 levels took 94 s; 24 would take about 25 minutes). Written-out types bind each level once.
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Holder:\n      type: object\n      properties:\n        grid: "
            + string.Concat(Enumerable.Repeat("{ type: array, items: ", 24)) + "{ type: integer }" + new string('}', 24) + "\n";

        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, null, "class Use { object? M(Consumer.Api.Holder h) => h.Grid; }");

        var holder = ContractCompiler.Source(output, "Models.Holder");
        Assert.Contains(".ReadList<global::System.Collections.Generic.IList<", holder, StringComparison.Ordinal);
        Assert.Contains(".WriteList<global::System.Collections.Generic.IList<", holder, StringComparison.Ordinal);
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Holder", "{\"grid\":" + new string('[', 24) + "1,2" + new string(']', 24) + "}");
    }

    [Fact]
    public void ListsNestedThroughAliasesStopAtTheLimitWithAWarning()
    {
        // A0 is a list of A1, a list of A2, ...: each step nests the C# type one level deeper.
        var yaml = Chain(10_000, i => "{ type: array, items: { $ref: '#/components/schemas/A" + (i + 1) + "' } }", "{ type: string }");

        var (_, output, diagnostics) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, new[] { "FG0007" }, "class Use { object? M(Consumer.Api.Holder h) => h.A?[0]; }");

        var first = diagnostics.Where(d => d.Id == "FG0007").OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).First();
        Assert.Contains("more than 64 levels", first.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("at /components/schemas/A64 ", first.GetMessage(), StringComparison.Ordinal);
        var holder = ContractCompiler.Source(output, "Models.Holder");
        Assert.Contains(string.Concat(Enumerable.Repeat("global::System.Collections.Generic.IList<", 64)) + "global::System.Text.Json.JsonElement", holder, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- cycles

    [Theory]
    [InlineData("A: { $ref: '#/components/schemas/A' }", "A", "A → A")]
    [InlineData("A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/A' }", "B", "A → B → A")]
    [InlineData("A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/C' }\n    C: { $ref: '#/components/schemas/A' }", "C", "A → B → C → A")]
    [InlineData("A: { allOf: [ { $ref: '#/components/schemas/B' } ] }\n    B: { nullable: true, allOf: [ { $ref: '#/components/schemas/A' } ] }", "B", "A → B → A")]
    [InlineData("A: { $ref: '#/components/schemas/B' }\n    B: { allOf: [ { $ref: '#/components/schemas/A' } ] }", "B", "A → B → A")]
    public void ACycleOfReferencesThatNeverReachesASchemaIsAnErrorAtTheRefThatClosesIt(string schemas, string closing, string cycle)
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Holder: { type: object, properties: { a: { $ref: '#/components/schemas/A' } } }\n    " + schemas + "\n";

        var (_, output, diagnostics) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, new[] { "FG0003" }, "class Use { System.Text.Json.JsonElement? M(Consumer.Api.Holder h) => h.A; }");

        var diagnostic = Assert.Single(diagnostics, d => d.Id == "FG0003");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("closes the cycle " + cycle, diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, "/c/api.openapi.yaml", line: yaml.Substring(0, LastRefOf(yaml, closing)).Count(c => c == '\n') + 1, column: LastRefOf(yaml, closing) - yaml.LastIndexOf('\n', LastRefOf(yaml, closing)));
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.Api.Holder"));
    }

    [Theory]
    [InlineData("A: { type: array, items: { $ref: '#/components/schemas/A' } }", "A", "A → A")]
    [InlineData("A: { type: array, items: { $ref: '#/components/schemas/B' } }\n    B: { type: object, additionalProperties: { $ref: '#/components/schemas/A' } }", "B", "A → B → A")]
    [InlineData("A: { $ref: '#/components/schemas/B' }\n    B: { type: array, items: { allOf: [ { $ref: '#/components/schemas/A' } ] } }", "B", "A → B → A")]
    public void ACycleThroughListsOrMapsWithNoObjectIsAWarningAtTheRefThatClosesIt(string schemas, string closing, string cycle)
    {
        // Valid JSON Schema ([[[]]]), but no C# type: the innermost value is typed JsonElement, which keeps it whole.
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Holder: { type: object, properties: { a: { $ref: '#/components/schemas/A' } } }\n    " + schemas + "\n";

        var (_, output, diagnostics) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, new[] { "FG0007" }, "class Use { object? M(Consumer.Api.Holder h) => h.A; }");

        var diagnostic = Assert.Single(diagnostics, d => d.Id == "FG0007");
        Assert.Contains(cycle, diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, "/c/api.openapi.yaml", line: yaml.Substring(0, LastRefOf(yaml, closing)).Count(c => c == '\n') + 1, column: LastRefOf(yaml, closing) - yaml.LastIndexOf('\n', LastRefOf(yaml, closing)));
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Holder", cycle == "A → A" ? """{"a":[[[]],[]]}""" : """{"a":[{"x":[{"y":[]}]}]}""");
    }

    [Fact]
    public void CyclesThroughObjectsAreRecursiveTypes()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                A: { type: object, properties: { b: { $ref: '#/components/schemas/B' } } }
                B: { allOf: [ { $ref: '#/components/schemas/C' } ], description: an annotated reference }
                C: { type: object, properties: { a: { type: array, items: { $ref: '#/components/schemas/A' } }, self: { $ref: '#/components/schemas/C' } } }
            """;

        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, null, "class Use { int M(Consumer.Api.A a) => a.B?.A?[0].B?.Self?.A?.Count ?? 0; }");
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.A", """{"b":{"a":[{"b":{"self":{}}}]}}""");
    }

    // ---------------------------------------------------------------- helpers

    // Holder refers to A0; A0 ... A(n-1) are step(i); An is last.
    internal static string Chain(int length, Func<int, string> step, string last, bool sent = false)
    {
        // sent: Holder is a request body, so that it carries its rules (only request models do).
        var paths = sent
            ? "paths:\n  /holder:\n    put:\n      operationId: putHolder\n      requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Holder' } } } }\n      responses: { '204': { description: ok } }\n"
            : "paths: {}\n";
        var builder = new StringBuilder(Header).Append(paths).Append("components:\n  schemas:\n    Holder: { type: object, properties: { a: { $ref: '#/components/schemas/A0' } } }\n");
        for (var i = 0; i < length; i++)
        {
            builder.Append("    A").Append(i).Append(": ").Append(step(i)).Append('\n');
        }

        return builder.Append("    A").Append(length).Append(": ").Append(last).Append('\n').ToString();
    }

    internal static ContractResult Read(string yaml)
    {
        var file = new ContractFile("/c/api.openapi.yaml", yaml, true, null, null, "Consumer");
        return ContractReader.Read(new ContractInput(file, EquatableArray.From(new[] { file })), CancellationToken.None);
    }

    // Reads (and emits) on a thread with a 256 KB stack: recursion as deep as the contract is long would overflow it.
    private static ContractResult ReadOnSmallStack(string yaml)
    {
        ContractResult? result = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    var file = new ContractFile("/c/api.openapi.yaml", yaml, true, null, null, "Consumer");
                    result = ContractReader.ReadWithoutSafetyNet(new ContractInput(file, EquatableArray.From(new[] { file })), CancellationToken.None);
                    foreach (var part in result.Model is null ? Enumerable.Empty<FiniGen.Model.EmitPart>() : SourceEmitter.Split(result.Model, file.Path))
                    {
                        SourceEmitter.Emit(part);
                    }
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            },
            256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.NotNull(result!.Model);
        return result;
    }

    private static int LastRefOf(string yaml, string component)
    {
        var line = yaml.IndexOf("\n    " + component + ":", StringComparison.Ordinal);
        return yaml.LastIndexOf("$ref", yaml.IndexOf('\n', line + 1), StringComparison.Ordinal);
    }


    private static Diagnostic SingleError(string text, string path)
    {
        var (result, _) = GeneratorHarness.Run(new[] { new TestContract(path, text) });
        Assert.Null(result.Results.Single().Exception);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 1, "expected one error but got: " + string.Join("\n", result.Diagnostics));
        return errors[0];
    }

    private static void AssertAt(Diagnostic diagnostic, string path, int line, int column)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.True(
            (line, column) == (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1),
            $"{diagnostic} is at {span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}, expected {line}:{column}");
    }

    private static int NthIndexOf(string text, string value, int n)
    {
        var at = -1;
        for (var i = 0; i < n; i++)
        {
            at = text.IndexOf(value, at + 1, StringComparison.Ordinal);
        }

        return at;
    }
}

/// <summary>Allocation measurements of <see cref="ContractLimitsTests"/>'s contracts, run alone.</summary>
[Collection(AllocationMeasurements.Name)]
public class ContractLimitsAllocationTests
{
    [Fact]
    public void AnAliasChainCostsInProportionToItsLength()
    {
        ContractLimitsTests.Read(ContractLimitsTests.Chain(10, i => "{ $ref: '#/components/schemas/A" + (i + 1) + "' }", "{ type: string }"));
        var shorter = AllocatedBy(() => ContractLimitsTests.Read(ContractLimitsTests.Chain(500, i => "{ $ref: '#/components/schemas/A" + (i + 1) + "' }", "{ type: string }")));
        var longer = AllocatedBy(() => ContractLimitsTests.Read(ContractLimitsTests.Chain(1_000, i => "{ $ref: '#/components/schemas/A" + (i + 1) + "' }", "{ type: string }")));

        Assert.True(longer < 2.5 * shorter, $"twice the chain allocated {longer / (double)shorter:0.0} times as much ({shorter:N0} to {longer:N0} bytes)");
    }

    [Fact]
    public void NamesThatAllBecomeTheSameIdentifierCostInProportionToTheirNumber()
    {
        // 'a', 'a-', 'a.', 'a_-', …: each becomes A, and was given the first free A2, A3, … by trying every suffix from 2.
        ContractLimitsTests.Read(SameNames(10));
        var fewer = AllocatedBy(() => ContractLimitsTests.Read(SameNames(2_000)));
        var more = AllocatedBy(() => ContractLimitsTests.Read(SameNames(4_000)));

        Assert.True(more < 2.5 * fewer, $"twice the names allocated {more / (double)fewer:0.0} times as much ({fewer:N0} to {more:N0} bytes)");
    }

    // count property names that are "a" followed by different runs of separators.
    private static string SameNames(int count)
    {
        var names = new System.Collections.Generic.List<string>();
        for (var i = 0; names.Count < count; i++)
        {
            var name = new StringBuilder("a");
            for (var n = i; n > 0; n /= 4)
            {
                name.Append("-_. "[n % 4]);
            }

            names.Add(name.ToString());
        }

        return "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Wide:\n      type: object\n      properties:\n"
            + string.Concat(names.Select(n => "        '" + n + "': { type: string }\n"));
    }

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }
}
