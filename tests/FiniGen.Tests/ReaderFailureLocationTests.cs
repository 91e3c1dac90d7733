using System;
using System.Linq;
using FiniGen.Diagnostics;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// A contract the reader cannot read is reported where the problem is, with what to change, never at 1:1 when the
/// place can be known: a JSON error's line and byte, a YAML error's mark, a key the message quotes, or a shape that
/// makes Microsoft.OpenApi throw (found before it runs).
/// </summary>
public class ReaderFailureLocationTests
{
    private const string Header = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n";

    [Fact]
    public void AJsonSyntaxErrorOnlyTheStrictReaderRefusesIsReportedAtItsLineAndColumn()
    {
        // A trailing comma: YAML's flow syntax (the position index) accepts it, System.Text.Json (the reader) does not.
        // The line has non-ASCII text before the comma: the reader counts bytes, the compiler characters.
        const string json = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": { \"title\": \"Ünïcødé 🚀\", \"version\": \"1\", },\n  \"paths\": {}\n}\n";

        var diagnostic = Single(json, "/c/api.openapi.json", DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, At(json, "}", 1));
        Assert.Contains("trailing comma", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ADuplicateYamlKeyIsReportedAtItsSecondOccurrence()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      type: string\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractSyntaxErrorId);

        AssertAt(diagnostic, At(yaml, "type", 2));
        Assert.Contains("'type' appears twice in one mapping (first on line 9)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ADuplicateJsonKeyIsReportedAtItsSecondOccurrence()
    {
        const string json = "{ \"openapi\": \"3.0.3\", \"info\": { \"title\": \"T\", \"version\": \"1\" }, \"paths\": { \"/a\": { \"get\": { \"operationId\": \"a\", \"operationId\": \"b\", \"responses\": { \"204\": { \"description\": \"ok\" } } } } } }";

        var diagnostic = Single(json, "/c/api.openapi.json", DiagnosticDescriptors.ContractSyntaxErrorId);

        AssertAt(diagnostic, At(json, "\"operationId\"", 2));
        Assert.Contains("'operationId' appears twice in one mapping", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'x'", "the string 'x'")]
    [InlineData("7", "the number 7")]
    [InlineData("true", "true")]
    [InlineData("[a, b]", "a sequence")]
    public void APropertyWhoseValueIsNotASchemaIsReportedAtItsKey(string value, string described)
    {
        // Microsoft.OpenApi throws a NullReferenceException on these.
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: " + value + "\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, At(yaml, "name", 1));
        Assert.Contains("'name' is not a schema (its value is " + described + ")", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void BooleanAdditionalPropertiesAreStillSchemas()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      additionalProperties: false\n      properties:\n        name: { type: string }\n";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("openapi: 3.0.3", "''")]
    [InlineData("openapi: 3.0.3", "'#/components/schemas/'")]
    [InlineData("openapi: 3.0.3", "'other.yaml#/'")]
    [InlineData("swagger: '2.0'", "'pet.yaml'")]
    [InlineData("swagger: '2.0'", "'http://example.com/pet.json'")]
    [InlineData("swagger: '2.0'", "7")]
    public void ARefTheReaderCannotReadIsReportedAtTheRef(string version, string reference)
    {
        // Microsoft.OpenApi throws (ArgumentNullException, IndexOutOfRangeException, UriFormatException) on these.
        var schemas = version.StartsWith("swagger", StringComparison.Ordinal) ? "definitions:\n" : "components:\n  schemas:\n";
        var yaml = version + "\ninfo:\n  title: T\n  version: '1'\npaths: {}\n" + schemas + "    Pet:\n      type: object\n      properties:\n        owner: { $ref: " + reference + " }\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, At(yaml, "$ref", 1));
        Assert.Contains("the $ref " + reference, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ARefUnderTheDefaultResponseIsCheckedToo()
    {
        // "default" is data in a schema or a parameter, but the name of a response under responses.
        var yaml = Header + "paths:\n  /a:\n    get:\n      responses:\n        default: { description: error, content: { application/json: { schema: { $ref: '' } } } }\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, At(yaml, "$ref", 1));
    }

    [Fact]
    public void ASwagger2FormDataParameterWithoutATypeIsReportedAtTheParameter()
    {
        // Microsoft.OpenApi's Swagger 2.0 reader throws a NullReferenceException on it.
        var yaml = "swagger: '2.0'\ninfo: { title: T, version: '1' }\npaths:\n  /a:\n    post:\n      consumes: [multipart/form-data]\n      parameters:\n        - { name: file, in: formData }\n      responses: { '204': { description: ok } }\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, At(yaml, "{ name: file", 1));
        Assert.Contains("formData parameter has no type", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Swagger2DiagnosticsPointIntoDefinitionsAndSecurityDefinitions()
    {
        // The model names OpenAPI 3 places (/components/schemas/Item); a Swagger 2.0 file has them under definitions.
        var yaml = "swagger: '2.0'\ninfo: { title: T, version: '1' }\nsecurityDefinitions:\n  basic: { type: basic }\nsecurity:\n  - basic: []\npaths: {}\ndefinitions:\n  Item:\n    type: object\n    properties:\n      parent: { $ref: '#/definitions/Missing' }\n";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        AssertAt(Assert.Single(result.Diagnostics, d => d.Id == DiagnosticDescriptors.UnresolvedReferenceId), At(yaml, "parent", 1));
        AssertAt(Assert.Single(result.Diagnostics, d => d.Id == DiagnosticDescriptors.UnsupportedConstructId), At(yaml, "basic", 1));
    }

    [Fact]
    public void AnUnknownRootKeyOfASwagger2DocumentIsReportedAtTheKey()
    {
        var json = "{ \"swagger\": \"2.0\", \"info\": { \"title\": \"T\", \"version\": \"1\" }, \"operationId\": \"x\", \"paths\": {} }";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.json", json) });

        var diagnostic = Assert.Single(result.Diagnostics, d => d.GetMessage().Contains("operationId is not a valid property", StringComparison.Ordinal));
        AssertAt(diagnostic, At(json, "\"operationId\"", 1));
    }

    [Fact]
    public void AMappingAsAYamlKeyIsReportedAtTheKey()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name:\n          {}: string\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractSyntaxErrorId);

        AssertAt(diagnostic, At(yaml, "{}", 2));
        Assert.Contains("a key must be a single value", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSwagger2FormDataParametersOfTheSameNameAreReportedAtTheSecond()
    {
        // Microsoft.OpenApi's Swagger 2.0 reader throws "An item with the same key has already been added" on it.
        var yaml = "swagger: '2.0'\ninfo: { title: T, version: '1' }\npaths:\n  /a:\n    post:\n      consumes: [multipart/form-data]\n      parameters:\n        - { name: file, in: formData, type: file }\n        - { name: file, in: formData, type: string }\n      responses: { '204': { description: ok } }\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, At(yaml, "{ name: file", 2));
        Assert.Contains("'file'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ASecurityRequirementNamingNoSchemeIsReportedAtTheRequirement()
    {
        var yaml = Header + "security:\n  - missing: []\npaths: {}\n";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticDescriptors.UnsupportedConstructId);
        AssertAt(diagnostic, At(yaml, "missing", 1));
        Assert.Contains("not defined", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AReaderErrorQuotingAFoldedValueIsReportedAtTheValue()
    {
        // The reader quotes the value as folded ("not a number at all"), which is not the text ("not a number\n  at all").
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: number\n      multipleOf: >\n        not a number\n        at all\n";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        AssertAt(diagnostic, At(yaml, "not a number", 1));
    }

    [Fact]
    public void AnErrorAboutAKeyBelowItsPointerIsReportedAtTheKey()
    {
        // "The key 'Größe' in 'schemas' of components MUST match …": the pointer names components, the message the key.
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet: { type: object }\n    Größe: { type: object }\n";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticDescriptors.ContractReadErrorId);
        AssertAt(diagnostic, At(yaml, "Größe", 1));
    }

    [Theory]
    [InlineData("maxLength", "99999999999999999999", "larger than 2147483647")]
    [InlineData("maxItems", "2147483648", "larger than 2147483647")]
    [InlineData("minItems", "1e400", "a whole number")]
    [InlineData("minLength", "2.5", "a whole number")]
    [InlineData("minProperties", "'3 or so'", "a whole number")]
    public void ACountTheReaderCannotHoldIsReportedAtItsKey(string keyword, string value, string said)
    {
        // Microsoft.OpenApi reads these as Int32: OverflowException, or FormatException, with no place.
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name:\n          type: string\n          " + keyword + ": " + value + "\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, At(yaml, keyword, 1));
        Assert.Contains("'" + keyword + "' must be " + (said == "a whole number" ? "a whole number" : "at most 2147483647"), diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("swagger: '2.0'")]
    [InlineData("openapi: 3.0.3")]
    public void ReferencesMicrosoftOpenApiCannotTurnIntoAUriAreUnresolvedNotACrash(string version)
    {
        // Found by the 200,000-case fuzz run: a security requirement named "a/b" made Microsoft.OpenApi throw
        // UriFormatException while FiniGen asked whether the scheme was defined (FG0099).
        var yaml = version + "\ninfo: { title: T, version: '1' }\nsecurity:\n  - a/b: []\n  - 'c d%zz': []\npaths:\n  /a:\n    get:\n"
            + "      parameters: [ { $ref: '#/components/parameters/p/q' }, { $ref: '#/parameters/%zz' } ]\n      responses:\n"
            + "        '200': { $ref: '#/components/responses/r/s' }\n"
            + "        '201': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/x/y' } } } }\n"
            + "        '202': { description: ok, content: { application/json: { schema: { $ref: '#/definitions/%zz' } } } }\n";

        var (result, _) = GeneratorHarness.Run(new[] { new TestContract("/c/api.openapi.yaml", yaml) });

        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "FG0099" or "CS8785");
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticDescriptors.UnsupportedConstructId && d.GetMessage().Contains("'a/b'", StringComparison.Ordinal));
        Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrEmpty(d.GetMessage())));
    }

    [Fact]
    public void AYamlAliasToAnUnknownAnchorIsReportedAtTheAlias()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet: *missing\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractSyntaxErrorId);

        AssertAt(diagnostic, At(yaml, "*missing", 1));
        Assert.Contains("'*missing'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AYamlAliasInsideTheNodeItNamesIsReportedAtTheAlias()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet: &pet\n      type: object\n      properties:\n        self: *pet\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractSyntaxErrorId);

        AssertAt(diagnostic, At(yaml, "*pet", 1));
        Assert.Contains("'*pet'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnsupportedVersionIsReportedAtTheVersion()
    {
        var yaml = "openapi: 9.9.9\ninfo:\n  title: T\n  version: '1'\npaths: {}\n";

        var diagnostic = Single(yaml, "/c/api.openapi.yaml", DiagnosticDescriptors.ContractReadErrorId);

        AssertAt(diagnostic, At(yaml, "9.9.9", 1));
    }

    private static Diagnostic Single(string text, string path, string id)
    {
        var (result, _) = GeneratorHarness.Run(new[] { new TestContract(path, text) });
        Assert.Null(result.Results.Single().Exception);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 1 && errors[0].Id == id, "expected one " + id + " but got:\n" + string.Join("\n", result.Diagnostics));
        return errors[0];
    }

    // The 1-based line and column of the nth occurrence of value.
    private static (int Line, int Column) At(string text, string value, int occurrence)
    {
        var at = -1;
        for (var i = 0; i < occurrence; i++)
        {
            at = text.IndexOf(value, at + 1, StringComparison.Ordinal);
        }

        Assert.True(at >= 0, value + " not found");
        var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        return (text.Take(at).Count(c => c == '\n') + 1, at - (at == 0 ? 0 : lineStart) + 1);
    }

    private static void AssertAt(Diagnostic diagnostic, (int Line, int Column) expected)
    {
        var span = diagnostic.Location.GetLineSpan();
        var actual = (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
        Assert.True(expected == actual, $"{diagnostic} is at {actual.Item1}:{actual.Item2}, expected {expected.Line}:{expected.Column}");
    }
}
