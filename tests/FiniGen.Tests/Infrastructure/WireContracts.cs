namespace FiniGen.Tests.Infrastructure;

/// <summary>
/// The contracts the wire tests generate clients from, each compiled once (see <see cref="ProbeHost"/>). One API, an
/// inventory service, under three credentials: an API key in the <c>X-Api-Key</c> header (<see cref="Wire"/>, client
/// <c>Consumer.Wire.WireClient</c>), an API key in the <c>api_key</c> query parameter (<see cref="WireQuery"/>) and a
/// bearer token (<see cref="WireBearer"/>).
/// </summary>
public static class WireContracts
{
    /// <summary>A credential of the shape real keys have, with the characters that escape differently in JSON and in URLs.</summary>
    public const string Key = "fini_live_7Hq2xW9pZ4/kV+m3=Rt8sY6_0042";

    /// <summary>The operations, shared by the three contracts; <c>SECURITY</c> is replaced by each one's scheme.</summary>
    private const string Body = """
        openapi: 3.0.3
        info:
          title: Inventory
          version: '1.0'
        servers:
          - url: https://inventory.example.com/
        security:
          - inventoryKey: []
        paths:
          /items/{name}:
            get:
              operationId: getItem
              summary: Read one item (safe to repeat).
              parameters:
                - { name: name, in: path, required: true, schema: { type: string } }
                - { name: X-Trace-Id, in: header, schema: { type: string } }
                - { name: X-Tenant, in: header, schema: { type: string } }
                - { name: session, in: cookie, schema: { type: string } }
                - { name: theme, in: cookie, schema: { type: string } }
              responses:
                '200':
                  description: The item.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Item' }
                '401': { $ref: '#/components/responses/Problem' }
                '403': { $ref: '#/components/responses/Problem' }
                '404': { $ref: '#/components/responses/Problem' }
                '429': { $ref: '#/components/responses/Problem' }
                '500': { $ref: '#/components/responses/Problem' }
            delete:
              operationId: deleteItem
              summary: Delete one item (not safe to repeat).
              parameters:
                - { name: name, in: path, required: true, schema: { type: string } }
                - { name: X-Reason, in: header, schema: { type: string } }
              responses:
                '204': { description: Deleted. }
                '401': { $ref: '#/components/responses/Problem' }
                '404': { $ref: '#/components/responses/Problem' }
          /items/{name}/refresh:
            post:
              operationId: refreshItem
              summary: Re-read an item from its upstream; repeating it is harmless.
              x-finigen-retry-safe: true
              parameters:
                - { name: name, in: path, required: true, schema: { type: string } }
              responses:
                '200':
                  description: The item.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Item' }
          /charges:
            post:
              operationId: createCharge
              summary: Charge an amount; the request has no body.
              parameters:
                - { name: amount, in: query, required: true, schema: { type: integer, format: int64 } }
                - { name: currency, in: query, schema: { type: string } }
                - { name: ratio, in: query, schema: { type: number, format: double } }
              responses:
                '200':
                  description: The charge.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Charge' }
                '400': { $ref: '#/components/responses/Problem' }
                '401': { $ref: '#/components/responses/Problem' }
                '403': { $ref: '#/components/responses/Problem' }
                '500': { $ref: '#/components/responses/Problem' }
          /orders:
            post:
              operationId: createOrder
              summary: Place an order (a JSON body; not safe to repeat).
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Order' }
              responses:
                '200':
                  description: The order as stored.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Order' }
                '400': { $ref: '#/components/responses/Problem' }
                '500': { $ref: '#/components/responses/Problem' }
          /search:
            get:
              operationId: searchItems
              parameters:
                - { name: q, in: query, schema: { type: string } }
                - { name: minScore, in: query, schema: { type: number, format: double } }
                - { name: tags, in: query, schema: { type: array, items: { type: string } } }
              responses:
                '200':
                  description: Matches.
                  content:
                    application/json:
                      schema:
                        type: array
                        items: { $ref: '#/components/schemas/Item' }
        components:
          securitySchemes:
            SECURITY
          responses:
            Problem:
              description: An error.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Error' }
          schemas:
            Item:
              type: object
              required: [name]
              properties:
                name: { type: string }
                title: { type: string }
                price: { type: number, format: double }
                tags: { type: array, items: { type: string } }
            Charge:
              type: object
              required: [id, amount]
              properties:
                id: { type: string }
                amount: { type: integer, format: int64 }
                note: { type: string }
            Order:
              type: object
              required: [sku, quantity, price, lines]
              properties:
                sku: { type: string }
                quantity: { type: integer }
                price: { type: number, format: double }
                weights: { type: array, items: { type: number, format: double } }
                tags: { type: array, items: { type: string } }
                labels: { type: object, additionalProperties: { type: string } }
                lines:
                  type: array
                  items: { $ref: '#/components/schemas/Line' }
                note: { type: string }
            Line:
              type: object
              required: [sku, count]
              properties:
                sku: { type: string }
                count: { type: integer }
            Error:
              type: object
              required: [statusCode, message]
              properties:
                statusCode: { type: integer }
                message: { type: string }
                error: { type: string }
                detail: { type: string }
        """;

    /// <summary>The API key in the <c>X-Api-Key</c> header; client <c>Consumer.Wire.WireClient</c>, credential property <c>InventoryKey</c>.</summary>
    public static readonly ContractUnderTest Wire = new(
        "/c/wire.openapi.yaml",
        "Consumer.Wire",
        "Wire",
        Body.Replace("SECURITY", "inventoryKey: { type: apiKey, in: header, name: X-Api-Key }"));

    /// <summary>The API key in the <c>api_key</c> query parameter; client <c>Consumer.WireQuery.WireQueryClient</c>.</summary>
    public static readonly ContractUnderTest WireQuery = new(
        "/c/wire-query.openapi.yaml",
        "Consumer.WireQuery",
        "WireQuery",
        Body.Replace("SECURITY", "inventoryKey: { type: apiKey, in: query, name: api_key }"));

    /// <summary>A bearer token; client <c>Consumer.WireBearer.WireBearerClient</c>.</summary>
    public static readonly ContractUnderTest WireBearer = new(
        "/c/wire-bearer.openapi.yaml",
        "Consumer.WireBearer",
        "WireBearer",
        Body.Replace("SECURITY", "inventoryKey: { type: http, scheme: bearer }"));

    /// <summary>The contract whose base name is <paramref name="baseName"/> (theory data passes names, which xUnit can show).</summary>
    public static ContractUnderTest Named(string baseName) => baseName switch
    {
        "Wire" => Wire,
        "WireQuery" => WireQuery,
        "WireBearer" => WireBearer,
        _ => throw new System.ArgumentOutOfRangeException(nameof(baseName), baseName, null),
    };
}

/// <summary>A contract, where it is compiled from (the path names the client), its namespace and its base name.</summary>
public sealed record ContractUnderTest(string Path, string Namespace, string BaseName, string Text)
{
    public ProbeHost Host => ProbeHost.For(Path, Text);

    /// <summary>
    /// Probe source for this contract: <see cref="WireProbes.Common"/> and <paramref name="members"/>, where <c>NS.</c>
    /// becomes the namespace and <c>BASE</c> the base name (<c>NS.BASEClient</c> is the client).
    /// </summary>
    public string Source(string members) => (WireProbes.Common + members).Replace("NS.", "global::" + Namespace + ".").Replace("BASE", BaseName);

    /// <summary>Compiles <paramref name="members"/> (see <see cref="Source"/>) once and runs <c>Probes.<paramref name="method"/></c>.</summary>
    public System.Threading.Tasks.Task<ProbeOutcome> RunAsync(string members, string method, params object?[] arguments) => Host.RunAsync(Source(members), method, null, arguments);

    /// <inheritdoc cref="RunAsync(string, string, object?[])"/>
    public System.Threading.Tasks.Task<ProbeOutcome> RunAsync(string members, string method, System.TimeSpan limit, params object?[] arguments) => Host.RunAsync(Source(members), method, limit, arguments);

    public override string ToString() => BaseName;
}
