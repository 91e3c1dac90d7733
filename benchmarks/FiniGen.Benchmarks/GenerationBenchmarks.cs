using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BenchmarkDotNet.Attributes;
using FiniGen.Common;
using FiniGen.Contract;
using FiniGen.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;

namespace FiniGen.Benchmarks;

/// <summary>
/// Time and allocations to turn one spec into a client: FiniGen (the real generator through Roslyn's driver, and its
/// stages called directly), NSwag's C# client generator, and the parse-only floor of Microsoft.OpenApi 3.11 (the
/// reader FiniGen uses) with and without its validation rules. The text is in memory before each call; each call
/// starts from nothing, as a clean build does. Microsoft.OpenApi.Readers 1.6 is measured by FiniGen.Benchmarks.Readers16.
/// </summary>
[Config(typeof(BenchmarkConfigs.Generation))]
public class GenerationBenchmarks
{
    private Spec _spec = null!;
    private string _text = null!;
    private byte[] _utf8 = null!;
    private CSharpCompilation _consumer = null!;

    /// <summary>The spec, by name (see <see cref="Specs"/>).</summary>
    [Params(Specs.Fini, Specs.GitHub, Specs.Stripe, Specs.Kubernetes)]
    public string Spec { get; set; } = Specs.Fini;

    [GlobalSetup]
    public void Setup()
    {
        _spec = Specs.All[Spec];
        _text = _spec.ReadText();
        _utf8 = Encoding.UTF8.GetBytes(_text);
        _consumer = FiniGenHost.CreateCompilation("Consumer", Array.Empty<SyntaxTree>());
    }

    /// <summary>Microsoft.OpenApi 3.11 reads the document with its default settings (validation rules on), as FiniGen does.</summary>
    [Benchmark(Baseline = true, Description = "Microsoft.OpenApi 3.11 parse")]
    public OpenApiDocument? OpenApiParse() => Parse(ValidationRuleSet.GetDefaultRuleSet());

    /// <summary>The same read with no validation rules.</summary>
    [Benchmark(Description = "Microsoft.OpenApi 3.11 parse, no validation")]
    public OpenApiDocument? OpenApiParseNoValidation() => Parse(ValidationRuleSet.GetEmptyRuleSet());

    /// <summary>The real thing: FiniGen's incremental generator run by Roslyn's driver on a fresh driver, generated trees parsed.</summary>
    [Benchmark(Description = "FiniGen generator (driver)")]
    public int FiniGenGenerator()
    {
        var driver = FiniGenHost.CreateDriver(_spec.FullPath, _text, "Bench").RunGenerators(_consumer);
        return driver.GetRunResult().GeneratedTrees.Length;
    }

    /// <summary>FiniGen's stages called directly: read (parse + model), split, emit each file's text. No Roslyn.</summary>
    [Benchmark(Description = "FiniGen stages (read + emit)")]
    public long FiniGenStages()
    {
        var file = new ContractFile(_spec.FullPath, _text, true, "Bench", null, null);
        var result = ContractReader.Read(new ContractInput(file, EquatableArray.From(new[] { file })), CancellationToken.None);
        long characters = 0;
        if (result.Model is not null)
        {
            foreach (var part in SourceEmitter.Split(result.Model, file.Path))
            {
                characters += SourceEmitter.Emit(part).Length;
            }
        }

        return characters;
    }

    /// <summary>NSwag 14.8: load the document, generate one C# client file (System.Text.Json flavour).</summary>
    [Benchmark(Description = "NSwag load + generate")]
    public string NSwag() => NSwagGenerate(_spec, _text);

    /// <summary>NSwag's document load and C# client generation, as <c>nswag openapi2csclient</c> does it.</summary>
    public static string NSwagGenerate(Spec spec, string text)
    {
        var document = spec.IsYaml
            ? global::NSwag.OpenApiYamlDocument.FromYamlAsync(text).GetAwaiter().GetResult()
            : global::NSwag.OpenApiDocument.FromJsonAsync(text).GetAwaiter().GetResult();
        var settings = new CSharpClientGeneratorSettings
        {
            CSharpGeneratorSettings =
            {
                Namespace = "Bench",
                JsonLibrary = CSharpJsonLibrary.SystemTextJson,
            },
        };
        return new CSharpClientGenerator(document, settings).GenerateFile();
    }

    private OpenApiDocument? Parse(ValidationRuleSet rules)
    {
        var settings = new OpenApiReaderSettings { RuleSet = rules };
        settings.TryAddReader("yaml", new OpenApiYamlReader());
        using var stream = new MemoryStream(_utf8, writable: false);
        var result = OpenApiDocument.Load(stream, _spec.IsYaml ? "yaml" : "json", settings);
        return result.Document;
    }
}
