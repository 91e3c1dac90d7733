using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Validations;

namespace FiniGen.Benchmarks.Readers16;

/// <summary>
/// The parse-only floor with Microsoft.OpenApi.Readers 1.6.31 (the reader of the 1.x line, which FiniGen does not use:
/// it reads with Microsoft.OpenApi 3.11), on the same specs and with the same job as GenerationBenchmarks.
/// </summary>
[Config(typeof(BenchmarkConfigs.Generation))]
public class ReadersParseBenchmarks
{
    private byte[] _utf8 = null!;

    /// <summary>The spec, by name (see <see cref="Specs"/>).</summary>
    [Params(Specs.Fini, Specs.GitHub, Specs.Stripe, Specs.Kubernetes)]
    public string Spec { get; set; } = Specs.Fini;

    [GlobalSetup]
    public void Setup() => _utf8 = Encoding.UTF8.GetBytes(Specs.All[Spec].ReadText());

    /// <summary>Read with the default settings (validation rules on).</summary>
    [Benchmark(Baseline = true, Description = "Microsoft.OpenApi.Readers 1.6.31 parse")]
    public OpenApiDocument Parse() => Read(ValidationRuleSet.GetDefaultRuleSet());

    /// <summary>Read with no validation rules.</summary>
    [Benchmark(Description = "Microsoft.OpenApi.Readers 1.6.31 parse, no validation")]
    public OpenApiDocument ParseNoValidation() => Read(ValidationRuleSet.GetEmptyRuleSet());

    private OpenApiDocument Read(ValidationRuleSet rules)
    {
        using var stream = new MemoryStream(_utf8, writable: false);
        return new OpenApiStreamReader(new OpenApiReaderSettings { RuleSet = rules }).Read(stream, out _);
    }
}
