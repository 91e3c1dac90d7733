using System;
using System.Collections.Generic;
using System.Linq;
using FiniGen.Analyzers;
using FiniGen.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace FiniGen.Tests.Infrastructure;

/// <summary>
/// Analyzer and code-fix tests over the client FiniGen generates from the Fini contract (namespace <c>Fini.Client</c>).
/// The generated files are added as sources; they are marked auto-generated, so the analyzers skip them as they
/// would in a real build. Reference assemblies are pinned to net8.0, the lowest consumer FiniGen supports.
/// </summary>
public static class AnalyzerTestHelpers
{
    private static readonly Lazy<IReadOnlyList<(string Path, string Text)>> s_generated = new(() =>
    {
        var (result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.FiniContract() });
        return result.Results[0].GeneratedSources.Select(s => ("/0/Generated/" + s.HintName, s.SourceText.ToString())).ToList();
    });

    public static CSharpAnalyzerTest<ContractUsageAnalyzer, DefaultVerifier> Analyzer(string source, params string[] disabled)
    {
        var test = new CSharpAnalyzerTest<ContractUsageAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test, disabled);
        return test;
    }

    public static CSharpCodeFixTest<ContractUsageAnalyzer, ContractUsageCodeFixProvider, DefaultVerifier> CodeFix(string source, string fixedSource, params string[] disabled)
    {
        var test = new CSharpCodeFixTest<ContractUsageAnalyzer, ContractUsageCodeFixProvider, DefaultVerifier> { TestCode = source, FixedCode = fixedSource };
        Configure(test, disabled);
        foreach (var generated in s_generated.Value)
        {
            test.FixedState.Sources.Add(generated);
        }

        return test;
    }

    private static void Configure<TVerifier>(AnalyzerTest<TVerifier> test, string[] disabled)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        foreach (var generated in s_generated.Value)
        {
            test.TestState.Sources.Add(generated);
        }

        test.DisabledDiagnostics.AddRange(disabled);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution
                .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp12))
                .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable));
        });
    }
}
