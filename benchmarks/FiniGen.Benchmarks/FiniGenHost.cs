using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FiniGen.Benchmarks;

/// <summary>Runs FiniGen the way the compiler does: the contract as an additional file with FiniGen's item metadata.</summary>
public static class FiniGenHost
{
    /// <summary>The language version of every compilation here: C# 12, the net8.0 default.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12);

    /// <summary>A library compilation against the net8.0 reference assemblies, nullable enabled.</summary>
    public static CSharpCompilation CreateCompilation(string assemblyName, IEnumerable<SyntaxTree> trees)
        => CSharpCompilation.Create(
            assemblyName,
            trees,
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Parses C# sources as files of a consumer project.</summary>
    public static IEnumerable<SyntaxTree> Parse(IEnumerable<(string Path, string Text)> sources)
        => sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text, System.Text.Encoding.UTF8), ParseOptions, s.Path));

    /// <summary>A driver holding FiniGen's generator and one contract.</summary>
    /// <param name="contractPath">The contract's path, as the compiler would know it.</param>
    /// <param name="contractText">The contract's text.</param>
    /// <param name="ns">The namespace of the generated client (item metadata <c>FiniGenNamespace</c>).</param>
    /// <param name="trackSteps">Whether to record incremental step reasons (the compiler does not).</param>
    public static GeneratorDriver CreateDriver(string contractPath, string contractText, string ns, bool trackSteps = false)
    {
        var text = new InMemoryAdditionalText(contractPath, contractText);
        var options = new ContractOptionsProvider(contractPath, ns);
        return CSharpGeneratorDriver.Create(
            new[] { new FiniGenGenerator().AsSourceGenerator() },
            new AdditionalText[] { text },
            ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
    }

    /// <summary>The trees FiniGen generates for a contract, and its diagnostics.</summary>
    public static (ImmutableArray<SyntaxTree> Trees, ImmutableArray<Diagnostic> Diagnostics) Generate(string contractPath, string contractText, string ns)
    {
        var compilation = CreateCompilation("Consumer", Array.Empty<SyntaxTree>());
        var driver = CreateDriver(contractPath, contractText, ns).RunGenerators(compilation);
        var result = driver.GetRunResult();
        return (result.GeneratedTrees, result.Diagnostics);
    }

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class ContractOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly string _contractPath;
        private readonly DictionaryOptions _contract;

        public ContractOptionsProvider(string contractPath, string ns)
        {
            _contractPath = contractPath;
            _contract = new DictionaryOptions(new Dictionary<string, string>
            {
                ["build_metadata.AdditionalFiles.FiniGenContract"] = "true",
                ["build_metadata.AdditionalFiles.FiniGenNamespace"] = ns,
            });
        }

        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
            => string.Equals(textFile.Path, _contractPath, StringComparison.Ordinal) ? _contract : DictionaryOptions.Empty;
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());
        private readonly Dictionary<string, string> _values;

        public DictionaryOptions(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
