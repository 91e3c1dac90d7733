using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// Adversarial contracts: odd names, odd shapes, odd text. Each must either generate code that compiles with no
/// diagnostic (nullable on, warnings as errors, XML docs checked), or be reported with an FG0xxx and left out. No
/// contract may crash the generator (CS8785) or reach the FG0099 safety net.
/// </summary>
public class EdgeCaseTests
{
    private const string Header = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n";
    private const string Path = "/c/api.openapi.yaml";
    private const string Client = "Consumer.Api.ApiClient";

    // ---------------------------------------------------------------- names

    [Fact]
    public void KeywordNamesForSchemasPropertiesEnumsAndParameters()
    {
        var yaml = Header + """
            paths:
              /things/{class}:
                get:
                  operationId: event
                  parameters:
                    - { name: class, in: path, required: true, schema: { type: string } }
                    - { name: event, in: query, required: true, schema: { type: string } }
                    - { name: default, in: query, schema: { type: integer } }
                    - { name: var, in: query, schema: { type: string } }
                    - { name: namespace, in: header, schema: { type: string } }
                    - { name: string, in: query, schema: { type: string } }
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/class' }
            components:
              schemas:
                class:
                  type: object
                  required: [class]
                  properties:
                    class: { type: string }
                    event: { type: integer }
                    default: { $ref: '#/components/schemas/event' }
                    namespace: { type: boolean }
                event:
                  type: string
                  enum: [class, default, 'null', 'true']
            """;

        Generate(yaml, allowed: null, """
            class Use
            {
                async System.Threading.Tasks.Task<string> M(Consumer.Api.ApiClient c)
                {
                    var x = await c.EventAsync("a", "b", @default: 1, @var: "v", @namespace: "n", @string: "s");
                    Consumer.Api.Event e = Consumer.Api.Event.Class;
                    return x.ClassValue + x.Event + x.Default + x.Namespace + e.Value + Consumer.Api.Event.Null + Consumer.Api.Event.True;
                }
            }
            """);
    }

    [Fact]
    public void NamesWithDashesDotsSpacesDigitsUnicodeAndEmoji()
    {
        var yaml = Header + """
            paths:
              /x:
                get:
                  operationId: get-the.thing now
                  parameters:
                    - { name: page-size, in: query, schema: { type: integer } }
                    - { name: filter.name, in: query, schema: { type: string } }
                    - { name: 1st, in: query, schema: { type: string } }
                    - { name: X-Request-ID, in: header, schema: { type: string } }
                    - { name: größe, in: query, schema: { type: string } }
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/my-schema.v2' }
            components:
              schemas:
                my-schema.v2:
                  type: object
                  properties:
                    first-name: { type: string }
                    last.name: { type: string }
                    'full name': { type: string }
                    2fa: { type: boolean }
                    'größe': { type: number }
                    '日本語': { type: string }
                    '🐶dog': { type: string }
                    '🐱': { type: string }
                    '🐭': { type: string }
                    '$ref-ish': { type: string }
                    '@type': { type: string }
                    'a/b': { type: string }
                    '': { type: string }
                1Schema:
                  type: object
                  properties:
                    x: { type: string }
            """;

        Generate(yaml, allowed: new[] { "FG0006" }, """
            class Use
            {
                async System.Threading.Tasks.Task<object?> M(Consumer.Api.ApiClient c)
                {
                    var x = await c.GetTheThingNowAsync(pageSize: 1, filterName: "f", _1st: "1", xRequestId: "r", größe: "g");
                    new Consumer.Api._1Schema().X = "a";
                    return x.FirstName + x.LastName + x.FullName + x._2fa + x.Größe + x.日本語 + x.Dog + x.Type + x.AB;
                }
            }
            """);
    }

    [Fact]
    public void APropertyNamedLikeItsClassAndLikeGeneratedMembers()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  required: [pet]
                  properties:
                    pet: { type: string }
                    additionalProperties: { type: string }
                    readJson: { type: string }
                    writeJson: { type: string }
                    equals: { type: string }
                    toString: { type: string }
                    getHashCode: { type: string }
                    getType: { type: string }
                    validate: { type: string }
                    value: { type: string }
            """;

        var (_, _, diagnostics) = Generate(yaml, allowed: new[] { "FG0006" }, """
            class Use
            {
                string? M(Consumer.Api.Pet p) => p.PetValue + p.AdditionalProperties + p.Value + p.Equals(p).ToString();
            }
            """);
        Assert.Contains(diagnostics, d => d.Id == "FG0006" && d.GetMessage().Contains("readJson"));
    }

    [Fact]
    public void TwoPropertiesDifferingOnlyInCaseAreBothKept()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  required: [id, Id]
                  properties:
                    id: { type: string }
                    Id: { type: integer }
                    ID: { type: boolean }
            """;

        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0006" }, """
            class Use
            {
                object M() => new Consumer.Api.Thing { Id = "a", Id2 = 1, Id3 = true };
            }
            """);
        Assert.Equal(2, diagnostics.Count(d => d.Id == "FG0006"));
        Assert.Contains("\"Id\"u8", Source(output, "Models.Thing"));
        Assert.Contains("\"ID\"u8", Source(output, "Models.Thing"));
    }

    [Fact]
    public void EnumValuesThatAreEmptyPunctuationDigitsSpacesDuplicatesAndCaseVariants()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Odd:
                  type: string
                  enum: ['', '-', '1', 'a b', 'a b', Web, web, WEB, value, isKnown, knownValues, odd, equals, 'with "quote"', 'back\slash', '🐶', '+']
            """;

        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0006" }, """
            class Use
            {
                int M()
                {
                    Consumer.Api.Odd o = "-";
                    return Consumer.Api.Odd.KnownValues.Count + (Consumer.Api.Odd._1.Value == "1" ? 1 : 0) + (Consumer.Api.Odd.AB.IsKnown ? 1 : 0) + (o.IsKnown ? 1 : 0);
                }
            }
            """);
        var text = Source(output, "Models.Odd");
        Assert.Contains("= new(\"\")", text);
        Assert.Contains("= new(\"with \\\"quote\\\"\")", text);
        Assert.Contains("= new(\"back\\\\slash\")", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "new\\(\"a b\"\\)"));
        Assert.Contains(diagnostics, d => d.Id == "FG0006" && d.GetMessage().Contains("'web'"));
    }

    [Fact]
    public void IntegerEnumsWithNegativeValues()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Level:
                  type: integer
                  enum: [-2, -1, 0, 1, 2, 2147483647, -2147483648]
            """;

        Generate(yaml, allowed: null, """
            class Use
            {
                bool M() => Consumer.Api.Level.ValueMinus1.Value == -1 && ((Consumer.Api.Level)(-2)).IsKnown && !((Consumer.Api.Level)7).IsKnown;
            }
            """);
    }

    [Fact]
    public void IntegerEnumsBeyondInt32()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Big:
                  type: integer
                  format: int64
                  enum: [1, 3000000000]
            """;

        Generate(yaml, allowed: new[] { "FG0007" });
    }

    [Fact]
    public void ParametersNamedLikeTheGeneratedCodesOwnNames()
    {
        var yaml = Header + """
            paths:
              /a/{path}:
                post:
                  operationId: collide
                  parameters:
                    - { name: path, in: path, required: true, schema: { type: string } }
                    - { name: request, in: query, required: true, schema: { type: string } }
                    - { name: cancellationToken, in: query, required: true, schema: { type: string } }
                    - { name: __query, in: query, schema: { type: string } }
                    - { name: __request, in: header, schema: { type: string } }
                    - { name: response, in: query, schema: { type: string } }
                    - { name: body, in: query, schema: { type: string } }
                    - { name: __createError, in: query, schema: { type: string } }
                    - { name: query, in: query, schema: { type: string } }
                    - { name: value, in: query, schema: { type: string } }
                    - { name: _, in: query, schema: { type: string } }
                    - { name: options, in: query, schema: { type: string } }
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: { type: object, properties: { a: { type: string } } }
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: { type: array, items: { type: string } }
                    '400':
                      description: bad
                      content:
                        application/json:
                          schema: { type: object, properties: { message: { type: string } } }
            """;

        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0006" }, """
            class Use
            {
                System.Threading.Tasks.Task<System.Collections.Generic.IList<string>> M(Consumer.Api.ApiClient c)
                    => c.CollideAsync("p", "r", "ct", new Consumer.Api.CollideRequest(), query: "q", request3: "rq", response: "x", body: "b", createError: "ce", value: "v", options: "op");
            }
            """);
        Assert.Contains(diagnostics, d => d.Id == "FG0006" && d.GetMessage().Contains("'request'"));
        Assert.Contains(diagnostics, d => d.Id == "FG0006" && d.GetMessage().Contains("'cancellationToken'"));
        Assert.Contains("AppendQuery(__query, \"__query\", query", Source(output, "Client"));
    }

    [Fact]
    public void AParameterNamedAwait()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: a
                  parameters:
                    - { name: await, in: query, schema: { type: string } }
                  responses:
                    '204': { description: ok }
            """;

        Generate(yaml, allowed: new[] { "FG0006" });
    }

    [Fact]
    public void ARequiredParameterNamedNameof()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: a
                  parameters:
                    - { name: nameof, in: query, required: true, schema: { type: string } }
                  responses:
                    '204': { description: ok }
            """;

        Generate(yaml, allowed: new[] { "FG0006" });
    }

    [Fact]
    public void OperationIdsNamedLikeClientMembers()
    {
        var ops = new[] { "send", "sendCore", "createUri", "dispose", "options", "applyCredential", "toString", "equals", "getHashCode", "apiClient", "appendQuery", "joinComma", "createError", "errorMessage" };
        var yaml = Header + "paths:\n" + string.Concat(ops.Select(o => "  /" + o + ":\n    get:\n      operationId: " + o + "\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { type: string }\n"));

        Generate(yaml, allowed: new[] { "FG0006" }, """
            class Use
            {
                async System.Threading.Tasks.Task<string> M(Consumer.Api.ApiClient c) => await c.SendAsync() + await c.SendCoreAsync() + await c.CreateUriAsync() + await c.ApplyCredentialAsync() + await c.ToString2Async() + await c.Options2Async() + await c.Dispose2Async() + await c.Equals2Async() + await c.ApiClientAsync();
            }
            """);
    }

    [Fact]
    public void OperationIdsThatCollideOnlyThroughTheAsyncSuffix()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: getPetsAsync
                  responses:
                    '204': { description: ok }
              /b:
                get:
                  operationId: getPets
                  responses:
                    '204': { description: ok }
              /c:
                get:
                  operationId: get_pets
                  responses:
                    '204': { description: ok }
            """;

        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0006" });
        var client = Source(output, "Client");
        Assert.Contains("GetPetsAsyncAsync(", client);
        Assert.Contains("GetPetsAsync(", client);
        Assert.Contains("GetPets2Async(", client);
        Assert.Single(diagnostics, d => d.Id == "FG0006");
    }

    // ---------------------------------------------------------------- parameters

    [Fact]
    public void QueryArraysHeaderParametersAndTypedPathParameters()
    {
        var yaml = Header + """
            paths:
              /items/{id}/{kind}/{level}:
                get:
                  operationId: getItem
                  parameters:
                    - { name: id, in: path, required: true, schema: { type: integer, format: int64 } }
                    - { name: kind, in: path, required: true, schema: { $ref: '#/components/schemas/Kind' } }
                    - { name: level, in: path, required: true, schema: { $ref: '#/components/schemas/Level' } }
                    - { name: tags, in: query, style: form, explode: false, schema: { type: array, items: { type: string } } }
                    - { name: ids, in: query, schema: { type: array, items: { type: integer } } }
                    - { name: kinds, in: query, explode: false, schema: { type: array, items: { $ref: '#/components/schemas/Kind' } } }
                    - { name: maybe, in: query, schema: { type: array, items: { type: string, nullable: true } } }
                    - { name: X-Trace, in: header, required: true, schema: { type: string } }
                    - { name: X-Count, in: header, schema: { type: integer } }
                    - { name: X-Kind, in: header, schema: { $ref: '#/components/schemas/Kind' } }
                    - { name: Accept, in: header, schema: { type: string } }
                    - { name: Content-Type, in: header, schema: { type: string } }
                    - { name: since, in: query, schema: { type: string, format: date-time } }
                    - { name: day, in: query, schema: { type: string, format: date } }
                    - { name: flag, in: query, required: true, schema: { type: boolean } }
                    - { name: ratio, in: query, schema: { type: number } }
                  responses:
                    '204': { description: ok }
            components:
              schemas:
                Kind: { type: string, enum: [a, b] }
                Level: { type: integer, enum: [1, 2] }
            """;

        var (_, output, _) = Generate(yaml, allowed: null, """
            class Use
            {
                System.Threading.Tasks.Task M(Consumer.Api.ApiClient c)
                    => c.GetItemAsync(1, Consumer.Api.Kind.A, Consumer.Api.Level.Value2, "trace", true, tags: ["x", "y"], ids: [1, 2], kinds: [Consumer.Api.Kind.B], maybe: [null, "z"], xCount: 3, xKind: Consumer.Api.Kind.A, since: System.DateTimeOffset.UnixEpoch, day: new System.DateOnly(2020, 1, 1), ratio: 0.5);
            }
            """);
        var client = Source(output, "Client");
        Assert.Contains("Join(tags, \",\",", client);
        Assert.Contains("foreach (var __item in ids)", client);
        Assert.DoesNotContain("\"Accept\"", client.Substring(client.IndexOf("GetItemAsync(", StringComparison.Ordinal)));
    }

    [Fact]
    public void AHeaderParameterOfArrayType()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: a
                  parameters:
                    - { name: X-Tags, in: header, schema: { type: array, items: { type: string } } }
                  responses:
                    '204': { description: ok }
            """;

        var (_, output, _) = Generate(yaml, allowed: new[] { "FG0007" });
        Assert.Contains(output.SyntaxTrees, t => t.FilePath.EndsWith("Client.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void APathParameterOfArrayType()
    {
        var yaml = Header + """
            paths:
              /a/{ids}:
                get:
                  operationId: a
                  parameters:
                    - { name: ids, in: path, required: true, schema: { type: array, items: { type: integer } } }
                  responses:
                    '204': { description: ok }
            """;

        var (_, output, _) = Generate(yaml, allowed: new[] { "FG0007" });
        Assert.Contains(output.SyntaxTrees, t => t.FilePath.EndsWith("Client.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void NullablePathParameters()
    {
        var yaml = Header + """
            paths:
              /a/{name}/{n}:
                get:
                  operationId: a
                  parameters:
                    - { name: name, in: path, required: true, schema: { type: string, nullable: true } }
                    - { name: n, in: path, required: true, schema: { type: integer, nullable: true } }
                  responses:
                    '204': { description: ok }
            """;

        Generate(yaml, allowed: new[] { "FG0007" });
    }

    [Fact]
    public void ObjectParametersOutsideTheQueryAreReportedAndLeftOut()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: a
                  parameters:
                    - { name: session, in: cookie, schema: { type: string } }
                    - { name: filter, in: header, schema: { type: object, properties: { x: { type: string } } } }
                  responses:
                    '204': { description: ok }
              /b/{filter}:
                get:
                  operationId: b
                  parameters:
                    - { name: filter, in: path, required: true, schema: { type: object, properties: { x: { type: string } } } }
                  responses:
                    '204': { description: ok }
            """;

        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0007" }, "class Use { System.Threading.Tasks.Task M(Consumer.Api.ApiClient c) => c.AAsync(session: \"s\"); }");
        Assert.Equal(2, diagnostics.Count(d => d.Id == "FG0007"));
        Assert.DoesNotContain("BAsync", Source(output, "Client"));
    }

    // ---------------------------------------------------------------- shapes

    [Fact]
    public void RecursiveAndMutuallyRecursiveSchemas()
    {
        var yaml = Header + """
            paths:
              /tree:
                get:
                  operationId: tree
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/Node' }
            components:
              schemas:
                Node:
                  type: object
                  required: [children]
                  properties:
                    children: { type: array, items: { $ref: '#/components/schemas/Node' } }
                    parent: { $ref: '#/components/schemas/Node' }
                    byName: { type: object, additionalProperties: { $ref: '#/components/schemas/Node' } }
                    a: { $ref: '#/components/schemas/A' }
                A:
                  type: object
                  properties:
                    b: { $ref: '#/components/schemas/B' }
                B:
                  type: object
                  properties:
                    a: { $ref: '#/components/schemas/A' }
                    nodes: { type: array, items: { type: array, items: { $ref: '#/components/schemas/Node' } } }
                SelfAlias:
                  type: array
                  items: { $ref: '#/components/schemas/SelfAlias' }
            """;

        var (_, output, _) = Generate(yaml, allowed: new[] { "FG0007" }, """
            class Use
            {
                async System.Threading.Tasks.Task<int> M(Consumer.Api.ApiClient c)
                {
                    var n = await c.TreeAsync();
                    return n.Children.Count + (n.Parent?.Children.Count ?? 0) + (n.A?.B?.A?.B?.Nodes?[0][0].Children.Count ?? 0);
                }
            }
            """);
        AssertRoundTrips(output, "Consumer.Api.Node", """{"children":[{"children":[],"parent":null}],"byName":{"x":{"children":[]}},"a":{"b":{"a":{}}}}""");
    }

    [Fact]
    public void CompositionsThatReachThemselvesEndInOutputNotInAStackOverflow()
    {
        // Found by the fuzz run: classifying "oneOf: [Loop, Part]" recursed through Loop for ever and took the compiler down.
        var yaml = Header + """
            paths:
              /loop:
                get:
                  operationId: loop
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/Holder' }
            components:
              schemas:
                Part:
                  type: object
                  properties:
                    name: { type: string }
                Loop:
                  oneOf:
                    - $ref: '#/components/schemas/Loop'
                    - $ref: '#/components/schemas/Part'
                Left:
                  anyOf:
                    - $ref: '#/components/schemas/Right'
                    - $ref: '#/components/schemas/Part'
                Right:
                  allOf:
                    - $ref: '#/components/schemas/Left'
                    - $ref: '#/components/schemas/Part'
                Holder:
                  type: object
                  properties:
                    loop: { $ref: '#/components/schemas/Loop' }
                    left: { $ref: '#/components/schemas/Left' }
            """;

        var (result, output, _) = Generate(yaml, allowed: new[] { "FG0007" }, "class Use { System.Threading.Tasks.Task<Consumer.Api.Holder> M(Consumer.Api.ApiClient c) => c.LoopAsync(); }");
        Assert.Null(result.Results.Single().Exception);
        AssertRoundTrips(output, "Consumer.Api.Holder", """{"loop":{"name":"x"},"left":{"name":"y"}}""");
    }

    [Fact]
    public void AnUnsupportedSchemaReachedFromSeveralPlacesIsReportedOnce()
    {
        // GitHub's description reported one FG0007 three times: an inline schema of a component met through allOf.
        var yaml = Header + """
            paths:
              /issue:
                get:
                  operationId: issue
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Issue' } } } }
              /event:
                get:
                  operationId: event
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Event' } } } }
            components:
              schemas:
                Issue:
                  type: object
                  properties:
                    labels:
                      type: array
                      items:
                        oneOf:
                          - type: string
                          - type: object
                            properties:
                              name: { type: string }
                Event:
                  allOf:
                    - $ref: '#/components/schemas/Issue'
                    - type: object
                      properties:
                        at: { type: string }
                Other:
                  allOf:
                    - $ref: '#/components/schemas/Issue'
                    - $ref: '#/components/schemas/Event'
            """;

        var (_, _, diagnostics) = Generate(yaml, allowed: new[] { "FG0007" });
        var reports = diagnostics.Where(d => d.Id == "FG0007").Select(d => d.ToString()).ToList();
        Assert.Single(reports);
        Assert.Contains("/components/schemas/Issue/properties/labels/items", reports[0]);
    }

    [Fact]
    public void AllOfOfTwoRefsAndOneOfWithoutDiscriminator()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Named:
                  type: object
                  required: [name]
                  properties:
                    name: { type: string }
                Aged:
                  type: object
                  required: [age]
                  properties:
                    age: { type: integer }
                Person:
                  allOf:
                    - $ref: '#/components/schemas/Named'
                    - $ref: '#/components/schemas/Aged'
                Cat:
                  type: object
                  required: [meow]
                  properties:
                    meow: { type: boolean }
                    name: { type: string }
                Dog:
                  type: object
                  required: [bark]
                  properties:
                    bark: { type: boolean }
                    name: { type: integer }
                Pet:
                  oneOf:
                    - $ref: '#/components/schemas/Cat'
                    - $ref: '#/components/schemas/Dog'
                Mixed:
                  oneOf:
                    - $ref: '#/components/schemas/Cat'
                    - type: string
            """;

        var (_, output, _) = Generate(yaml, allowed: new[] { "FG0007" }, """
            class Use
            {
                object M() => (new Consumer.Api.Person { Name = "a", Age = 3 }, new Consumer.Api.Pet { Meow = true, Bark = null, Name = "x" });
            }
            """);
        AssertRoundTrips(output, "Consumer.Api.Pet", """{"bark":true}""");
    }

    [Fact]
    public void MapsOfObjectsArraysOfArraysAndNullableArraysOfNullableStrings()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Item:
                  type: object
                  properties:
                    x: { type: string }
                Holder:
                  type: object
                  required: [grid, maybe]
                  properties:
                    byKey: { type: object, additionalProperties: { $ref: '#/components/schemas/Item' } }
                    grid: { type: array, items: { type: array, items: { type: integer } } }
                    maybe: { type: array, nullable: true, items: { type: string, nullable: true } }
                    deep: { type: object, additionalProperties: { type: array, items: { type: object, additionalProperties: { type: array, items: { type: number, nullable: true } } } } }
                    anything: {}
                    extra: { type: object }
                  additionalProperties: { type: array, items: { type: string } }
            """;

        var (_, output, _) = Generate(yaml, allowed: null, """
            class Use
            {
                object M() => new Consumer.Api.Holder { Grid = [[1, 2], []], Maybe = null, ByKey = new System.Collections.Generic.Dictionary<string, Consumer.Api.Item> { ["a"] = new() } };
            }
            """);
        AssertRoundTrips(output, "Consumer.Api.Holder", """{"grid":[[1,2],[]],"maybe":[null,"a"],"deep":{"k":[{"z":[1.5,null]}]},"anything":{"q":[1]},"extra":{},"other":["s"]}""");
    }

    [Fact]
    public void OpenApi31NullableArraysOfNullableStrings()
    {
        const string json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "T", "version": "1" },
              "paths": {},
              "components": { "schemas": { "H": { "type": "object", "required": ["v"], "properties": {
                "v": { "type": ["array", "null"], "items": { "type": ["string", "null"] } },
                "n": { "type": "null" },
                "multi": { "type": ["string", "integer"] }
              } } } }
            }
            """;

        var (_, output, _) = Generate(json, path: "/c/api.openapi.json", allowed: null, "class Use { object M() => new Consumer.Api.H { V = [null, \"a\"] }; }");
        AssertRoundTrips(output, "Consumer.Api.H", """{"v":null,"n":null,"multi":3}""");
    }

    [Fact]
    public void OneOfOrAnyOfWithANullOnlyBranchIsANullableReference()
    {
        // The OpenAPI 3.0 way to make a $ref nullable that strict validators accept (nullable beside allOf: [$ref]
        // admits no null): the other branch's type, nullable, with its rules; no FG0007 and no JsonElement.
        var yaml = Header + """
            paths:
              /send:
                put:
                  operationId: send
                  requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Holder' } } } }
                  responses: { '204': { description: ok } }
            components:
              schemas:
                Color:
                  type: string
                  enum: [red, green]
                Item:
                  type: object
                  properties:
                    x: { type: string }
                Holder:
                  type: object
                  required: [color]
                  properties:
                    color:
                      oneOf:
                        - $ref: '#/components/schemas/Color'
                        - enum: [null]
                    item:
                      anyOf:
                        - enum: [null]
                        - $ref: '#/components/schemas/Item'
                    typedNull:
                      oneOf:
                        - $ref: '#/components/schemas/Color'
                        - { type: string, nullable: true, enum: [null] }
                    notNullable:
                      oneOf:
                        - $ref: '#/components/schemas/Color'
                        - type: string
            """;

        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0007" }, """
            class Use
            {
                object M() => new Consumer.Api.Holder { Color = null, Item = new Consumer.Api.Item { X = "a" }, TypedNull = Consumer.Api.Color.Red };
            }
            """);
        var holder = Source(output, "Models.Holder");
        Assert.Contains("public required global::Consumer.Api.Color? Color", holder);
        Assert.Contains("public global::Consumer.Api.Item? Item", holder);
        Assert.Contains("public global::Consumer.Api.Color? TypedNull", holder);
        Assert.Contains("[global::Consumer.Api.ApiJson.FiniGenRule(global::Consumer.Api.ApiRuleKind.Enum, \"red\", \"green\")]\n    public required global::Consumer.Api.Color? Color", holder.Replace("\r\n", "\n"));
        Assert.Contains("public global::System.Text.Json.JsonElement? NotNullable", holder);
        var unsupported = Assert.Single(diagnostics, d => d.Id == "FG0007");
        Assert.Contains("notNullable", unsupported.GetMessage());
        AssertRoundTrips(output, "Consumer.Api.Holder", """{"color":null,"item":null,"typedNull":"red"}""");
        AssertRoundTrips(output, "Consumer.Api.Holder", """{"color":"green","item":{"x":"a"},"typedNull":null}""");
    }

    [Fact]
    public void ANullableEnumListingNullHasNoMemberForNull()
    {
        // OpenAPI 3.0.3: with nullable: true, an enum must list null to admit it. The reader stores that null as a
        // sentinel string, which must become neither an enum member nor an allowed value of the request check.
        var yaml = Header + """
            paths:
              /send:
                put:
                  operationId: send
                  requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Holder' } } } }
                  responses: { '204': { description: ok } }
            components:
              schemas:
                Level:
                  type: string
                  nullable: true
                  enum: [low, high, null]
                Holder:
                  type: object
                  properties:
                    level: { $ref: '#/components/schemas/Level' }
            """;

        var (_, output, _) = Generate(yaml, allowed: null, "class Use { object M() => new Consumer.Api.Holder { Level = null }; }");
        var level = Source(output, "Models.Level");
        Assert.DoesNotContain("sentinel", level);
        Assert.Contains("\"low\"", level);
        Assert.Contains("\"high\"", level);
        var holder = Source(output, "Models.Holder");
        Assert.DoesNotContain("sentinel", holder);
        Assert.Contains("FiniGenRule(global::Consumer.Api.ApiRuleKind.Enum, \"low\", \"high\")", holder);
        AssertRoundTrips(output, "Consumer.Api.Holder", """{"level":null}""");
    }

    [Fact]
    public void OpenApi31OneOfWithANullTypeBranchIsANullableReference()
    {
        const string json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "T", "version": "1" },
              "paths": {},
              "components": { "schemas": {
                "Status": { "type": "string", "enum": ["on", "off"] },
                "H": { "type": "object", "properties": {
                  "status": { "oneOf": [ { "$ref": "#/components/schemas/Status" }, { "type": "null" } ] }
                } } } }
            }
            """;

        var (_, output, _) = Generate(json, path: "/c/api.openapi.json", allowed: null, "class Use { object M() => new Consumer.Api.H { Status = null }; }");
        Assert.Contains("public global::Consumer.Api.Status? Status", Source(output, "Models.H"));
        AssertRoundTrips(output, "Consumer.Api.H", """{"status":null}""");
    }

    // ---------------------------------------------------------------- operations and responses

    [Fact]
    public void EmptyPathsDefaultOnlyResponse204AndAnyMediaType()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: onlyDefault
                  responses:
                    default:
                      description: anything
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/Problem' }
              /b:
                delete:
                  operationId: noBody
                  responses:
                    '204': { description: gone }
              /c:
                get:
                  operationId: anyMedia
                  responses:
                    '200':
                      description: ok
                      content:
                        '*/*':
                          schema: { $ref: '#/components/schemas/Problem' }
            components:
              schemas:
                Problem:
                  type: object
                  properties:
                    title: { type: string }
            """;

        Generate(yaml, allowed: null, """
            class Use
            {
                async System.Threading.Tasks.Task<string?> M(Consumer.Api.ApiClient c)
                {
                    await c.OnlyDefaultAsync();
                    await c.NoBodyAsync();
                    return (await c.AnyMediaAsync()).Title;
                }
            }
            """);

        var (_, empty, _) = Generate(Header + "paths: {}\n", allowed: null);
        Assert.Contains(empty.SyntaxTrees, t => t.FilePath.EndsWith("Client.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void ErrorStatusRangesAndSpecificCodesWithDifferentTypes()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: a
                  responses:
                    '204': { description: ok }
                    '400':
                      description: bad
                      content: { application/json: { schema: { $ref: '#/components/schemas/Problem' } } }
                    '404':
                      description: missing
                      content: { application/json: { schema: { $ref: '#/components/schemas/NotFound' } } }
                    4XX:
                      description: client error
                      content: { application/json: { schema: { $ref: '#/components/schemas/Problem' } } }
            components:
              schemas:
                Problem: { type: object, properties: { title: { type: string } } }
                NotFound: { type: object, properties: { id: { type: string } } }
            """;

        Generate(yaml, allowed: null);
    }

    [Fact]
    public void ErrorRangesDefaultAndSpecificCodes()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: a
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { type: integer } } } }
                    '201': { description: also ok, content: { application/json: { schema: { type: integer } } } }
                    '404':
                      description: missing
                      content: { application/json: { schema: { $ref: '#/components/schemas/NotFound' } } }
                    4XX:
                      description: client error
                      content: { application/json: { schema: { $ref: '#/components/schemas/Problem' } } }
                    5XX:
                      description: server error
                      content: { application/json: { schema: { $ref: '#/components/schemas/Problem' } } }
                    default:
                      description: other
                      content: { application/json: { schema: { $ref: '#/components/schemas/Problem' } } }
            components:
              schemas:
                Problem: { type: object, properties: { title: { type: string } } }
                NotFound: { type: object, properties: { id: { type: string } } }
            """;

        Generate(yaml, allowed: null, "class Use { async System.Threading.Tasks.Task<int> M(Consumer.Api.ApiClient c) => await c.AAsync(); }");
    }

    [Fact]
    public void DeprecatedOperationSchemaPropertyAndEnum()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: old
                  deprecated: true
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Old' } } } }
            components:
              schemas:
                Old:
                  type: object
                  deprecated: true
                  properties:
                    gone: { type: string, deprecated: true }
                    kind: { $ref: '#/components/schemas/OldKind' }
                OldKind:
                  type: string
                  deprecated: true
                  enum: [a]
            """;

        var (_, output, _) = Generate(yaml, allowed: null);
        Assert.Contains("ObsoleteAttribute(\"The contract marks old as deprecated.\")", Source(output, "Client"));
        Assert.Contains("ObsoleteAttribute(\"The contract marks 'gone' as deprecated.\")", Source(output, "Models.Old"));
    }

    [Fact]
    public void ARequiredDeprecatedPropertyIsDocumentedAsDeprecatedWithoutObsoleteWhichCSharpForbids()
    {
        // GitHub's description has such members; [Obsolete] on them gave CS9042 in every consumer build.
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Repo:
                  type: object
                  required: [name, legacyId]
                  properties:
                    name: { type: string }
                    legacyId: { type: integer, deprecated: true }
                    oldUrl: { type: string, deprecated: true }
                OldRepo:
                  type: object
                  deprecated: true
                  required: [legacyId]
                  properties:
                    legacyId: { type: integer, deprecated: true }
            """;

        // Generate fails on any warning of the consumer's compile, CS9042 included.
        var (_, output, _) = Generate(yaml, allowed: null, "class Use { Consumer.Api.Repo M() => new() { Name = \"n\", LegacyId = 1 }; }");
        var repo = Source(output, "Models.Repo");
        Assert.Contains("Wire name: <c>legacyId</c>; required; deprecated by the contract, though still required.", repo);
        Assert.DoesNotContain("marks 'legacyId' as deprecated", repo);
        Assert.Contains("ObsoleteAttribute(\"The contract marks 'oldUrl' as deprecated.\")", repo);
        Assert.Contains("ObsoleteAttribute(\"The contract marks 'legacyId' as deprecated.\")", Source(output, "Models.OldRepo"));
    }

    [Fact]
    public void ADeprecatedOperationWhoseIdNeedsEscaping()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: 'pets\list "v1"'
                  deprecated: true
                  responses:
                    '204': { description: ok }
            """;

        Generate(yaml, allowed: null);
    }

    [Fact]
    public void ADeprecatedPropertyWhoseNameNeedsEscaping()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": {},
              "components": { "schemas": { "S": { "type": "object", "properties": {
                "domain\\user": { "type": "string", "deprecated": true },
                "say \"hi\"": { "type": "string", "deprecated": true }
              } } } }
            }
            """;

        Generate(json, path: "/c/api.openapi.json", allowed: null);
    }

    // ---------------------------------------------------------------- generated member and type name clashes

    [Fact]
    public void SchemasNamedLikeBclTypesAndTheGeneratedSupportTypes()
    {
        var names = new[] { "String", "Task", "Uri", "JsonElement", "Exception", "Type", "List", "Object", "ApiClient", "ApiClientOptions", "ApiApiException", "ApiJson", "apiClient", "CancellationToken", "HttpClient", "Nullable", "Api", "Consumer", "Global" };
        var yaml = Header + "paths:\n  /a:\n    post:\n      operationId: a\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: { $ref: '#/components/schemas/Task' }\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/String' }\ncomponents:\n  schemas:\n"
            + string.Concat(names.Select(n => "    " + n + ":\n      type: object\n      properties:\n        value: { type: string }\n        uri: { $ref: '#/components/schemas/Uri' }\n"));

        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0006" }, """
            class Use
            {
                async System.Threading.Tasks.Task<string?> M(Consumer.Api.ApiClient c)
                {
                    Consumer.Api.String s = await c.AAsync(new Consumer.Api.Task { Uri = new Consumer.Api.Uri() });
                    return s.Value + new Consumer.Api.ApiClient2().Value + new Consumer.Api.ApiClientOptions2().Value;
                }
            }
            """);
        Assert.Equal(5, diagnostics.Count(d => d.Id == "FG0006"));
    }

    [Fact]
    public void SchemasNamedLikeDiscardsKeywordsBclTypesAndTheClientsOwnNamespace()
    {
        // Found by the issue: a schema named "_" generated code that failed with CS0118. Each of these names is a legal
        // identifier (or becomes one) that means something else to C# or to the generated code around it.
        var names = new[]
        {
            "_", "__", "___", "_1", "1", "value", "Value", "System", "system", "global", "Global", "Object", "object", "String", "string",
            "Int32", "Guid", "Boolean", "Decimal", "Math", "Convert", "Action", "Func", "Nullable", "Enumerable", "Dictionary", "IList", "List",
            "Attribute", "Exception", "Type", "Uri", "Regex", "Encoding", "CultureInfo", "DateOnly", "DateTimeOffset", "StringComparer",
            "HttpClient", "HttpMethod", "HttpContent", "CancellationToken", "Task", "ValueTask", "Consumer", "Api", "ApiClient", "ApiJson",
            "var", "dynamic", "nameof", "record", "async", "await", "partial", "this", "base", "Pet", "pet", "PET",
        };
        var yaml = Header + "paths:\n  /a:\n    post:\n      operationId: a\n      parameters:\n        - { name: _, in: query, schema: { type: string } }\n        - { name: __, in: header, schema: { type: string, format: uuid } }\n        - { name: value, in: query, schema: { $ref: '#/components/schemas/_Kind' } }\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: { $ref: '#/components/schemas/_' }\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/System' }\ncomponents:\n  schemas:\n"
            + string.Concat(names.Select((n, i) => "    '" + n + "':\n      type: object\n      properties:\n"
                + "        '" + n + "': { type: string }\n"
                + "        'é" + n + "': { type: string }\n"
                + "        next: { $ref: '#/components/schemas/" + names[(i + 1) % names.Length] + "' }\n"
                + "        list: { type: array, items: { $ref: '#/components/schemas/" + names[(i + 2) % names.Length] + "' } }\n"
                + "        kind: { $ref: '#/components/schemas/" + n + "Kind' }\n"))
            + string.Concat(names.Select(n => "    '" + n + "Kind': { type: string, enum: [" + J(n) + ", _, __] }\n"))
            + string.Concat(new[] { "_", "global", "System", "value", "Object" }.Select(n => "    'E" + n + "': { type: string, enum: [a] }\n"));

        // "_" is the discard the generated code uses, so the schema "_" is renamed (FG0006) like any other taken name.
        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0006" }, "class Use { System.Threading.Tasks.Task<Consumer.Api.System> M(Consumer.Api.ApiClient c, Consumer.Api._2 body) => c.AAsync(body, _: \"x\"); }");
        Assert.Contains(diagnostics, d => d.Id == "FG0006" && d.GetMessage().Contains("schema '_' maps to the C# name '_'", StringComparison.Ordinal));
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api._2", """{"_":"a","next":{"__":"b"},"kind":"_"}""");
    }

    [Fact]
    public void SchemasNamedLikeTheSegmentsOfAnExplicitNamespaceAndClient()
    {
        var yaml = Header + "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/Store' }\ncomponents:\n  schemas:\n"
            + string.Concat(new[] { "Pet", "Store", "Shop", "Client", "PetShop", "Models", "global" }.Select(n => "    " + n + ":\n      type: object\n      properties:\n        " + n.ToLowerInvariant() + "Name: { type: string }\n        pet: { $ref: '#/components/schemas/Pet' }\n"));

        Generate(
            new[] { new TestContract("/c/shop.openapi.yaml", yaml, Namespace: "Pet.Store", ClientName: "Shop") },
            allowed: new[] { "FG0006" },
            "class Use { System.Threading.Tasks.Task<Pet.Store.Store> M(Pet.Store.Shop c) => c.AAsync(); }");
    }

    [Fact]
    public void BoundsAndPatternsTheClientCannotCheckAreReportedAndLeftOut()
    {
        var yaml = Header + """
            paths:
              /send:
                put:
                  operationId: send
                  requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } } }
                  responses: { '204': { description: ok } }
            components:
              schemas:
                Pet:
                  type: object
                  properties:
                    huge: { type: number, minimum: 1e400, maximum: 79228162514264337593543950336 }
                    fine: { type: integer, minimum: 1, maximum: 5 }
                    exclusive: { type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: false }
                    broken: { type: string, pattern: '[' }
                    slow: { type: string, pattern: '^(a|aa)+$' }
            """;

        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0007" });

        var reports = diagnostics.Where(d => d.Id == "FG0007").Select(d => d.GetMessage()).ToList();
        Assert.True(reports.Count == 3, string.Join("\n", reports));
        Assert.Contains(reports, m => m.Contains("minimum", StringComparison.Ordinal) && m.Contains("1e400", StringComparison.Ordinal));
        Assert.Contains(reports, m => m.Contains("maximum", StringComparison.Ordinal) && m.Contains("79228162514264337593543950336", StringComparison.Ordinal));
        Assert.Contains(reports, m => m.Contains("'['", StringComparison.Ordinal) && m.Contains("not a .NET regular expression", StringComparison.Ordinal));
        var pet = Source(output, "Models.Pet");
        Assert.Contains("FiniGenRule(global::Consumer.Api.ApiRuleKind.Pattern, \"^(a|aa)+$\")", pet, StringComparison.Ordinal);
        Assert.DoesNotContain("FiniGenRule(global::Consumer.Api.ApiRuleKind.Pattern, \"[\")", pet, StringComparison.Ordinal);
    }

    [Fact]
    public void BooleanExclusiveBoundsInAnOpenApi31DocumentAreNotReportedAsHugeNumbers()
    {
        // Found in the corpus (3.1/schema-validation-local): the reader keeps the 3.0 boolean form as "True".
        var yaml = "openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        n: { type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: false }\n";

        Generate(yaml, allowed: null);
    }

    [Fact]
    public void AnEnumSchemaNamedValue()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Value: { type: string, enum: [a, b] }
                IsKnown: { type: string, enum: [c] }
            """;

        Generate(yaml, allowed: new[] { "FG0006" });
    }

    [Fact]
    public void AnObjectSchemaNamedLikeAGeneratedMember()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                AdditionalProperties: { type: object, properties: { a: { type: string } } }
                ReadJson: { type: object, properties: { a: { type: string } } }
            """;

        Generate(yaml, allowed: new[] { "FG0006" });
    }

    [Fact]
    public void PropertiesWhoseNamesEndInSeen()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                User:
                  type: object
                  properties:
                    last: { type: string }
                    lastSeen: { type: string, format: date-time }
            """;

        Generate(yaml, allowed: null);
    }

    [Fact]
    public void PropertiesWhoseNamesEndInIsSet()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Flags:
                  type: object
                  properties:
                    enabled: { type: boolean }
                    enabledIsSet: { type: boolean }
            """;

        Generate(yaml, allowed: null);
    }

    [Theory]
    [InlineData("DefaultBaseAddress")]
    [InlineData("validateRequests")]
    public void ASecuritySchemeNamedLikeAnOptionsMember(string scheme)
    {
        var yaml = Header + "security:\n  - " + scheme + ": []\npaths: {}\ncomponents:\n  securitySchemes:\n    " + scheme + ": { type: http, scheme: bearer }\n";

        Generate(yaml, allowed: null);
    }

    [Fact]
    public void ANameStartingWithACombiningMark()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": {},
              "components": { "schemas": { "S": { "type": "object", "properties": { "\u0301accent": { "type": "string" } } } } }
            }
            """;

        Generate(json, path: "/c/api.openapi.json", allowed: new[] { "FG0006" });
    }

    // ---------------------------------------------------------------- documentation text

    [Fact]
    public void DescriptionsWithXmlMarkupCommentTerminatorsAndMarkdown()
    {
        var nasty = "Use <b>bold</b> & 'quotes' \"double\" */ </summary> <!-- --> ]]> <![CDATA[ x ]]> `a<b>` **strong** _em_ [link](https://x.y/?a=1&b=2) \\ \\u0041 {{x}} {0}\n\n- item one\n- item <two>\n\n```\ncode <block> & more\n```\n\n/// not a doc line\n// nor this\r\nCRLF line\n\n" + new string('x', 5000);
        var json = $$"""
            {
              "openapi": "3.0.3",
              "info": { "title": {{J("T <&> \"x\" */ </summary>")}}, "version": {{J("1 <beta> & \"rc\"")}}, "description": {{J(nasty)}} },
              "paths": {
                "/a/{id}": {
                  "get": {
                    "operationId": "a",
                    "summary": {{J("Get <it> & </summary>")}},
                    "description": {{J(nasty)}},
                    "x-finigen-scopes": ["<write>", "a&b", "`x`"],
                    "parameters": [
                      { "name": "id", "in": "path", "required": true, "description": {{J("The id </param> <param name=\"x\">")}}, "schema": { "type": "string", "default": "<&>" } },
                      { "name": "q", "in": "query", "description": {{J("*/ & <")}}, "schema": { "type": "string", "default": "</c>" } },
                      { "name": "r", "in": "query", "schema": { "type": "string", "default": "`**`" } }
                    ],
                    "responses": {
                      "200": { "description": {{J("Returns </returns> & <T>")}}, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/S" } } } },
                      "4XX": { "description": {{J("<bad> & worse")}}, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/S" } } } }
                    }
                  }
                }
              },
              "components": {
                "schemas": {
                  "S": {
                    "type": "object",
                    "description": {{J(nasty)}},
                    "properties": {
                      "p": { "type": "string", "description": {{J("</value> & <x>")}}, "default": "<&>\"" },
                      "a<b>&c": { "type": "string" },
                      "q": { "type": "string", "pattern": "^<[a-z]+>&\\d*$", "minLength": 1 }
                    }
                  },
                  "E": { "type": "string", "description": {{J("<E> & </summary>")}}, "default": "<x>", "enum": ["<", "&", "</c>", "`", "**", "\"", "\\"] }
                }
              }
            }
            """;

        Generate(json, path: "/c/api.openapi.json", allowed: new[] { "FG0006" });
    }

    [Fact]
    public void MarkdownWithAsterisksInsideInlineCode()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                S:
                  type: object
                  description: 'Patterns like `docs/**` match **all** files.'
                  properties:
                    a: { type: string }
            """;

        Generate(yaml, allowed: null);
    }

    [Fact]
    public void DescriptionsWithUnicodeLineSeparators()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": {},
              "components": { "schemas": { "S": { "type": "object", "description": "one\u2028two\u2029three\u0085four\rfive", "properties": { "a": { "type": "string" } } } } }
            }
            """;

        Generate(json, path: "/c/api.openapi.json", allowed: null);
    }

    [Fact]
    public void DescriptionsWithControlCharacters()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": {},
              "components": { "schemas": { "S": { "type": "object", "description": "bell \u0007 escape \u001b[31m", "properties": { "a": { "type": "string" } } } } }
            }
            """;

        Generate(json, path: "/c/api.openapi.json", allowed: null);
    }

    [Fact]
    public void ATitleWithALineBreak()
    {
        var yaml = "openapi: 3.0.3\ninfo:\n  title: |\n    Line one\n    Line two\n  version: '1'\npaths: {}\n";

        Generate(yaml, allowed: null);
    }

    [Fact]
    public void EnumValuesAndWireNamesWithLineBreaks()
    {
        const string json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "T", "version": "1" },
              "paths": {},
              "components": { "schemas": {
                "E": { "type": "string", "enum": ["a\nb"] },
                "S": { "type": "object", "properties": { "x\ny": { "type": "string" } } }
              } }
            }
            """;

        Generate(json, path: "/c/api.openapi.json", allowed: null);
    }

    // ---------------------------------------------------------------- several contracts

    [Fact]
    public void TwoContractsWithTheSameSchemaNamesInDifferentNamespaces()
    {
        var yaml = Header + """
            paths:
              /pets:
                get:
                  operationId: listPets
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Pet' } } } } }
            components:
              schemas:
                Pet: { type: object, properties: { name: { type: string } } }
                Kind: { type: string, enum: [a] }
            """;

        var (_, output, _) = Generate(
            new[] { new TestContract("/c/one/pets.openapi.yaml", yaml, Namespace: "One"), new TestContract("/c/two/pets.openapi.yaml", yaml, Namespace: "Two") },
            allowed: null,
            "class Use { object M(One.PetsClient a, Two.PetsClient b) => (a.ListPetsAsync(), b.ListPetsAsync(), new One.Pet(), new Two.Pet(), One.Kind.A, Two.Kind.A); }");
        Assert.NotNull(output.GetTypeByMetadataName("One.Pet"));
        Assert.NotNull(output.GetTypeByMetadataName("Two.Pet"));
    }

    [Fact]
    public void TwoContractsInTheSameNamespaceWithTheSameSchemaNames()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet: { type: object, properties: { name: { type: string } } }\n";

        // The second contract would redefine Shared.Pet: it is reported (FG0010) and not generated, so the rest compiles.
        var (_, _, diagnostics) = Generate(
            new[] { new TestContract("/c/a.openapi.yaml", yaml, Namespace: "Shared"), new TestContract("/c/b.openapi.yaml", yaml, Namespace: "Shared") },
            allowed: new[] { "FG0010" });
        Assert.Contains(diagnostics, d => d.Id == "FG0010" && d.GetMessage().Contains("'Shared.Pet'"));
    }

    [Fact]
    public void TwoClientsWhoseNamesDifferOnlyInCase()
    {
        var yaml = Header + "paths: {}\n";

        Generate(
            new[] { new TestContract("/c/a.openapi.yaml", yaml, Namespace: "Acme", ClientName: "PetsClient"), new TestContract("/c/b.openapi.yaml", yaml, Namespace: "Acme", ClientName: "petsClient") },
            allowed: new[] { "FG0010" });
    }

    [Fact]
    public void TwoContractsGeneratingTheSameClientAreReported()
    {
        var yaml = Header + "paths: {}\n";

        var (_, _, diagnostics) = Generate(new[] { new TestContract("/c/v1/pets.openapi.yaml", yaml), new TestContract("/c/v2/pets.openapi.yaml", yaml) }, allowed: new[] { "FG0010" });
        Assert.Single(diagnostics, d => d.Id == "FG0010");
    }

    [Fact]
    public void AKeywordClientNameIsReported()
    {
        var yaml = Header + "paths: {}\n";

        var (_, _, diagnostics) = Generate(new[] { new TestContract(Path, yaml, ClientName: "class") }, allowed: new[] { "FG0009" });
        Assert.Single(diagnostics, d => d.Id == "FG0009");
    }

    // ---------------------------------------------------------------- files

    [Theory]
    [InlineData("/c/api.openapi.json", "{ \"openapi\": \"3.0.3\", \"info\": { \"title\": \"T\", \"version\": \"1\" }, \"paths\": {}, \"components\": { \"schemas\": { \"S\": { \"type\": \"object\", \"properties\": { \"a\": { \"type\": \"string\" } } } } } }")]
    [InlineData("/c/api.openapi.yaml", "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        a: { type: string }\n")]
    public void AContractFileWithAByteOrderMarkAsTheCompilerReadsIt(string path, string text)
    {
        // The compiler decodes additional files from bytes: a UTF-8 BOM on disk is consumed by the decoder.
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(text)).ToArray();
        var additional = new BytesAdditionalText(path, Microsoft.CodeAnalysis.Text.SourceText.From(new System.IO.MemoryStream(bytes)));
        var options = new TestOptionsProvider(new Dictionary<string, TestContract> { [path] = new TestContract(path, text) }, "Consumer");
        var driver = CSharpGeneratorDriver.Create(new[] { new FiniGenGenerator().AsSourceGenerator() }, new AdditionalText[] { additional }, new CSharpParseOptions(LanguageVersion.CSharp12), options);
        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation(), out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.Api.S"));
    }

    [Fact]
    public void AJsonContractWhoseTextStillStartsWithAByteOrderMark()
    {
        const string json = "\uFEFF{ \"openapi\": \"3.0.3\", \"info\": { \"title\": \"T\", \"version\": \"1\" }, \"paths\": {}, \"components\": { \"schemas\": { \"S\": { \"type\": \"object\", \"properties\": { \"a\": { \"type\": \"string\" } } } } } }";

        var (_, output, _) = Generate(json, path: "/c/api.openapi.json", allowed: null);
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.Api.S"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("openapi: 3.0.3\n")]
    [InlineData("openapi: 9.9.9\ninfo:\n  title: T\n  version: '1'\npaths: {}\n")]
    [InlineData("swagger: '1.2'\n")]
    [InlineData("openapi: 3.0.3\ninfo: 5\npaths: 7\n")]
    [InlineData("openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a: 5\ncomponents:\n  schemas: []\n")]
    public void DegenerateFilesAreReportedWithoutCrashing(string text)
    {
        var (result, _) = GeneratorHarness.Run(new[] { new TestContract(Path, text) });

        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8785" or "FG0099");
        Assert.Null(result.Results[0].Exception);
    }

    [Fact]
    public void AnEmptyFileAndACommentOnlyFileAreReportedAndGenerateNothing()
    {
        foreach (var text in new[] { string.Empty, "# nothing here\n" })
        {
            var (result, _) = GeneratorHarness.Run(new[] { new TestContract(Path, text) });

            Assert.Contains(result.Diagnostics, d => d.Id is "FG0001" or "FG0002");
            Assert.Empty(result.Results[0].GeneratedSources);
        }
    }

    // ---------------------------------------------------------------- servers

    [Theory]
    [InlineData("/api/v1")]
    [InlineData("https://{undeclared}.example.com/v1")]
    [InlineData("")]
    [InlineData("ftp://files.example.com/")]
    public void ServersWithoutAnAbsoluteHttpUrlHaveNoDefaultBaseAddress(string url)
    {
        var yaml = Header + "servers:\n  - url: '" + url + "'\n    variables:\n      region: { default: eu }\npaths: {}\n";
        Assert.DoesNotContain("{region}", url);

        var (_, output, _) = Generate(yaml, allowed: new[] { "FG0008" });
        Assert.Contains("DefaultBaseAddress { get; } = null;", Source(output, "Options"));
    }

    [Fact]
    public void ServerVariablesInThePathAreSubstituted()
    {
        var yaml = Header + "servers:\n  - url: 'https://api.example.com/{version}'\n    variables:\n      version: { default: v2 }\npaths: {}\n";

        var (_, output, _) = Generate(yaml, allowed: null);
        var options = Source(output, "Options");
        Assert.DoesNotContain("{version}", options);
        Assert.Contains("https://api.example.com/v2", options);
    }

    [Fact]
    public void AServerUrlWithQuotesAndPercentEscapes()
    {
        var yaml = Header + "servers:\n  - url: 'https://api.example.com/a%20b/\"q\"/'\npaths: {}\n";

        Generate(yaml, allowed: null);
    }

    // ---------------------------------------------------------------- request rules (validation support)

    [Fact]
    public void ASchemaNamedSystem()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    System:\n      type: object\n      properties:\n        a: { type: string }\n";

        Generate(yaml, allowed: null);
    }

    [Fact]
    public void AContractFileNamedSystem()
    {
        var yaml = Header + "paths: {}\n";

        Generate(new[] { new TestContract("/c/system.openapi.yaml", yaml) }, allowed: null);
    }

    [Fact]
    public void TwoContractsInTheSameNamespace()
    {
        var yaml = Header + "paths: {}\n";

        Generate(
            new[] { new TestContract("/c/a.openapi.yaml", yaml, Namespace: "Shared"), new TestContract("/c/b.openapi.yaml", yaml, Namespace: "Shared") },
            allowed: null,
            "class Use { object M(Shared.AClient a, Shared.BClient b) => (a, b); }");
    }

    [Fact]
    public void AParameterNamedOperationId()
    {
        var yaml = Header + """
            paths:
              /a:
                post:
                  operationId: a
                  parameters:
                    - { name: operationId, in: query, schema: { type: string } }
                  requestBody:
                    content:
                      application/json:
                        schema: { type: object, properties: { x: { type: string } } }
                  responses:
                    '204': { description: ok }
            """;

        Generate(yaml, allowed: null);
    }

    [Fact]
    public void SchemasNamedLikeTheValidationSupportTypes()
    {
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n"
            + string.Concat(new[] { "FiniGenRule", "FiniGenRuleAttribute", "ApiValidation", "ApiConstraintChecks", "ApiRequestValidationException" }.Select(n => "    " + n + ":\n      type: object\n      properties:\n        a: { type: string, minLength: 1 }\n"));

        // The rule attribute is nested in the contract's Json class, so only the three top-level support types clash.
        var (_, _, diagnostics) = Generate(yaml, allowed: new[] { "FG0006" });
        Assert.Equal(3, diagnostics.Count(d => d.Id == "FG0006"));
    }

    [Fact]
    public void RequestChecksOnParametersAndBodies()
    {
        var yaml = Header + """
            paths:
              /a/{id}:
                post:
                  operationId: a
                  parameters:
                    - { name: id, in: path, required: true, schema: { type: string, format: uuid } }
                    - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100 } }
                    - { name: tags, in: query, schema: { type: array, minItems: 1, items: { type: string, pattern: '^[a-z]+$' } } }
                    - { name: ratio, in: query, required: true, schema: { type: number, exclusiveMinimum: true, minimum: 0 } }
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: { $ref: '#/components/schemas/Body' }
                  responses:
                    '204': { description: ok }
            components:
              schemas:
                Body:
                  type: object
                  required: [items]
                  properties:
                    items: { type: array, maxItems: 3, items: { $ref: '#/components/schemas/Item' } }
                    maybe: { type: array, nullable: true, items: { type: string, nullable: true, maxLength: 2 } }
                    nested: { $ref: '#/components/schemas/Item' }
                Item:
                  type: object
                  properties:
                    url: { type: string, format: uri }
                    n: { type: integer, format: int64, minimum: -5 }
            """;

        Generate(yaml, allowed: null);
    }

    // ---------------------------------------------------------------- wire behaviour

    [Fact]
    public void PipeAndSpaceDelimitedQueryArrays()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: a
                  parameters:
                    - { name: pipes, in: query, style: pipeDelimited, explode: false, schema: { type: array, items: { type: string } } }
                    - { name: spaces, in: query, style: spaceDelimited, explode: false, schema: { type: array, items: { type: string } } }
                  responses:
                    '204': { description: ok }
            """;

        var (_, output, diagnostics) = Generate(yaml, allowed: new[] { "FG0007" });
        var client = Source(output, "Client");
        Assert.True(
            diagnostics.Count(d => d.Id == "FG0007") == 2 || (!client.Contains("JoinComma(pipes", StringComparison.Ordinal) && !client.Contains("JoinComma(spaces", StringComparison.Ordinal)),
            "pipeDelimited/spaceDelimited arrays are joined with commas:\n" + string.Join("\n", client.Split('\n').Where(l => l.Contains("JoinComma(", StringComparison.Ordinal))));
    }

    [Fact]
    public void ARequiredWriteOnlyMemberIsNotRequiredInResponses()
    {
        var yaml = Header + """
            paths:
              /users:
                post:
                  operationId: createUser
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: { $ref: '#/components/schemas/User' }
                  responses:
                    '201':
                      description: created
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/User' }
            components:
              schemas:
                User:
                  type: object
                  required: [id, name, password]
                  properties:
                    id: { type: string, readOnly: true }
                    name: { type: string }
                    password: { type: string, writeOnly: true }
            """;

        var (_, output, _) = Generate(yaml, allowed: null);
        AssertRoundTrips(output, "Consumer.Api.User", """{"id":"1","name":"a"}""");
    }

    // ---------------------------------------------------------------- helpers

    private static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Generate(string contract, string[]? allowed, params string[] consumer)
        => ContractCompiler.Generate(new[] { new TestContract(Path, contract) }, allowed, consumer);

    private static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Generate(string contract, string path, string[]? allowed, params string[] consumer)
        => ContractCompiler.Generate(new[] { new TestContract(path, contract) }, allowed, consumer);

    private static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Generate(TestContract[] contracts, string[]? allowed, params string[] consumer)
        => ContractCompiler.Generate(contracts, allowed, consumer);

    private static string Source(Compilation output, string part) => ContractCompiler.Source(output, part);

    /// <summary>A JSON string literal.</summary>
    private static string J(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static void AssertRoundTrips(Compilation output, string type, string json) => ContractCompiler.AssertRoundTrips(output, type, json);

    private sealed class BytesAdditionalText : AdditionalText
    {
        private readonly Microsoft.CodeAnalysis.Text.SourceText _text;

        public BytesAdditionalText(string path, Microsoft.CodeAnalysis.Text.SourceText text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
    }
}
