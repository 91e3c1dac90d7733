using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Fini.Emulator.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Fini.Emulator.Http;

/// <summary>
/// The emulator's only request handler: matches the contract's ten routes, checks the API key and its scope, validates
/// the request, calls the state and writes the response. Errors use the contract's <c>Error</c> body.
/// </summary>
internal sealed class EmulatorApi
{
    private const string Documents = "/v2/documents/public";
    private const string Resources = Documents + "/resources/";
    private const string Crawl = Documents + "/deep-crawl/links";
    private const string RefreshPath = Documents + "/refresh";
    private const string Bulk = "/v2/knowledge/public/bulk";
    private const string JobsStatus = "/v2/knowledge/public/jobs/status";
    private const string WriteScopeMessage = "API key is missing the required `write` scope";

    private readonly FiniEmulatorState _state;
    private readonly byte[] _writeKey;
    private readonly byte[] _readKey;
    private readonly Action<string>? _log;
    private readonly FiniFaults _faults;

    public EmulatorApi(FiniEmulatorState state, string writeKey, string readKey, Action<string>? log, FiniFaults faults)
    {
        _state = state;
        _writeKey = Encoding.UTF8.GetBytes(writeKey);
        _readKey = Encoding.UTF8.GetBytes(readKey);
        _log = log;
        _faults = faults;
    }

    private enum Scope
    {
        Read,
        Write,
    }

    /// <summary>The contract's operationIds, in the contract's order.</summary>
    public static IReadOnlyList<string> OperationIds { get; } =
    [
        "listSources",
        "ingestSources",
        "deleteSources",
        "getSource",
        "listProviderResources",
        "registerProviderResources",
        "crawlLinks",
        "refreshSources",
        "bulkGenerateKnowledge",
        "checkKnowledgeJobs",
    ];

    private delegate Task Handler(HttpContext context, string? routeValue);

    private readonly record struct Route(Handler? Handler, Scope Scope, string? RouteValue, string? Operation);

    /// <summary>Awaited after each response was handed to Kestrel (see <see cref="FiniEmulatorOptions.AfterResponseSent"/>).</summary>
    public Func<Task>? AfterResponseSent { get; init; }

    public async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var route = Match(method, path.Length > 1 ? path.TrimEnd('/') : path);
        var entry = _faults.Begin(route.Operation, method, path, route.Scope == Scope.Write);
        var fault = entry.Fault;
        int? sent;
        if (fault == FiniFaultKind.None)
        {
            // The answer is made in memory and the record finished before it is sent: a client that has the response can
            // rely on the log (write applied, status sent) already saying so.
            var body = await ResponseBuffer.CaptureAsync(context, () => HandleCoreAsync(context, method, path, route, entry)).ConfigureAwait(false);
            sent = body is not null && !context.RequestAborted.IsCancellationRequested ? context.Response.StatusCode : null;
            entry.Finished(sent);
            if (sent is not null)
            {
                await ResponseBuffer.SendAsync(context, body!, body!.Length).ConfigureAwait(false);
                _log?.Invoke($"{method} {path} -> {context.Response.StatusCode.ToString(CultureInfo.InvariantCulture)}");
            }
        }
        else
        {
            sent = await FaultInjection.InjectAsync(context, entry, () => HandleCoreAsync(context, method, path, route, entry)).ConfigureAwait(false);
            _log?.Invoke($"{method} {path} -> {(sent is int status ? status.ToString(CultureInfo.InvariantCulture) : "dropped")} [fault: {FiniFaultKinds.Name(fault)}]");
        }

        if (AfterResponseSent is not null)
        {
            await AfterResponseSent().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The emulator's own handling: route, key, scope, handler, error body, all written into the response buffer. Records on
    /// <paramref name="entry"/> whether the handler ran and the status it answered. Returns false when the client went away first.
    /// </summary>
    private async Task<bool> HandleCoreAsync(HttpContext context, string method, string path, Route route, FiniFaults.Entry entry)
    {
        var reachedHandler = false;
        int status;
        string message;
        try
        {
            RequestTarget.CheckLength(context.Request);
            if (route.Handler is null)
            {
                throw ApiException.NotFound($"Cannot {method} {path}");
            }

            Authorize(context.Request, route.Scope);
            RequestTarget.CheckQuery(context.Request.QueryString.Value);
            reachedHandler = true;
            await route.Handler(context, route.RouteValue).ConfigureAwait(false);
            entry.Handled(reachedHandler, context.Response.StatusCode);
            return true;
        }
        catch (Exception e) when (e is ClientGoneException || context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a cancelled read or write, a reset, a body cut short). A handler that got as far as its answer had already applied its change.
            entry.Handled(reachedHandler, JsonOut.AnsweredStatus(context));
            return false;
        }
        catch (ApiException e)
        {
            (status, message) = (e.StatusCode, e.Message);
        }
        catch (Exception e)
        {
            (status, message) = (500, $"The emulator failed while handling the request: {e.GetType().Name}");
        }

        if (status == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        // Into memory: this cannot wait on the client, and it replaces any answer the handler had started.
        context.Response.Body.SetLength(0);
        var body = JsonOut.Error(context, status, message);
        context.Response.Body.Write(body);
        entry.Handled(reachedHandler, status);
        return true;
    }

    private Route Match(string method, string path)
    {
        bool Is(string m) => HttpMethods.Equals(method, m);

        switch (path)
        {
            case Documents when Is(HttpMethods.Get):
                return new(ListSourcesAsync, Scope.Read, null, "listSources");
            case Documents when Is(HttpMethods.Post):
                return new(IngestSourcesAsync, Scope.Write, null, "ingestSources");
            case Documents when Is(HttpMethods.Delete):
                return new(DeleteSourcesAsync, Scope.Write, null, "deleteSources");
            case Crawl when Is(HttpMethods.Post):
                return new(CrawlLinksAsync, Scope.Write, null, "crawlLinks");
            case RefreshPath when Is(HttpMethods.Post):
                return new(RefreshSourcesAsync, Scope.Write, null, "refreshSources");
            case Bulk when Is(HttpMethods.Post):
                return new(BulkGenerateKnowledgeAsync, Scope.Write, null, "bulkGenerateKnowledge");
            case JobsStatus when Is(HttpMethods.Post):
                return new(CheckKnowledgeJobsAsync, Scope.Read, null, "checkKnowledgeJobs"); // a POST that only reads
        }

        if (path.StartsWith(Resources, StringComparison.Ordinal) && path.IndexOf('/', Resources.Length) < 0)
        {
            var provider = path[Resources.Length..];
            if (Is(HttpMethods.Get))
            {
                return new(ListProviderResourcesAsync, Scope.Read, provider, "listProviderResources");
            }

            if (Is(HttpMethods.Post))
            {
                return new(RegisterProviderResourcesAsync, Scope.Write, provider, "registerProviderResources");
            }
        }
        else if (path.StartsWith(Documents + "/", StringComparison.Ordinal) && path.IndexOf('/', Documents.Length + 1) < 0
            && Is(HttpMethods.Get))
        {
            return new(GetSourceAsync, Scope.Read, path[(Documents.Length + 1)..], "getSource");
        }

        return new(null, Scope.Read, null, null);
    }

    private void Authorize(HttpRequest request, Scope required)
    {
        var values = request.Headers.Authorization;
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            throw new ApiException(401, "Missing API key: send it as `Authorization: Bearer <key>`");
        }

        var header = values.Count == 1 ? values[0]!.Trim() : string.Empty;
        const string Prefix = "Bearer ";
        var token = header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : string.Empty;
        if (token.Length == 0 || token.Any(char.IsWhiteSpace))
        {
            throw new ApiException(401, "Malformed Authorization header: expected `Bearer <key>` with the whole key");
        }

        var presented = Encoding.UTF8.GetBytes(token);
        var isWrite = CryptographicOperations.FixedTimeEquals(presented, _writeKey);
        var isRead = CryptographicOperations.FixedTimeEquals(presented, _readKey);
        if (!isWrite && !isRead)
        {
            throw new ApiException(401, "Invalid API key: it is not a key of this workspace, or it was revoked");
        }

        if (required == Scope.Write && !isWrite)
        {
            throw new ApiException(403, WriteScopeMessage);
        }
    }

    // ---- GET /v2/documents/public ----

    private Task ListSourcesAsync(HttpContext context, string? routeValue)
    {
        var query = ParseListQuery(context.Request.Query);
        var result = _state.List(query);
        return JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("documents");
            foreach (var document in result.Documents)
            {
                JsonOut.WriteDocument(w, document);
            }

            w.WriteEndArray();
            w.WriteBoolean("hasMore", result.HasMore);
            w.WriteEndObject();
        });
    }

    internal static ListQuery ParseListQuery(IQueryCollection query)
    {
        string? Single(string name)
        {
            if (!query.TryGetValue(name, out StringValues values))
            {
                return null;
            }

            return values.Count == 1 ? values[0] : throw ApiException.BadRequest($"{name} must be given at most once");
        }

        Guid? Uuid(string name)
        {
            var value = Single(name);
            if (value is null)
            {
                return null;
            }

            return Wire.TryParseUuid(value, out var id) ? id : throw ApiException.BadRequest($"{name} must be a well-formed UUID, not {Wire.Quote(value)}");
        }

        bool? Boolean(string name)
        {
            var value = Single(name);
            if (value is null)
            {
                return null;
            }

            return bool.TryParse(value, out var flag) ? flag : throw ApiException.BadRequest($"{name} must be true or false, not {Wire.Quote(value)}");
        }

        var limit = 50;
        if (Single("limit") is string limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
            {
                throw ApiException.BadRequest($"limit must be an integer, not {Wire.Quote(limitText)}");
            }

            if (limit < 1)
            {
                throw ApiException.BadRequest("limit must be at least 1");
            }
        }

        var direction = Single("direction");
        if (direction is not null && direction != "next" && direction != "previous")
        {
            throw ApiException.BadRequest($"direction must be next or previous, not {Wire.Quote(direction)}");
        }

        var source = Single("source");
        if (source is not null && !Wire.IsOneOf(source, Wire.SourceTypes))
        {
            throw ApiException.BadRequest($"Unsupported source {Wire.Quote(source)}: source must be one of {Wire.List(Wire.SourceTypes)}");
        }

        var linkedOperation = Single("linkedOperation");
        if (linkedOperation is not null && !Wire.IsOneOf(linkedOperation, Wire.LinkedOperations))
        {
            throw ApiException.BadRequest(
                $"Unsupported linkedOperation {Wire.Quote(linkedOperation)}: linkedOperation must be one of {Wire.List(Wire.LinkedOperations)}");
        }

        var cursor = Single("cursor");
        Guid? cursorId = null;
        if (cursor is not null)
        {
            cursorId = Wire.TryParseUuid(cursor, out var parsed)
                ? parsed
                : throw ApiException.BadRequest($"cursor must be a source ID (a UUID from the first or last id of a page), not {Wire.Quote(cursor)}");
        }

        return new ListQuery
        {
            Limit = limit,
            Cursor = cursorId,
            Previous = direction == "previous",
            Source = source,
            English = Boolean("english"),
            Id = Uuid("id"),
            Title = Single("title"),
            OriginalUrl = Single("originalUrl"),
            ArticleId = Uuid("articleId"),
            LinkedOperation = linkedOperation,
            Changed = Boolean("changed"),
        };
    }

    // ---- GET /v2/documents/public/{id} ----

    private Task GetSourceAsync(HttpContext context, string? id)
    {
        if (!Wire.TryParseUuid(id, out var sourceId))
        {
            throw ApiException.BadRequest($"id must be a valid UUID, not {Wire.Quote(id ?? string.Empty)}");
        }

        var document = _state.Get(sourceId);
        return JsonOut.WriteAsync(context, 200, w => JsonOut.WriteDocument(w, document));
    }

    // ---- POST /v2/documents/public ----

    private async Task IngestSourcesAsync(HttpContext context, string? routeValue)
    {
        SourceIdsResult result;
        using (var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false))
        {
            var explicitSource = body.OptionalString("source");
            var source = explicitSource ?? Wire.Web;
            if (!Wire.IsOneOf(source, Wire.IngestSources))
            {
                var hint = source == Wire.Files ? " (raw-file sources cannot be ingested through this route)" : string.Empty;
                throw ApiException.BadRequest($"Unsupported source {Wire.Quote(source)}: source must be one of {Wire.List(Wire.IngestSources)}{hint}");
            }

            var toAdd = body.OptionalStringArray("documentIdsToAdd") ?? [];
            var toRefresh = body.OptionalStringArray("documentIdsToRefresh") ?? [];
            var english = body.OptionalBoolean("english") ?? true;
            var baser = body.OptionalBoolean("baser") ?? false;
            if (toAdd.Count == 0 && toRefresh.Count == 0)
            {
                throw ApiException.BadRequest("documentIdsToAdd or documentIdsToRefresh must hold at least one value");
            }

            if (source == Wire.Web)
            {
                var sourceText = explicitSource is null ? "source is absent (so web)" : "source is 'web'";
                CheckWebValues("documentIdsToAdd", toAdd, sourceText);
                CheckWebValues("documentIdsToRefresh", toRefresh, sourceText);
                result = _state.IngestWeb(toAdd, toRefresh, english, baser);
            }
            else
            {
                var addIds = ProviderIds("documentIdsToAdd", toAdd, source);
                var refreshIds = ProviderIds("documentIdsToRefresh", toRefresh, source);
                result = _state.IngestProvider(source, addIds, refreshIds, english, baser);
            }
        }

        await JsonOut.WriteAsync(context, 200, w => WriteSourceIds(w, result)).ConfigureAwait(false);
    }

    private static void CheckWebValues(string field, IReadOnlyList<string> values, string sourceText)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (Wire.TryParseHttpUrl(values[i], out _))
            {
                continue;
            }

            if (Wire.TryParseUuid(values[i], out _))
            {
                throw ApiException.BadRequest(
                    $"{field}[{i}] is {Wire.Quote(values[i])}, a source ID, but {sourceText}: web ingestion takes absolute http(s) URLs. "
                    + "To ingest registered sources, set source to their provider (googledrive, notion, zendesk or confluence)");
            }

            throw ApiException.BadRequest($"{field}[{i}] is {Wire.Quote(values[i])}, not an absolute http(s) URL, but {sourceText}: web ingestion takes absolute http(s) URLs");
        }
    }

    private static List<Guid> ProviderIds(string field, IReadOnlyList<string> values, string source)
    {
        var ids = new List<Guid>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (Wire.TryParseUuid(values[i], out var id))
            {
                ids.Add(id);
                continue;
            }

            var kind = Wire.TryParseHttpUrl(values[i], out _) ? "a URL" : "not a source ID (UUID)";
            throw ApiException.BadRequest(
                $"{field}[{i}] is {Wire.Quote(values[i])}, {kind}, but source is '{source}': {source} ingestion takes source IDs "
                + "returned by registerProviderResources (or already in the workspace), never URLs or provider-native IDs");
        }

        return ids;
    }

    private static void WriteSourceIds(System.Text.Json.Utf8JsonWriter w, SourceIdsResult result)
    {
        w.WriteStartObject();
        JsonOut.WriteIdArray(w, "addedDocumentIds", result.Added);
        JsonOut.WriteIdArray(w, "updatedDocumentIds", result.Updated);
        w.WriteEndObject();
    }

    // ---- DELETE /v2/documents/public ----

    private async Task DeleteSourcesAsync(HttpContext context, string? routeValue)
    {
        DeleteResult result;
        using (var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false))
        {
            var ids = Uuids("documentIds", body.RequiredStringArray("documentIds", "source IDs"), "source IDs");
            var deleteArticles = body.OptionalBoolean("deleteArticles") ?? false;
            result = _state.Delete(ids, deleteArticles);
        }

        await JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("deletedDocuments");
            foreach (var (id, title, originalUrl) in result.Documents)
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                JsonOut.WriteIfSet(w, "title", title);
                JsonOut.WriteIfSet(w, "originalUrl", originalUrl);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("deletedArticles");
            foreach (var article in result.Articles)
            {
                w.WriteStartObject();
                w.WriteString("id", article.Id);
                w.WriteString("title", article.Title);
                w.WriteString("parentFolderId", article.ParentFolderId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static List<Guid> Uuids(string field, IReadOnlyList<string> values, string what)
    {
        var ids = new List<Guid>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (!Wire.TryParseUuid(values[i], out var id))
            {
                var hint = Wire.TryParseHttpUrl(values[i], out _) ? $" ({what} are UUIDs, never URLs)" : string.Empty;
                throw ApiException.BadRequest($"{field}[{i}] is {Wire.Quote(values[i])}, not a UUID{hint}");
            }

            ids.Add(id);
        }

        return ids;
    }

    // ---- GET/POST /v2/documents/public/resources/{provider} ----

    private static string CheckProvider(string? provider)
    {
        if (!Wire.IsOneOf(provider, Wire.Providers))
        {
            throw ApiException.BadRequest(
                $"Unsupported provider {Wire.Quote(provider ?? string.Empty)}: the public provider routes support {Wire.List(Wire.Providers)}");
        }

        return provider!;
    }

    private Task ListProviderResourcesAsync(HttpContext context, string? routeValue)
    {
        var provider = CheckProvider(routeValue);
        var imported = _state.ImportedExternalIds(provider);
        return JsonOut.WriteAsync(context, 200, w => ProviderCatalog.WriteDiscovery(w, provider, imported.Contains));
    }

    private async Task RegisterProviderResourcesAsync(HttpContext context, string? routeValue)
    {
        var provider = CheckProvider(routeValue);
        _state.EnsureProviderConnected(provider);
        var resources = new List<ResourceInput>();
        using (var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false))
        {
            if (!body.TryGet("resources", out var array) || array.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                throw ApiException.BadRequest("resources is required: a non-empty array of resources from listProviderResources");
            }

            if (array.GetArrayLength() == 0)
            {
                throw ApiException.BadRequest("resources must not be empty: send at least one resource from listProviderResources");
            }

            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != System.Text.Json.JsonValueKind.Object)
                {
                    throw ApiException.BadRequest($"resources[{index}] must be an object");
                }

                string Required(string name)
                {
                    if (!item.TryGetProperty(name, out var value) || value.ValueKind == System.Text.Json.JsonValueKind.Null)
                    {
                        throw ApiException.BadRequest($"resources[{index}].{name} is required (every resource needs originalUrl, title, externalId and mimeType)");
                    }

                    if (value.ValueKind != System.Text.Json.JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                    {
                        throw ApiException.BadRequest($"resources[{index}].{name} must be a non-empty string");
                    }

                    return value.GetString()!;
                }

                var originalUrl = Required("originalUrl");
                var title = Required("title");
                var externalId = Required("externalId");
                var mimeType = Required("mimeType");
                if (!Wire.TryParseHttpUrl(originalUrl, out _))
                {
                    throw ApiException.BadRequest($"resources[{index}].originalUrl is {Wire.Quote(originalUrl)}, not an absolute http(s) URL");
                }

                string? kind = null;
                if (item.TryGetProperty("object", out var objectValue) && objectValue.ValueKind != System.Text.Json.JsonValueKind.Null)
                {
                    kind = objectValue.ValueKind == System.Text.Json.JsonValueKind.String
                        ? objectValue.GetString()
                        : throw ApiException.BadRequest($"resources[{index}].object must be a string");
                }

                resources.Add(new ResourceInput(externalId, title, originalUrl, mimeType, kind));
                index++;
            }
        }

        var result = _state.Register(provider, resources);
        await JsonOut.WriteAsync(context, 200, w => WriteSourceIds(w, result)).ConfigureAwait(false);
    }

    // ---- POST /v2/documents/public/deep-crawl/links ----

    private async Task CrawlLinksAsync(HttpContext context, string? routeValue)
    {
        IReadOnlyList<string> links;
        int limit;
        using (var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false))
        {
            links = body.RequiredStringArray("links", "seed URLs");
            limit = body.OptionalLimit("limit") ?? 250;
        }

        var seeds = new List<Uri>(links.Count);
        for (var i = 0; i < links.Count; i++)
        {
            if (!Wire.TryParseHttpUrl(links[i], out var url))
            {
                throw ApiException.BadRequest($"links[{i}] is {Wire.Quote(links[i])}, not a valid absolute http(s) URL");
            }

            seeds.Add(url);
        }

        var unreachable = seeds.FirstOrDefault(ContentRules.IsUnresolvable);
        if (unreachable is not null)
        {
            throw new ApiException(500, $"Fini failed during the crawl: {unreachable.AbsoluteUri} could not be fetched (getaddrinfo ENOTFOUND {unreachable.Host})");
        }

        var seedSet = links.ToHashSet(StringComparer.Ordinal);
        var found = seeds
            .SelectMany(ContentRules.CrawlChildren)
            .Where(url => !seedSet.Contains(url))
            .Distinct(StringComparer.Ordinal)
            .Take(limit)
            .ToList();

        await JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var url in found)
            {
                w.WriteStringValue(url);
            }

            w.WriteEndArray();
            w.WriteString("message", "Successfully crawled parent URLs");
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    // ---- POST /v2/documents/public/refresh ----

    private async Task RefreshSourcesAsync(HttpContext context, string? routeValue)
    {
        List<Guid> ids;
        using (var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false))
        {
            ids = Uuids("documentIds", body.RequiredStringArray("documentIds", "source IDs"), "source IDs");
        }

        var queued = _state.Refresh(ids);
        await JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartArray();
            foreach (var id in queued)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    // ---- POST /v2/knowledge/public/bulk ----

    private async Task BulkGenerateKnowledgeAsync(HttpContext context, string? routeValue)
    {
        IReadOnlyList<(Guid DocumentId, Guid JobId)> jobs;
        using (var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false))
        {
            var ids = Uuids("documentIds", body.RequiredStringArray("documentIds", "source IDs"), "source IDs");
            var origin = body.OptionalString("origin");
            if (origin is null)
            {
                throw ApiException.BadRequest("origin is required and must be 'sources'");
            }

            if (origin != "sources")
            {
                throw ApiException.BadRequest($"Unsupported origin {Wire.Quote(origin)}: bulk generation supports only origin 'sources'");
            }

            var restrictedOps = body.OptionalStringArray("restrictedOps");
            if (restrictedOps is not null)
            {
                for (var i = 0; i < restrictedOps.Count; i++)
                {
                    if (!Wire.IsOneOf(restrictedOps[i], Wire.LinkedOperations))
                    {
                        throw ApiException.BadRequest(
                            $"restrictedOps[{i}] is {Wire.Quote(restrictedOps[i])}: each must be one of {Wire.List(Wire.LinkedOperations)}");
                    }
                }
            }

            _ = body.OptionalString("instructions");
            var botId = body.OptionalString("botId");
            if (botId is not null && !Wire.TryParseUuid(botId, out _))
            {
                throw ApiException.BadRequest($"botId is {Wire.Quote(botId)}, not a UUID");
            }

            var isDraft = body.OptionalBoolean("isDraft") ?? true;
            var allowed = restrictedOps is { Count: > 0 } ? restrictedOps.ToHashSet(StringComparer.Ordinal) : null;
            jobs = _state.BulkGenerate(ids, allowed, isDraft);
        }

        await JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("jobs");
            foreach (var (documentId, jobId) in jobs)
            {
                w.WriteStartObject();
                w.WriteString("documentId", documentId);
                w.WriteString("backgroundJobId", jobId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    // ---- POST /v2/knowledge/public/jobs/status ----

    private async Task CheckKnowledgeJobsAsync(HttpContext context, string? routeValue)
    {
        List<Guid> ids;
        using (var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false))
        {
            ids = Uuids("jobIds", body.RequiredStringArray("jobIds", "knowledge job IDs"), "job IDs");
        }

        var rows = _state.KnowledgeJobs(ids);
        await JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("jobs");
            foreach (var row in rows)
            {
                w.WriteStartObject();
                w.WriteString("id", row.Id);
                w.WriteString("jobStatus", row.JobStatus);
                JsonOut.WriteNullable(w, "createdAt", row.CreatedAt);
                JsonOut.WriteNullable(w, "startedAt", row.StartedAt);
                JsonOut.WriteNullable(w, "completedAt", row.CompletedAt);
                JsonOut.WriteNullable(w, "hcArticleId", row.HcArticleId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
