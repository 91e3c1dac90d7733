using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FiniGen.Tests.Infrastructure;

/// <summary>Compiles generated sources as a consumer would: nullable on, every warning an error.</summary>
public static class CompileCheck
{
    public static IEnumerable<MetadataReference> Net80 => Basic.Reference.Assemblies.Net80.References.All;

    public static IEnumerable<MetadataReference> Net100 => Basic.Reference.Assemblies.Net100.References.All;

    /// <summary>Runs the generator over <paramref name="contracts"/> plus <paramref name="consumerSources"/> and asserts that nothing warns.</summary>
    public static Compilation AssertCompilesCleanly(IEnumerable<TestContract> contracts, IEnumerable<MetadataReference> references, LanguageVersion language, params string[] consumerSources)
    {
        var parseOptions = new CSharpParseOptions(language, DocumentationMode.Diagnose);
        var compilation = CSharpCompilation.Create(
            "Consumer",
            consumerSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: "Consumer" + i + ".cs")),
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1591"] = ReportDiagnostic.Error }));
        var driver = GeneratorHarness.CreateDriver(contracts).WithUpdatedParseOptions(parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, "The generated client does not compile cleanly:\n" + string.Join("\n", problems.Take(40)));
        return output;
    }
}
