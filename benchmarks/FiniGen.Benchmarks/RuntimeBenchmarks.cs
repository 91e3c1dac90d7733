using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Fini = FiniGen.Benchmarks.Fini;
using Stj = FiniGen.Benchmarks.Stj;

namespace FiniGen.Benchmarks;

/// <summary>
/// Reading a 1,000-source <c>listSources</c> page (about 1.6 MB of JSON) into models: with the code FiniGen generates
/// into this project from the Fini contract (the path the generated client takes for a response), with System.Text.Json's
/// source generator over equivalent hand-written models, and with System.Text.Json's reflection path.
/// </summary>
[Config(typeof(BenchmarkConfigs.Runtime))]
public class DeserializeBenchmarks
{
    private byte[] _page = null!;

    [GlobalSetup]
    public void Setup()
    {
        _page = RuntimeData.ListSourcesPage(1000);
        var fini = FiniGen();
        var generated = StjSourceGenerated();
        var reflection = StjReflection();
        var finiTitles = string.Join("|", fini.Documents.Select(d => d.Title + d.Source.Value + d.UpdatedAt.ToUnixTimeMilliseconds() + d.Paragraphs?.Count));
        var stjTitles = string.Join("|", generated.Documents.Select(d => d.Title + JsonSerializer.Serialize(d.Source, Stj.StjContext.ReflectionOptions).Trim('"') + d.UpdatedAt.ToUnixTimeMilliseconds() + d.Paragraphs?.Count));
        if (fini.Documents.Count != 1000 || generated.Documents.Count != 1000 || reflection.Documents.Count != 1000 || finiTitles != stjTitles)
        {
            throw new InvalidOperationException("The three readers disagree on the page.");
        }

        Console.WriteLine($"// listSources page: {fini.Documents.Count} sources, {_page.Length:N0} bytes of JSON; the three readers agree.");
    }

    /// <summary>FiniGen's generated reader, as the generated client calls it on a response body.</summary>
    [Benchmark(Description = "FiniGen generated code")]
    public Fini.ListSourcesResponse FiniGen() => Fini.FiniSourcesJson.Deserialize(_page, Fini.ListSourcesResponse.ReadJson);

    /// <summary>System.Text.Json with its source-generated metadata.</summary>
    [Benchmark(Baseline = true, Description = "System.Text.Json source generator")]
    public Stj.ListSourcesResponse StjSourceGenerated() => JsonSerializer.Deserialize(_page, Stj.StjContext.Default.ListSourcesResponse)!;

    /// <summary>System.Text.Json's reflection path (metadata cached after the first call).</summary>
    [Benchmark(Description = "System.Text.Json reflection")]
    public Stj.ListSourcesResponse StjReflection() => JsonSerializer.Deserialize<Stj.ListSourcesResponse>(_page, Stj.StjContext.ReflectionOptions)!;
}

/// <summary>
/// Writing 100 <c>ingestSources</c> request bodies (web imports of URLs and provider imports of source IDs) to UTF-8
/// byte arrays, one per request as a client sends them, with the same three serializers.
/// </summary>
[Config(typeof(BenchmarkConfigs.Runtime))]
public class SerializeBenchmarks
{
    private List<Fini.IngestSourcesRequest> _fini = null!;
    private List<Stj.IngestSourcesRequest> _stj = null!;

    [GlobalSetup]
    public void Setup()
    {
        var requests = RuntimeData.IngestRequests(100);
        _fini = requests.Select(r => new Fini.IngestSourcesRequest
        {
            Source = new Fini.IngestSource(r.Source),
            DocumentIdsToAdd = r.Add.ToList(),
            DocumentIdsToRefresh = r.Refresh.ToList(),
            English = r.English,
            Baser = r.Baser,
        }).ToList();
        _stj = requests.Select(r => new Stj.IngestSourcesRequest
        {
            Source = JsonSerializer.Deserialize<Stj.IngestSource>("\"" + r.Source + "\"", Stj.StjContext.ReflectionOptions),
            DocumentIdsToAdd = r.Add.ToList(),
            DocumentIdsToRefresh = r.Refresh.ToList(),
            English = r.English,
            Baser = r.Baser,
        }).ToList();

        long bytes = 0;
        for (var i = 0; i < _fini.Count; i++)
        {
            var fini = Fini.FiniSourcesJson.Serialize(_fini[i], Fini.IngestSourcesRequest.WriteJson);
            var generated = JsonSerializer.SerializeToUtf8Bytes(_stj[i], Stj.StjContext.Default.IngestSourcesRequest);
            var reflection = JsonSerializer.SerializeToUtf8Bytes(_stj[i], Stj.StjContext.ReflectionOptions);
            if (!JsonNode.DeepEquals(JsonNode.Parse(fini), JsonNode.Parse(generated)) || !JsonNode.DeepEquals(JsonNode.Parse(fini), JsonNode.Parse(reflection)))
            {
                throw new InvalidOperationException("The three writers disagree on request " + i + ":\n" + System.Text.Encoding.UTF8.GetString(fini) + "\n" + System.Text.Encoding.UTF8.GetString(generated));
            }

            bytes += fini.Length;
        }

        Console.WriteLine($"// ingestSources bodies: {_fini.Count} requests, {bytes:N0} bytes of JSON in all; the three writers agree.");
    }

    /// <summary>FiniGen's generated writer, as the generated client calls it for a request body.</summary>
    [Benchmark(Description = "FiniGen generated code")]
    public long FiniGen()
    {
        long total = 0;
        foreach (var request in _fini)
        {
            total += Fini.FiniSourcesJson.Serialize(request, Fini.IngestSourcesRequest.WriteJson).Length;
        }

        return total;
    }

    /// <summary>System.Text.Json with its source-generated metadata.</summary>
    [Benchmark(Baseline = true, Description = "System.Text.Json source generator")]
    public long StjSourceGenerated()
    {
        long total = 0;
        foreach (var request in _stj)
        {
            total += JsonSerializer.SerializeToUtf8Bytes(request, Stj.StjContext.Default.IngestSourcesRequest).Length;
        }

        return total;
    }

    /// <summary>System.Text.Json's reflection path.</summary>
    [Benchmark(Description = "System.Text.Json reflection")]
    public long StjReflection()
    {
        long total = 0;
        foreach (var request in _stj)
        {
            total += JsonSerializer.SerializeToUtf8Bytes(request, Stj.StjContext.ReflectionOptions).Length;
        }

        return total;
    }
}
