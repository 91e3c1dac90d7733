using System;
using System.Linq;
using FiniGen.Diagnostics;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FiniGen.Tests;

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

    // ---------------------------------------------------------------- helpers

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
