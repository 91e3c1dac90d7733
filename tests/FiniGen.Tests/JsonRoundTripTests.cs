using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FiniGen.Tests.Fini;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// Every request and response example of the seed pages and the reference round-trips through the models that
/// FiniGen generated for this very test project (see FiniGenContractDirectory in the project file).
/// </summary>
public class JsonRoundTripTests
{
    private static readonly string ExamplesDirectory = Path.Combine(AppContext.BaseDirectory, "Examples");

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(ExamplesDirectory, "manifest.json")));
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            data.Add(entry.GetProperty("file").GetString()!, entry.GetProperty("schema").GetString()!);
        }

        return data;
    }

    [Fact]
    public void TheManifestListsEveryExampleFile()
    {
        var listed = Examples().Select(row => (string)row[0]).OrderBy(f => f, StringComparer.Ordinal);
        var onDisk = Directory.GetFiles(ExamplesDirectory, "*.json").Select(Path.GetFileName).Where(f => f != "manifest.json").OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(onDisk, listed);
        Assert.True(listed.Count() >= 20);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleRoundTrips(string file, string schema)
    {
        var original = File.ReadAllBytes(Path.Combine(ExamplesDirectory, file));

        var written = RoundTrip(schema, original);
        AssertSameJson(original, written, file);

        // Writing is stable: what was written reads back and writes to the same bytes.
        Assert.Equal(Encoding.UTF8.GetString(written), Encoding.UTF8.GetString(RoundTrip(schema, written)));
    }

    [Fact]
    public void UnknownEnumValuesAndUnknownMembersSurvive()
    {
        var json = File.ReadAllBytes(Path.Combine(ExamplesDirectory, "compat.document-unknown-enum-and-fields.json"));

        var document = FiniSourcesJson.Deserialize(json, Document.ReadJson);

        Assert.Equal("sharepoint", document.Source.Value);
        Assert.False(document.Source.IsKnown);
        Assert.NotEqual(SourceType.Web, document.Source);
        Assert.Equal("CANCELLED", document.LinkedJobStatus?.Value);
        Assert.False(document.LinkedJobStatus?.IsKnown);
        Assert.Equal(2, document.AdditionalProperties.Count);
        Assert.Equal(42, document.AdditionalProperties["anotherNew"].GetInt32());
        Assert.Equal(JsonValueKind.Null, document.AdditionalProperties["futureField"].GetProperty("nested")[2].GetProperty("x").ValueKind);
        AssertSameJson(json, FiniSourcesJson.Serialize(document, Document.WriteJson), "compat fixture");
    }

    [Fact]
    public void KnownEnumValuesCompareToTheGeneratedMembers()
    {
        var document = FiniSourcesJson.Deserialize(File.ReadAllBytes(Path.Combine(ExamplesDirectory, "reference.document.json")), Document.ReadJson);

        Assert.True(document.Source.IsKnown);
        Assert.Contains(document.Source, SourceType.KnownValues);
        Assert.Equal(new SourceType(document.Source.Value), document.Source);
        Assert.Equal(JobStatus.Completed, document.LinkedJobStatus);
    }

    [Fact]
    public void ExplicitNullAndAbsentMembersStayDistinct()
    {
        var withNull = FiniSourcesJson.Deserialize("""{"id":"5d9f67a8-d853-4af4-b7ce-23ebba1245e5","source":"web","createdAt":"2024-01-15T10:30:00Z","updatedAt":"2024-01-15T10:30:00Z","linkedReason":null}"""u8, Document.ReadJson);
        var absent = FiniSourcesJson.Deserialize("""{"id":"5d9f67a8-d853-4af4-b7ce-23ebba1245e5","source":"web","createdAt":"2024-01-15T10:30:00Z","updatedAt":"2024-01-15T10:30:00Z"}"""u8, Document.ReadJson);

        Assert.Contains("\"linkedReason\":null", Encoding.UTF8.GetString(FiniSourcesJson.Serialize(withNull, Document.WriteJson)));
        Assert.DoesNotContain("linkedReason", Encoding.UTF8.GetString(FiniSourcesJson.Serialize(absent, Document.WriteJson)));
    }

    [Fact]
    public void AMissingRequiredMemberIsAClearError()
    {
        var exception = Assert.Throws<JsonException>(() => FiniSourcesJson.Deserialize("""{"source":"web","createdAt":"2024-01-15T10:30:00Z","updatedAt":"2024-01-15T10:30:00Z"}"""u8, Document.ReadJson));
        Assert.Contains("'id'", exception.Message);
        Assert.Contains("Document", exception.Message);
    }

    [Fact]
    public void AWrongTypeIsAClearError()
    {
        var exception = Assert.Throws<JsonException>(() => FiniSourcesJson.Deserialize("""{"documents":[],"hasMore":"yes"}"""u8, ListSourcesResponse.ReadJson));
        Assert.Contains("true or false", exception.Message);
        Assert.Contains("byte", exception.Message);
    }

    [Fact]
    public void SystemTextJsonUsesTheGeneratedConverters()
    {
        var request = new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/a"] };

        var json = JsonSerializer.Serialize(request);

        Assert.Equal("""{"source":"web","documentIdsToAdd":["https://docs.example.com/a"]}""", json);
        Assert.Equal(IngestSource.Web, JsonSerializer.Deserialize<IngestSourcesRequest>(json)!.Source);
    }

    private static byte[] RoundTrip(string schema, byte[] json) => schema switch
    {
        "IngestSourcesRequest" => Write(Read(json, IngestSourcesRequest.ReadJson), IngestSourcesRequest.WriteJson),
        "SourceIdsResult" => Write(Read(json, SourceIdsResult.ReadJson), SourceIdsResult.WriteJson),
        "Error" => Write(Read(json, Error.ReadJson), Error.WriteJson),
        "RefreshSourcesRequest" => Write(Read(json, RefreshSourcesRequest.ReadJson), RefreshSourcesRequest.WriteJson),
        "RegisterProviderResourcesRequest" => Write(Read(json, RegisterProviderResourcesRequest.ReadJson), RegisterProviderResourcesRequest.WriteJson),
        "Document" => Write(Read(json, Document.ReadJson), Document.WriteJson),
        "ListSourcesResponse" => Write(Read(json, ListSourcesResponse.ReadJson), ListSourcesResponse.WriteJson),
        "CrawlLinksRequest" => Write(Read(json, CrawlLinksRequest.ReadJson), CrawlLinksRequest.WriteJson),
        "CrawlLinksResponse" => Write(Read(json, CrawlLinksResponse.ReadJson), CrawlLinksResponse.WriteJson),
        "DeleteSourcesRequest" => Write(Read(json, DeleteSourcesRequest.ReadJson), DeleteSourcesRequest.WriteJson),
        "DeleteSourcesResponse" => Write(Read(json, DeleteSourcesResponse.ReadJson), DeleteSourcesResponse.WriteJson),
        "BulkGenerateKnowledgeRequest" => Write(Read(json, BulkGenerateKnowledgeRequest.ReadJson), BulkGenerateKnowledgeRequest.WriteJson),
        "BulkGenerateKnowledgeResponse" => Write(Read(json, BulkGenerateKnowledgeResponse.ReadJson), BulkGenerateKnowledgeResponse.WriteJson),
        "CheckKnowledgeJobsRequest" => Write(Read(json, CheckKnowledgeJobsRequest.ReadJson), CheckKnowledgeJobsRequest.WriteJson),
        "CheckKnowledgeJobsResponse" => Write(Read(json, CheckKnowledgeJobsResponse.ReadJson), CheckKnowledgeJobsResponse.WriteJson),
        "array<string>" => WriteStrings(Read(json, static (ref Utf8JsonReader r) => FiniSourcesJson.ReadList(ref r, static (ref Utf8JsonReader i) => FiniSourcesJson.ReadString(ref i)))),
        "array<ProviderResource>" => Write(Read(json, static (ref Utf8JsonReader r) => FiniSourcesJson.ReadList(ref r, ProviderResource.ReadJson)), static (w, v) => FiniSourcesJson.WriteList(w, v, ProviderResource.WriteJson, null)),
        _ => throw new InvalidOperationException("No generated type mapped for schema " + schema),
    };

    private static T Read<T>(byte[] json, FiniSourcesJson.ReadFunc<T> read) => FiniSourcesJson.Deserialize(json, read);

    private static byte[] Write<T>(T value, Action<Utf8JsonWriter, T> write) => FiniSourcesJson.Serialize(value, write);

    private static byte[] WriteStrings(IList<string> values) => FiniSourcesJson.Serialize(values, static (w, v) => FiniSourcesJson.WriteList(w, v, static (w2, s) => w2.WriteStringValue(s), null));

    private static void AssertSameJson(byte[] expected, byte[] actual, string what)
    {
        var left = Normalize(JsonNode.Parse(expected));
        var right = Normalize(JsonNode.Parse(actual));
        Assert.True(JsonNode.DeepEquals(left, right), what + " did not round-trip:\nexpected " + left?.ToJsonString() + "\nwritten  " + right?.ToJsonString());
    }

    // Timestamps are compared as instants: "2024-01-15T10:30:00.000Z" and "2024-01-15T10:30:00+00:00" are the same value.
    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    obj[key] = Normalize(obj[key]?.DeepClone());
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Normalize(array[i]?.DeepClone());
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Length >= 20 && char.IsDigit(text[0]) && text.Contains('T') && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var instant):
                return JsonValue.Create(instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            default:
                return node;
        }
    }
}
