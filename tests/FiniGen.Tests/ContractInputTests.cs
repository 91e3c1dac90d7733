using System;
using System.Linq;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FiniGen.Tests;

/// <summary>What FiniGen accepts as input: split contracts, OpenAPI 2.0, 3.0 and 3.1, JSON and YAML, per-file options.</summary>
public class ContractInputTests
{
    private const string Entry = """
        openapi: 3.0.3
        info:
          title: Split
          version: '1'
        paths:
          /pets/{id}:
            get:
              operationId: getPet
              parameters:
                - name: id
                  in: path
                  required: true
                  schema:
                    type: string
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: './schemas/pet.yaml#/components/schemas/Pet'
        """;

    private const string Part = """
        components:
          schemas:
            Pet:
              type: object
              required: [name]
              properties:
                name:
                  type: string
                kind:
                  $ref: '#/components/schemas/Kind'
            Kind:
              type: string
              enum: [cat, dog]
        """;

    [Fact]
    public void AContractSplitOverLocalFilesIsResolved()
    {
        var contracts = SplitContract(Part);

        var output = CompileCheck.AssertCompilesCleanly(contracts, CompileCheck.Net80, LanguageVersion.CSharp12, "class Use { async System.Threading.Tasks.Task<string> M(Consumer.Api.ApiClient c) { var p = await c.GetPetAsync(\"1\"); return p.Name + p.Kind?.Value; } }");

        Assert.NotNull(output.GetTypeByMetadataName("Consumer.Api.Pet"));
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.Api.Kind"));
    }

    [Fact]
    public void EditingAReferencedFileRegenerates()
    {
        var driver = GeneratorHarness.CreateDriver(SplitContract(Part), out var texts);
        var compilation = GeneratorHarness.CreateCompilation();
        driver = driver.RunGenerators(compilation);

        var edited = Part.Replace("enum: [cat, dog]", "enum: [cat, dog, parrot]");
        driver = driver.ReplaceAdditionalText(texts[1], new InMemoryAdditionalText(texts[1].Path, edited)).RunGenerators(compilation);

        var result = driver.GetRunResult().Results[0];
        Assert.Contains(result.TrackedSteps[TrackingNames.ReadContract].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Parrot", result.GeneratedSources.Single(s => s.HintName.EndsWith(".Models.Kind.g.cs", StringComparison.Ordinal)).SourceText.ToString());
    }

    [Fact]
    public void AReferenceToAFileThatIsNotAContractFileIsReported()
    {
        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/repo/contract/api.openapi.yaml", Entry) });

        Assert.Contains(result.Diagnostics, d => d.Id is "FG0003" or "FG0002" or "FG0008");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
    }

    [Fact]
    public void Swagger20IsReadThroughTheReadersConversion()
    {
        const string swagger = """
            swagger: '2.0'
            info:
              title: Legacy
              version: '1'
            host: api.example.com
            basePath: /v1
            schemes: [https]
            paths:
              /items:
                get:
                  operationId: listItems
                  produces: [application/json]
                  parameters:
                    - name: limit
                      in: query
                      type: integer
                  responses:
                    '200':
                      description: ok
                      schema:
                        type: array
                        items:
                          $ref: '#/definitions/Item'
            definitions:
              Item:
                type: object
                required: [id]
                properties:
                  id:
                    type: integer
                    format: int64
            """;

        var output = CompileCheck.AssertCompilesCleanly(
            new[] { new TestContract("/c/legacy.openapi.yaml", swagger) },
            CompileCheck.Net80,
            LanguageVersion.CSharp12,
            "class Use { async System.Threading.Tasks.Task<long> M(Consumer.Legacy.LegacyClient c) => (await c.ListItemsAsync(limit: 5))[0].Id; }");

        Assert.Equal("https://api.example.com/v1", DefaultBaseAddress(output));
    }

    [Fact]
    public void OpenApi31JsonWithTypeArraysIsRead()
    {
        const string json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "Modern", "version": "1" },
              "paths": {
                "/notes": {
                  "post": {
                    "operationId": "createNote",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Note" } } } },
                    "responses": { "201": { "description": "created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Note" } } } } }
                  }
                }
              },
              "components": {
                "schemas": {
                  "Note": {
                    "type": "object",
                    "required": ["text", "pinned"],
                    "properties": {
                      "text": { "type": "string" },
                      "pinned": { "type": ["boolean", "null"] },
                      "tags": { "type": "array", "items": { "type": "string" } },
                      "meta": { "type": "object", "additionalProperties": { "type": "integer" } }
                    }
                  }
                }
              }
            }
            """;

        CompileCheck.AssertCompilesCleanly(
            new[] { new TestContract("/c/modern.openapi.json", json) },
            CompileCheck.Net100,
            LanguageVersion.Preview,
            """
            class Use
            {
                async System.Threading.Tasks.Task<int> M(Consumer.Modern.ModernClient c)
                {
                    var note = await c.CreateNoteAsync(new Consumer.Modern.Note { Text = "x", Pinned = null, Meta = new System.Collections.Generic.Dictionary<string, int> { ["a"] = 1 } });
                    bool? pinned = note.Pinned;
                    return note.Meta!["a"] + (pinned == true ? 1 : 0);
                }
            }
            """);
    }

    [Fact]
    public void PerFileOptionsChooseNamespaceAndClientName()
    {
        var yaml = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\n";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/billing.openapi.yaml", yaml, Namespace: "Acme.Billing", ClientName: "BillingApi") });

        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.Results[0].GeneratedSources, s => s.HintName == "Acme.Billing.BillingApi.Client.g.cs" && s.SourceText.ToString().Contains("public sealed partial class BillingApi "));
    }

    private static TestContract[] SplitContract(string part)
        => new[]
        {
            new TestContract("/repo/contract/api.openapi.yaml", Entry),
            new TestContract("/repo/contract/schemas/pet.yaml", part, Role: "part"),
        };

    private static string? DefaultBaseAddress(Compilation output)
    {
        var tree = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Options.g.cs", StringComparison.Ordinal));
        var text = tree.ToString();
        var start = text.IndexOf("new global::System.Uri(\"", StringComparison.Ordinal) + "new global::System.Uri(\"".Length;
        return text.Substring(start, text.IndexOf('"', start) - start).TrimEnd('/');
    }
}
