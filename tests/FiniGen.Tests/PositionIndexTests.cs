using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using FiniGen.Contract;
using FiniGen.Tests.Infrastructure;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// The position index maps JSON pointers to places in the contract. JSON contracts are indexed with
/// <c>Utf8JsonReader</c>, YAML (and JSON the strict reader refuses) with YAML events: both must give the same places.
/// </summary>
public class PositionIndexTests
{
    private const string Tricky = """
        {
          "openapi": "3.0.3",
          "info": { "title": "Ünïcødé 🚀 title", "version": "1" },
          "paths": {
            "/a\/b/{id}": {
              "get": {
                "operationId": "get\u00e9",
                "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "example": null } } ],
                "responses": { "200": { "description": "😀 ok", "content": { "application/json": { "schema": null } } } }
              }
            }
          },
          "components": {
            "schemas": {
              "Émoji🚀": {
                "type": "object",
                "properties": {
                  "tilde~name": { "type": "number", "default": 1.5e3 },
                  "flag": { "type": "boolean", "enum": [true, false, null] },
                  "empty": null,
                  "list": { "type": "array", "items": null },
                  "nested": { "type": "array", "items": [ [ 1, 2 ], { } ] }
                }
              },
              "Gone": null
            }
          }
        }
        """;

    [Fact]
    public void AJsonContractIsIndexedTheSameWithTheJsonReaderAsWithYamlEvents()
    {
        AssertSameIndex("/c/tricky.json", Tricky);
    }

    [Fact]
    public void TheFiniContractAsJsonIsIndexedTheSameBothWays()
    {
        // The repository's contract, written as JSON both indented and on one line.
        var yaml = File.ReadAllText(GeneratorHarness.FiniContractPath);
        var node = ToJson(new SharpYaml.Serialization.Serializer().Deserialize(yaml));
        AssertSameIndex("/c/fini.json", node!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        AssertSameIndex("/c/fini.min.json", node.ToJsonString());
    }

    [Fact]
    public void EmptySchemasInJsonAreFoundWithTheirPlaces()
    {
        var index = PositionIndex.Build("/c/tricky.json", Tricky, out var error);

        Assert.Null(error);
        Assert.Equal(
            new[]
            {
                "/paths/~1a~1b~1{id}/get/responses/200/content/application~1json/schema",
                "/components/schemas/Émoji🚀/properties/empty",
                "/components/schemas/Émoji🚀/properties/list/items",
                "/components/schemas/Gone",
            },
            index.EmptySchemas);
        var gone = index.Locate("/components/schemas/Gone", Tricky);
        Assert.Equal(Tricky.IndexOf("\"Gone\"", System.StringComparison.Ordinal), gone.Start);
        Assert.Equal("\"Gone\"".Length, gone.Length);
    }

    [Fact]
    public void JsonTheStrictReaderRefusesIsStillIndexedTheYamlWay()
    {
        // A trailing comma: not JSON, but YAML's flow syntax accepts it.
        const string text = "{ \"openapi\": \"3.0.3\", \"paths\": { \"/a\": { }, }, }";

        var index = PositionIndex.Build("/c/loose.json", text, out var error);

        Assert.Null(error);
        Assert.Equal(text.IndexOf("\"/a\"", System.StringComparison.Ordinal), index.Locate("/paths/~1a", text).Start);
    }

    [Fact]
    public void TheIndexGrowsLinearlyWithNestingDepth()
    {
        // A pointer string per value made the index quadratic in depth: 3.98 GB for a 370 KB contract nested 10,000 deep.
        // Contracts stop at 64 levels (ContractLimits.MaxNesting); the index itself must not care.
        PositionIndex.Build("/c/warm.json", Nested(10), out _);
        var shallow = AllocatedBy(() => PositionIndex.Build("/c/deep.json", Nested(2_000), out _, maxNesting: int.MaxValue));
        var deep = AllocatedBy(() => PositionIndex.Build("/c/deep.json", Nested(4_000), out _, maxNesting: int.MaxValue));

        Assert.True(deep < 2.5 * shallow, $"twice the depth allocated {deep / (double)shallow:0.0} times as much ({shallow:N0} to {deep:N0} bytes)");

        var shallowYaml = AllocatedBy(() => PositionIndex.Build("/c/deep.json", Nested(2_000), out _, allowJsonReader: false, maxNesting: int.MaxValue));
        var deepYaml = AllocatedBy(() => PositionIndex.Build("/c/deep.json", Nested(4_000), out _, allowJsonReader: false, maxNesting: int.MaxValue));
        Assert.True(deepYaml < 2.5 * shallowYaml, $"the YAML way: twice the depth allocated {deepYaml / (double)shallowYaml:0.0} times as much ({shallowYaml:N0} to {deepYaml:N0} bytes)");
    }

    [Fact]
    public void PointersIntoADeepDocumentAreFound()
    {
        var text = Nested(500);
        var index = PositionIndex.Build("/c/deep.json", text, out _, maxNesting: int.MaxValue);
        var pointer = "/components/schemas/S" + string.Concat(Enumerable.Repeat("/properties/a", 500));
        var innermost = text.LastIndexOf("\"a\"", System.StringComparison.Ordinal);

        Assert.Equal(innermost, index.Locate(pointer, text).Start);
        Assert.Equal(innermost, index.Locate(pointer + "/missing/deeper", text).Start);
        Assert.Equal(text.LastIndexOf("\"type\"", System.StringComparison.Ordinal), index.Locate("#" + pointer + "/type/", text).Start);
    }

    /// <summary>A JSON contract whose one schema nests <paramref name="depth"/> object schemas.</summary>
    internal static string Nested(int depth)
        => "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":{},\"components\":{\"schemas\":{\"S\":"
            + string.Concat(Enumerable.Repeat("{\"type\":\"object\",\"properties\":{\"a\":", depth))
            + "{\"type\":\"string\"}" + string.Concat(Enumerable.Repeat("}}", depth)) + "}}}";

    private static long AllocatedBy(System.Action action)
    {
        var before = System.GC.GetAllocatedBytesForCurrentThread();
        action();
        return System.GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void AssertSameIndex(string path, string text)
    {
        var json = PositionIndex.Build(path, text, out var jsonError);
        var yaml = PositionIndex.Build(path, text, out var yamlError, allowJsonReader: false);

        Assert.Null(jsonError);
        Assert.Null(yamlError);
        Assert.Equal(yaml.Pointers.OrderBy(p => p, System.StringComparer.Ordinal), json.Pointers.OrderBy(p => p, System.StringComparer.Ordinal));
        foreach (var pointer in yaml.Pointers)
        {
            Assert.True(yaml.Locate(pointer, text) == json.Locate(pointer, text), pointer + ": YAML " + yaml.Locate(pointer, text) + ", JSON " + json.Locate(pointer, text));
        }

        Assert.Equal(yaml.EmptySchemas, json.EmptySchemas);
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        System.Collections.Generic.IDictionary<object, object> map => new JsonObject(map.Select(p => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(p.Key.ToString()!, ToJson(p.Value)))),
        System.Collections.Generic.IList<object> list => new JsonArray(list.Select(ToJson).ToArray()),
        null => null,
        _ => JsonValue.Create(value.ToString()),
    };
}
