using System.Linq;
using FiniGen.Tests.Infrastructure;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// One focused test per OpenAPI construct: the generated client is compiled as a consumer would compile it and, where
/// the construct shows on the wire, run against a capturing handler to check what it sends and reads.
/// </summary>
public class ConstructTests
{
    private const string Header = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\nservers:\n  - url: https://api.test/\n";

    private const string ClientSetup = """
        var capture = new Probe.Capture();
        using var client = new Consumer.Api.ApiClient(new System.Net.Http.HttpClient(capture), new Consumer.Api.ApiClientOptions { BaseAddress = new System.Uri("https://api.test/") });
        """;

    [Fact]
    public void AFormUrlEncodedBodySendsItsMembersAsFields()
    {
        var yaml = Header + """
            paths:
              /token:
                post:
                  operationId: createToken
                  requestBody:
                    required: true
                    content:
                      application/x-www-form-urlencoded:
                        schema:
                          type: object
                          required: [grant_type]
                          properties:
                            grant_type: { type: string }
                            count: { type: integer }
                            scopes: { type: array, items: { type: string } }
                            options: { type: object, properties: { deep: { type: boolean } } }
                            unset: { type: string }
                  responses:
                    '204': { description: ok }
            """;

        var log = ContractCompiler.RunProbe(yaml, Probe("""
            await client.CreateTokenAsync(new Consumer.Api.CreateTokenRequest { GrantType = "client credentials", Count = 3, Scopes = ["read", "write"], Options = new() { Deep = true } });
            """));

        Assert.Contains("Content-Type: application/x-www-form-urlencoded\ngrant_type=client+credentials&count=3&scopes=read&scopes=write&options=%7B%22deep%22%3Atrue%7D\n", log);
    }

    [Fact]
    public void AMultipartBodySendsBinaryMembersAsFilePartsAndTheRestAsText()
    {
        var yaml = Header + """
            paths:
              /upload:
                post:
                  operationId: upload
                  requestBody:
                    required: true
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          required: [file]
                          properties:
                            file: { type: string, format: binary }
                            title: { type: string }
                            tags: { type: array, items: { type: string } }
                  responses:
                    '204': { description: ok }
            """;

        var log = ContractCompiler.RunProbe(yaml, Probe("""
            await client.UploadAsync(new Consumer.Api.UploadRequest { File = System.Text.Encoding.UTF8.GetBytes("%PDF-1.7 raw"), Title = "Refunds", Tags = ["a", "b"] });
            """));

        Assert.Contains("Content-Type: multipart/form-data; boundary=\"BOUNDARY\"", log);
        Assert.True(log.Contains("Content-Type: application/octet-stream\nContent-Disposition: form-data; name=file; filename=file; filename*=utf-8''file\n\n%PDF-1.7 raw\n"), log);
        Assert.Contains("Content-Type: text/plain; charset=utf-8\nContent-Disposition: form-data; name=title\n\nRefunds\n", log);
        Assert.Equal(2, log.Split("name=tags").Length - 1);
    }

    [Fact]
    public void BinaryAndTextBodiesAndResponses()
    {
        var yaml = Header + """
            paths:
              /files/{name}:
                put:
                  operationId: putFile
                  parameters:
                    - { name: name, in: path, required: true, schema: { type: string } }
                  requestBody:
                    required: true
                    content:
                      image/png: { schema: { type: string, format: binary } }
                  responses:
                    '204': { description: stored }
                get:
                  operationId: getFile
                  parameters:
                    - { name: name, in: path, required: true, schema: { type: string } }
                  responses:
                    '200':
                      description: the bytes
                      content:
                        application/octet-stream: { schema: { type: string, format: binary } }
              /notes:
                post:
                  operationId: addNote
                  requestBody:
                    content:
                      text/plain: { schema: { type: string } }
                  responses:
                    '200':
                      description: the note as stored
                      content:
                        text/markdown: { schema: { type: string } }
            """;

        var log = ContractCompiler.RunProbe(yaml, Probe("""
            capture.Respond = request => request.Method == System.Net.Http.HttpMethod.Get
                ? new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new System.Net.Http.ByteArrayContent(new byte[] { 0, 1, 2, 255 }) }
                : request.RequestUri!.AbsolutePath == "/notes"
                    ? new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new System.Net.Http.StringContent("# Stored ✓") }
                    : new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.NoContent);
            var image = new System.IO.MemoryStream(System.Text.Encoding.ASCII.GetBytes("xxPNG"));
            image.Position = 2;
            await client.PutFileAsync("logo.png", image);
            var bytes = await client.GetFileAsync("logo.png");
            var note = await client.AddNoteAsync("remember");
            capture.Log.Append("stream still open: ").Append(image.CanRead).Append('\n');
            capture.Log.Append("read: ").Append(string.Join(",", bytes)).Append(" / ").Append(note).Append('\n');
            """));

        Assert.Contains("PUT /files/logo.png\nAccept: application/json\nContent-Type: image/png\nPNG\n", log);
        Assert.Contains("GET /files/logo.png\nAccept: application/octet-stream\n", log);
        Assert.Contains("POST /notes\nAccept: text/markdown\nContent-Type: text/plain; charset=utf-8\nremember\n", log);
        Assert.Contains("stream still open: True\n", log);
        Assert.Contains("read: 0,1,2,255 / # Stored ✓\n", log);
    }

    [Fact]
    public void CookieParametersTravelInOneCookieHeader()
    {
        var yaml = Header + """
            paths:
              /me:
                get:
                  operationId: me
                  parameters:
                    - { name: session, in: cookie, required: true, schema: { type: string } }
                    - { name: theme, in: cookie, schema: { type: string } }
                    - { name: beta, in: cookie, schema: { type: boolean } }
                  responses:
                    '204': { description: ok }
            """;

        var log = ContractCompiler.RunProbe(yaml, Probe("""
            await client.MeAsync("abc d;e", beta: true);
            await client.MeAsync("s2", theme: "dark");
            """));

        Assert.Contains("GET /me\nAccept: application/json\nCookie: session=abc%20d%3Be; beta=true\n", log);
        Assert.Contains("GET /me\nAccept: application/json\nCookie: session=s2; theme=dark\n", log);
    }

    [Fact]
    public void ParameterStylesAndExplode()
    {
        var yaml = Header + """
            paths:
              /simple/{ids}/{label}/{matrix}/{labels}/{matrices}:
                get:
                  operationId: styles
                  parameters:
                    - { name: ids, in: path, required: true, schema: { type: array, items: { type: integer } } }
                    - { name: label, in: path, required: true, style: label, schema: { type: string } }
                    - { name: matrix, in: path, required: true, style: matrix, schema: { type: string } }
                    - { name: labels, in: path, required: true, style: label, explode: true, schema: { type: array, items: { type: string } } }
                    - { name: matrices, in: path, required: true, style: matrix, explode: true, schema: { type: array, items: { type: string } } }
                    - { name: tags, in: query, schema: { type: array, items: { type: string } } }
                    - { name: csv, in: query, explode: false, schema: { type: array, items: { type: string } } }
                    - { name: pipes, in: query, style: pipeDelimited, explode: false, schema: { type: array, items: { type: string } } }
                    - { name: filter, in: query, style: deepObject, explode: true, schema: { $ref: '#/components/schemas/Filter' } }
                    - { name: page, in: query, schema: { $ref: '#/components/schemas/Page' } }
                    - { name: sort, in: query, explode: false, schema: { type: object, additionalProperties: { type: string } } }
                    - { name: X-Ids, in: header, schema: { type: array, items: { type: integer } } }
                  responses:
                    '204': { description: ok }
            components:
              schemas:
                Filter: { type: object, properties: { status: { type: string }, min: { type: integer } } }
                Page: { type: object, properties: { offset: { type: integer }, size: { type: integer } } }
            """;

        var log = ContractCompiler.RunProbe(yaml, Probe("""
            await client.StylesAsync(
                [1, 2], "a b", "m", ["x", "y"], ["p", "q"],
                tags: ["t1", "t2"], csv: ["c1", "c2"], pipes: ["p1", "p2"],
                filter: new Consumer.Api.Filter { Status = "open", Min = 3 },
                page: new Consumer.Api.Page { Offset = 20, Size = 10 },
                sort: new System.Collections.Generic.Dictionary<string, string> { ["name"] = "asc" },
                xIds: [7, 8]);
            """));

        Assert.Contains(
            "GET /simple/1,2/.a%20b/;matrix=m/.x.y/;matrices=p;matrices=q"
            + "?tags=t1&tags=t2&csv=c1%2Cc2&pipes=p1%7Cp2&filter%5Bstatus%5D=open&filter%5Bmin%5D=3&offset=20&size=10&sort=name%2Casc\n",
            log);
        Assert.Contains("X-Ids: 7,8\n", log);
    }

    [Fact]
    public void ByteFormatsAreByteArraysInBase64()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Attachment:
                  type: object
                  required: [data]
                  properties:
                    data: { type: string, format: byte }
                    thumbnail: { type: string, format: byte, nullable: true }
            """;

        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, null);

        Assert.Contains("public required byte[] Data", ContractCompiler.Source(output, "Models.Attachment"));
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Attachment", """{"data":"AAEC/w==","thumbnail":null}""");
    }

    [Fact]
    public void OneOfWithADiscriminatorReadsAndWritesEachVariant()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Pet:
                  oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }]
                  discriminator: { propertyName: petType, mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' } }
                Cat:
                  type: object
                  required: [petType]
                  properties: { petType: { type: string }, meows: { type: boolean } }
                Dog:
                  type: object
                  required: [petType]
                  properties: { petType: { type: string }, bark: { type: string } }
            """;

        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, null);

        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Pet", """{"petType":"cat","meows":true}""");
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Pet", """{"petType":"dog","bark":"loud"}""");
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Dog", """{"petType":"dog","bark":"loud"}""");
    }

    [Fact]
    public void AnyOfAndAllOfMergeTheirMembers()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Named: { type: object, required: [name], properties: { name: { type: string } } }
                Aged: { type: object, properties: { age: { type: integer } } }
                Person:
                  allOf:
                    - $ref: '#/components/schemas/Named'
                    - $ref: '#/components/schemas/Aged'
                    - type: object
                      properties: { email: { type: string, format: email } }
                Contact:
                  anyOf: [{ $ref: '#/components/schemas/Named' }, { $ref: '#/components/schemas/Aged' }]
            """;

        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, null);

        Assert.Contains("public required string Name", ContractCompiler.Source(output, "Models.Person"));
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Person", """{"name":"Ada","age":36,"email":"ada@example.com"}""");
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Contact", """{"age":36}""");
    }

    [Fact]
    public void AOneOfOfUnrelatedTypesIsKeptWholeAsJson()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Item:
                  type: object
                  properties:
                    id: { oneOf: [{ type: string }, { type: integer }] }
            """;

        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, null);

        Assert.Contains("global::System.Text.Json.JsonElement? Id", ContractCompiler.Source(output, "Models.Item"));
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Item", """{"id":42}""");
        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Item", """{"id":"a-42"}""");
    }

    [Fact]
    public void AdditionalPropertiesAreDictionaries()
    {
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Counts: { type: object, additionalProperties: { type: integer } }
                Labels:
                  type: object
                  properties: { total: { type: integer } }
                  additionalProperties: { type: string }
            """;

        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, null);

        ContractCompiler.AssertRoundTrips(output, "Consumer.Api.Labels", """{"total":2,"a":"x","b":"y"}""");
    }

    [Fact]
    public void ASwagger20ContractIsConvertedByTheReader()
    {
        const string swagger = """
            swagger: '2.0'
            info: { title: Legacy, version: '1' }
            host: legacy.test
            basePath: /api
            schemes: [https]
            consumes: [application/json]
            produces: [application/json]
            paths:
              /items/{id}:
                get:
                  operationId: getItem
                  parameters:
                    - { name: id, in: path, required: true, type: integer, format: int64 }
                    - { name: tags, in: query, type: array, items: { type: string }, collectionFormat: pipes }
                  responses:
                    '200': { description: ok, schema: { $ref: '#/definitions/Item' } }
              /items:
                post:
                  operationId: addItem
                  parameters:
                    - { name: body, in: body, required: true, schema: { $ref: '#/definitions/Item' } }
                  responses:
                    '201': { description: created, schema: { $ref: '#/definitions/Item' } }
            definitions:
              Item:
                type: object
                required: [id]
                properties: { id: { type: integer, format: int64 }, name: { type: string } }
            """;

        var log = ContractCompiler.RunProbe(swagger, Probe("""
            capture.Respond = _ => new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new System.Net.Http.StringContent("{\"id\":7,\"name\":\"seven\"}") };
            var item = await client.GetItemAsync(7, tags: ["a", "b"]);
            var added = await client.AddItemAsync(new Consumer.Api.Item { Id = 8, Name = "eight" });
            capture.Log.Append("read: ").Append(item.Name).Append(' ').Append(added.Id).Append('\n');
            capture.Log.Append("default base address: ").Append(Consumer.Api.ApiClientOptions.DefaultBaseAddress).Append('\n');
            """));

        Assert.Contains("default base address: https://legacy.test/api\n", log);

        Assert.Contains("GET /items/7?tags=a|b\n", log.Replace("%7C", "|"));
        Assert.Contains("POST /items\nAccept: application/json\nContent-Type: application/json\n{\"id\":8,\"name\":\"eight\"}\n", log);
        Assert.Contains("read: seven 7\n", log);
    }

    [Fact]
    public void ASecondSuccessResponseWithAnotherBodyIsReported()
    {
        var yaml = Header + """
            paths:
              /jobs:
                post:
                  operationId: startJob
                  responses:
                    '200': { description: done, content: { application/json: { schema: { type: object, properties: { result: { type: string } } } } } }
                    '202': { description: queued, content: { application/json: { schema: { type: object, properties: { ticket: { type: string } } } } } }
                    default: { description: error, content: { application/json: { schema: { type: object, properties: { message: { type: string } } } } } }
            """;

        var (_, output, diagnostics) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, new[] { "FG0007" });

        var reported = Assert.Single(diagnostics, d => d.Id == "FG0007");
        Assert.Contains("/paths/~1jobs/post/responses/202", reported.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("Task<global::Consumer.Api.StartJobResponse> StartJobAsync", ContractCompiler.Source(output, "Client"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOnlyMembersAreNotRequiredInRequestsAndWriteOnlyOnesNotInResponses()
    {
        var yaml = Header + """
            paths:
              /users:
                post:
                  operationId: createUser
                  requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/User' } } } }
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/User' } } } }
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

        var log = ContractCompiler.RunProbe(yaml, Probe("""
            capture.Respond = _ => new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new System.Net.Http.StringContent("{\"id\":\"u1\",\"name\":\"Ada\"}") };
            var user = await client.CreateUserAsync(new Consumer.Api.User { Name = "Ada", Password = "secret" });
            capture.Log.Append("read: ").Append(user.Id).Append('\n');
            """));

        Assert.Contains("{\"name\":\"Ada\",\"password\":\"secret\"}\n", log);
        Assert.Contains("read: u1\n", log);
    }

    [Fact]
    public void RequestBodiesReuseOneBufferPerThreadWithoutMixingThemEvenAfterAWriteThrew()
    {
        // The generated Serialize keeps its buffer and writer per thread; each body must still come out whole and alone.
        var yaml = Header + """
            paths: {}
            components:
              schemas:
                Item:
                  type: object
                  properties:
                    name: { type: string }
                    tags: { type: array, items: { type: string } }
            """;

        var result = ContractCompiler.RunProbe(yaml, """
            #pragma warning disable CS1591
            namespace Probe;

            public static class Program
            {
                public static System.Threading.Tasks.Task<string> RunAsync()
                {
                    static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
                    static byte[] Write(Consumer.Api.Item item) => Consumer.Api.ApiJson.Serialize(item, Consumer.Api.Item.WriteJson);
                    var log = new System.Collections.Generic.List<string> { Text(Write(new Consumer.Api.Item { Name = "a", Tags = ["x", "y"] })) };
                    try
                    {
                        Consumer.Api.ApiJson.Serialize(0, (writer, _) => { writer.WriteStartObject(); writer.WritePropertyName("half"); throw new System.InvalidOperationException("boom"); });
                    }
                    catch (System.InvalidOperationException exception)
                    {
                        log.Add("threw " + exception.Message);
                    }

                    log.Add(Text(Write(new Consumer.Api.Item { Name = "b" })));
                    log.Add(Write(new Consumer.Api.Item { Name = new string('c', 2_000_000) }).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    log.Add(Text(Consumer.Api.ApiJson.Serialize(1, (writer, _) =>
                    {
                        writer.WriteStartArray();
                        writer.WriteRawValue(Write(new Consumer.Api.Item { Name = "inner" }));
                        writer.WriteEndArray();
                    })));
                    log.Add(Text(Write(new Consumer.Api.Item { Tags = [] })));
                    return System.Threading.Tasks.Task.FromResult(string.Join("\n", log));
                }
            }
            """);

        Assert.Equal(
            """
            {"name":"a","tags":["x","y"]}
            threw boom
            {"name":"b"}
            2000011
            [{"name":"inner"}]
            {"tags":[]}
            """.Replace("\r\n", "\n"),
            result);
    }

    private static string Probe(string body) => "#pragma warning disable CS1591\nnamespace Probe;\n\npublic static class Program\n{\n    public static async System.Threading.Tasks.Task<string> RunAsync()\n    {\n"
        + string.Join("\n", (ClientSetup + "\n" + body).Split('\n').Select(l => "        " + l))
        + "\n        return capture.Log.ToString();\n    }\n}\n";
}
