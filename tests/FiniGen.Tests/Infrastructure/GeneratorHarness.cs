using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FiniGen.Tests.Infrastructure;

/// <summary>A contract file as the compiler would see it: path, text and FiniGen item metadata.</summary>
public sealed record TestContract(string Path, string Text, string Role = "true", string? Namespace = null, string? ClientName = null);

/// <summary>Runs <see cref="FiniGenGenerator"/> over in-memory contracts and C# sources.</summary>
public static class GeneratorHarness
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string FiniContractPath => Path.Combine(RepoRoot, "contract", "fini-sources.openapi.yaml");

    public static TestContract FiniContract() => new(FiniContractPath, File.ReadAllText(FiniContractPath), Namespace: "Fini.Client");

    public static CSharpCompilation CreateCompilation(IEnumerable<MetadataReference>? references = null, params string[] sources)
        => CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp12), path: "Source" + i + ".cs")),
            references ?? Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));

    public static GeneratorDriver CreateDriver(IEnumerable<TestContract> contracts, string rootNamespace = "Consumer")
        => CreateDriver(contracts, out _, rootNamespace);

    public static GeneratorDriver CreateDriver(IEnumerable<TestContract> contracts, out ImmutableArray<AdditionalText> texts, string rootNamespace = "Consumer")
    {
        texts = contracts.Select(c => (AdditionalText)new InMemoryAdditionalText(c.Path, c.Text)).ToImmutableArray();
        var options = new TestOptionsProvider(contracts.ToDictionary(c => c.Path, c => c), rootNamespace);
        return CSharpGeneratorDriver.Create(
            new[] { new FiniGenGenerator().AsSourceGenerator() },
            texts,
            new CSharpParseOptions(LanguageVersion.CSharp12),
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static (GeneratorDriverRunResult Result, Compilation Output) Run(IEnumerable<TestContract> contracts, CSharpCompilation? compilation = null)
    {
        compilation ??= CreateCompilation();
        var driver = CreateDriver(contracts).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FiniGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("FiniGen.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>An additional file held in memory.</summary>
public sealed class InMemoryAdditionalText : AdditionalText
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

/// <summary>Gives each test contract the item metadata FiniGen's props would give it.</summary>
public sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, TestContract> _contracts;
    private readonly DictionaryOptions _global;

    public TestOptionsProvider(Dictionary<string, TestContract> contracts, string rootNamespace)
    {
        _contracts = contracts;
        _global = new DictionaryOptions(new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });
    }

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
    {
        if (!_contracts.TryGetValue(textFile.Path, out var contract))
        {
            return DictionaryOptions.Empty;
        }

        var values = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.FiniGenContract"] = contract.Role };
        if (contract.Namespace is not null)
        {
            values["build_metadata.AdditionalFiles.FiniGenNamespace"] = contract.Namespace;
        }

        if (contract.ClientName is not null)
        {
            values["build_metadata.AdditionalFiles.FiniGenClientName"] = contract.ClientName;
        }

        return new DictionaryOptions(values);
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());
        private readonly Dictionary<string, string> _values;

        public DictionaryOptions(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
