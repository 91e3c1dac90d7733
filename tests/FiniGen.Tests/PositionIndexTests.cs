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
