using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using FiniGen.Common;
using FiniGen.Contract;
using FiniGen.Diagnostics;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FiniGen.Tests;

/// <summary>One test per FG0xxx diagnostic: its ID, the file and line it points at, and what its message names.</summary>
public class DiagnosticsTests
{
    private const string Header = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n";

    [Fact]
    public void FG0001_MalformedYamlPointsAtTheSyntaxError()
    {
        var diagnostic = Single("openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: '1'\n", DiagnosticDescriptors.ContractSyntaxErrorId);

        AssertAt(diagnostic, line: 4);
        Assert.Contains("is not valid YAML or JSON", diagnostic.GetMessage());
    }

    [Fact]
    public void FG0001_MalformedJsonPointsAtTheSyntaxError()
    {
        var diagnostic = Single("{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\" \"version\": \"1\"}\n}\n", DiagnosticDescriptors.ContractSyntaxErrorId, "/c/api.openapi.json");

        AssertAt(diagnostic, line: 3, path: "/c/api.openapi.json");
    }

    [Fact]
    public void FG0002_InvalidOpenApiPointsAtTheElementTheReaderNames()
    {
        var yaml = Header + "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '2000':\n          description: ok\n";

        var diagnostic = Single(yaml, DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, line: 10);
        Assert.Contains("Responses key must be 'default'", diagnostic.GetMessage());
    }

    [Fact]
    public void FG0002_EmptyValuesWhereSchemasBelongAreEachNamedWithTheirLine()
    {
        // Found by the fuzz run: "note:" with nothing after it made the reader throw a bare NullReferenceException
        // (components) or reached the model builder as a null schema (inline).
        var yaml = Header + """
            paths:
              /upload:
                post:
                  operationId: upload
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            file:
                  responses:
                    '204': { description: ok }
            components:
              schemas:
                Upload:
                  type: object
                  properties:
                    name: { type: string }
                    note: null
                    tags: { type: array, items: ~ }
                Empty:
            """;

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        var errors = result.Diagnostics.Where(d => d.Id == DiagnosticDescriptors.ContractReadErrorId).ToList();
        Assert.True(errors.Count == 4, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.GeneratedTrees);
        Assert.Null(result.Results.Single().Exception);
        var expected = new[] { (15, "'file'"), (24, "'note'"), (25, "'items'"), (26, "'Empty'") };
        foreach (var (diagnostic, (line, name)) in errors.Zip(expected))
        {
            AssertAt(diagnostic, line);
            Assert.Contains(name + " has no schema (its value is empty); write {} to accept any JSON value", diagnostic.GetMessage());
        }
    }

    [Fact]
    public void FG0002_NullsInExamplesDefaultsEnumsAndExtensionsAreDataNotEmptySchemas()
    {
        var json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": {},
              "components": {
                "schemas": {
                  "Thing": {
                    "type": "object",
                    "nullable": true,
                    "x-meta": { "properties": { "a": null } },
                    "example": { "properties": null, "items": null },
                    "default": null,
                    "properties": {
                      "state": { "type": "string", "nullable": true, "enum": ["on", null] },
                      "items": { "type": "string", "example": null }
                    }
                  }
                }
              }
            }
            """;

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.json", json) });

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(result.GeneratedTrees, t => t.ToString().Contains("class Thing", StringComparison.Ordinal));
    }

    [Fact]
    public void FG0008_SpecificationRulesThatDoNotChangeTheClientWarnInsteadOfFailingTheBuild()
    {
        var yaml = Header + """
            paths:
              /orgs/{org}/items/{id}:
                get:
                  operationId: orgItem
                  parameters:
                    - { name: org, in: path, required: true, schema: { type: string } }
                    - { name: id, in: path, required: true, schema: { type: string } }
                  responses:
                    '204': { description: ok }
              /orgs/{owner}/items/{key}:
                get:
                  operationId: ownerItem
                  parameters:
                    - { name: owner, in: path, required: true, schema: { type: string } }
                    - { name: key, in: path, required: true, schema: { type: string } }
                  responses:
                    '204': { description: ok }
              /hoot:
                post:
                  operationId: hoot
                  responses: {}
            components:
              schemas:
                Vehicle:
                  type: object
                  properties: { kind: { type: string } }
                  discriminator: { propertyName: kind }
            """;

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        Assert.DoesNotContain(result.Diagnostics, d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        var rules = result.Diagnostics.Where(d => d.Id == DiagnosticDescriptors.ContractReadWarningId).Select(d => d.GetMessage()).ToList();
        Assert.True(rules.Count == 3, string.Join("\n", result.Diagnostics.Select(d => d.ToString())));
        Assert.Contains(rules, m => m.Contains("MUST be unique", StringComparison.Ordinal));
        Assert.Contains(rules, m => m.Contains("discriminator", StringComparison.Ordinal));
        Assert.Contains(rules, m => m.Contains("at least one response", StringComparison.Ordinal));
        Assert.Contains(result.Results[0].GeneratedSources, s => s.SourceText.ToString().Contains("OwnerItemAsync", StringComparison.Ordinal));
    }

    [Fact]
    public void FG0002_AFileThatIsNotOpenApiIsNamed()
    {
        var diagnostic = Single("hello: world\n", DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, line: 1);
        Assert.Contains("'api.openapi.yaml' is not a valid OpenAPI document", diagnostic.GetMessage());
    }

    [Fact]
    public void FG0003_AnUnresolvedReferenceIsReportedAndTheRestStillGenerates()
    {
        var yaml = Header + "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'\n";

        var (result, compilation) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticDescriptors.UnresolvedReferenceId);
        AssertAt(diagnostic, line: 14);
        Assert.Contains("#/components/schemas/Missing", diagnostic.GetMessage());
        Assert.Contains(result.Results[0].GeneratedSources, s => s.SourceText.ToString().Contains("Task<global::System.Text.Json.JsonElement?> AAsync("));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void FG0003_AnUnresolvedParameterReferenceIsReportedWithAFullMessage()
    {
        var yaml = Header + "paths:\n  /a:\n    get:\n      operationId: a\n      parameters:\n        - $ref: '#/components/parameters/Missing'\n      responses:\n        '204':\n          description: ok\n";

        var diagnostic = Single(yaml, DiagnosticDescriptors.UnresolvedReferenceId);

        AssertAt(diagnostic, line: 10);
        Assert.Contains("#/components/parameters/Missing", diagnostic.GetMessage());
    }

    [Fact]
    public void FG0004_AMissingOperationIdIsNamedAfterMethodAndPath()
    {
        var yaml = Header + "paths:\n  /things/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: ok\n";

        var diagnostic = Single(yaml, DiagnosticDescriptors.MissingOperationIdId);

        AssertAt(diagnostic, line: 7);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Descriptor.DefaultSeverity);
        Assert.Contains("'GetThingsIdAsync'", diagnostic.GetMessage());
    }

    [Fact]
    public void FG0005_ADuplicateOperationIdSkipsTheSecondOperation()
    {
        var yaml = Header + "paths:\n  /a:\n    get:\n      operationId: same\n      responses:\n        '204':\n          description: ok\n  /b:\n    get:\n      operationId: same\n      responses:\n        '204':\n          description: ok\n";

        var diagnostic = Single(yaml, DiagnosticDescriptors.DuplicateOperationIdId);

        AssertAt(diagnostic, line: 14);
        Assert.Contains("GET /a", diagnostic.GetMessage());
    }

    [Fact]
    public void FG0006_SchemaNamesThatCollideInCSharpAreRenamed()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    source-type:\n      type: object\n      properties:\n        a:\n          type: string\n    SourceType:\n      type: object\n      properties:\n        b:\n          type: string\n";

        var diagnostic = Single(yaml, DiagnosticDescriptors.NameCollisionId);

        AssertAt(diagnostic, line: 8);
        Assert.Contains("renamed to 'SourceType2'", diagnostic.GetMessage());
    }

    [Fact]
    public void FG0007_AFormBodyThatIsNotAnObjectSkipsTheOperationInsteadOfGeneratingWrongCode()
    {
        var yaml = Header + "paths:\n  /upload:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema:\n              type: string\n      responses:\n        '204':\n          description: ok\n";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticDescriptors.UnsupportedConstructId);
        AssertAt(diagnostic, line: 7);
        Assert.Contains("application/x-www-form-urlencoded", diagnostic.GetMessage());
        Assert.DoesNotContain(result.Results[0].GeneratedSources, s => s.SourceText.ToString().Contains("UploadAsync"));
    }

    [Fact]
    public void FG0007_AnUndeclaredPathParameterSkipsTheOperation()
    {
        var yaml = Header + "paths:\n  /a/{id}:\n    get:\n      operationId: a\n      responses:\n        '204':\n          description: ok\n";

        var diagnostic = Single(yaml, DiagnosticDescriptors.UnsupportedConstructId);

        AssertAt(diagnostic, line: 7);
        Assert.Contains("'id'", diagnostic.GetMessage());
    }

    [Fact]
    public void FG0008_ReaderWarningsAreReportedAtTheirElement()
    {
        var yaml = Header + "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'\n";

        var diagnostic = Single(yaml, DiagnosticDescriptors.ContractReadWarningId);

        AssertAt(diagnostic, line: 15);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Descriptor.DefaultSeverity);
    }

    [Fact]
    public void FG0009_AnInvalidNamespaceOptionIsReported()
    {
        var yaml = Header + "paths: {}\n";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml, Namespace: "My.class.Api") });

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticDescriptors.InvalidOptionId);
        Assert.Equal("/c/api.openapi.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("Namespace metadata 'My.class.Api'", diagnostic.GetMessage());
    }

    [Fact]
    public void FG0010_TwoContractsGeneratingTheSameClientAreReported()
    {
        var yaml = Header + "paths: {}\n";

        var (result, _) = GeneratorHarness.Run(new[]
        {
            new TestContract("/c/one.openapi.yaml", yaml, Namespace: "Same", ClientName: "ApiClient"),
            new TestContract("/c/two.openapi.yaml", yaml, Namespace: "Same", ClientName: "ApiClient"),
        });

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticDescriptors.DuplicateClientId);
        Assert.Equal("/c/two.openapi.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("'Same.ApiClient'", diagnostic.GetMessage());
        Assert.Single(result.Results[0].GeneratedSources, s => s.HintName == "Same.ApiClient.Client.g.cs");
    }

    [Fact]
    public void FG0099_AnInternalFailureIsReportedNotThrown()
    {
        var broken = new ContractFile("/c/api.openapi.yaml", null!, true, null, null, null);

        var result = ContractReader.Read(new ContractInput(broken, EquatableArray.From(new[] { broken })), default);

        Assert.Null(result.Model);
        var info = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticDescriptors.InternalErrorId, info.Id);
        Assert.Equal("/c/api.openapi.yaml", info.ToDiagnostic().Location.GetLineSpan().Path);
    }

    [Fact]
    public void EveryDescriptorIsTrackedDocumentedAndLinked()
    {
        var unshipped = File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "src", "FiniGen", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "src", "FiniGen", "AnalyzerReleases.Shipped.md"));
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.Matches(new Regex("^" + descriptor.Id + @" \| " + Regex.Escape(descriptor.Category) + " \\| " + descriptor.DefaultSeverity + " ", RegexOptions.Multiline), unshipped);
            Assert.True(File.Exists(Path.Combine(GeneratorHarness.RepoRoot, "docs", "diagnostics", descriptor.Id + ".md")), "no docs page for " + descriptor.Id);
            Assert.Equal(DiagnosticDescriptors.RepositoryUrl + "/blob/main/docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
            Assert.False(descriptor.Title.ToString().EndsWith('.'), descriptor.Id + " title ends with a period");
        }

        Assert.Equal(DiagnosticDescriptors.All.Length, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
    }

    private static Diagnostic Single(string yaml, string id, string path = "/c/api.openapi.yaml")
    {
        var (result, _) = GeneratorHarness.Run(new[] { new TestContract(path, yaml) });
        var matching = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, "expected one " + id + " but got: " + string.Join("; ", result.Diagnostics));
        return matching[0];
    }

    private static void AssertAt(Diagnostic diagnostic, int line, string path = "/c/api.openapi.yaml")
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.True(line == span.StartLinePosition.Line + 1, diagnostic + " is on line " + (span.StartLinePosition.Line + 1) + ", expected " + line);
        Assert.StartsWith(DiagnosticDescriptors.RepositoryUrl, diagnostic.Descriptor.HelpLinkUri);
    }
}
