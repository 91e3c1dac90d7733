using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using FiniGen.Common;
using FiniGen.Diagnostics;
using FiniGen.Model;
using Microsoft.OpenApi;

namespace FiniGen.Contract;

internal sealed partial class ModelBuilder
{
    private static readonly HashSet<string> s_clientHandledHeaders = new(StringComparer.OrdinalIgnoreCase) { "Content-Type", "Accept" };

    private List<OperationModel> BuildOperations()
    {
        var operations = new List<OperationModel>();
        var methodNames = new UniqueNameScope("DisposeAsync", "OptionsAsync", "ToStringAsync", "EqualsAsync", "GetHashCodeAsync", "GetTypeAsync");
        var operationIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var pendingJobs = new List<(int Index, JsonObject Settings, string Pointer)>();
        if (_document.Paths is null)
        {
            return operations;
        }

        foreach (var pathPair in _document.Paths)
        {
            var pathItem = Concrete(pathPair.Value);
            if (pathItem?.Operations is null)
            {
                continue;
            }

            foreach (var operationPair in pathItem.Operations)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var httpMethod = operationPair.Key.Method.ToUpperInvariant();
                var operation = operationPair.Value;
                var pointer = PositionIndex.Append(PositionIndex.Append("/paths", pathPair.Key), httpMethod.ToLowerInvariant());
                var display = httpMethod + " " + pathPair.Key;

                string operationId;
                if (string.IsNullOrWhiteSpace(operation.OperationId))
                {
                    operationId = Naming.ToPascal(httpMethod.ToLowerInvariant() + " " + pathPair.Key.Replace("{", " ").Replace("}", " "));
                    Report(DiagnosticDescriptors.MissingOperationIdId, pointer, httpMethod, pathPair.Key, operationId + "Async");
                }
                else
                {
                    operationId = operation.OperationId!;
                    if (operationIds.TryGetValue(operationId, out var first))
                    {
                        Report(DiagnosticDescriptors.DuplicateOperationIdId, PositionIndex.Append(pointer, "operationId"), operationId, display, first);
                        continue;
                    }
                }

                operationIds[operationId] = display;
                var built = BuildOperation(operationId, httpMethod, pathPair.Key, pathItem, operation, pointer, methodNames);
                if (built is not null)
                {
                    operations.Add(built);
                    if (operation.Extensions is { } extensions && extensions.TryGetValue(AsyncJobExtension, out var job) && job is JsonNodeExtension { Node: JsonObject jobSettings })
                    {
                        pendingJobs.Add((operations.Count - 1, jobSettings, PositionIndex.Append(pointer, AsyncJobExtension)));
                    }
                }
            }
        }

        foreach (var (index, settings, jobPointer) in pendingJobs)
        {
            operations[index] = operations[index] with { AsyncJob = BuildAsyncJob(operations[index], settings, jobPointer, operations) };
        }

        return operations;
    }

    /// <summary>Reads <c>x-finigen-async-job</c>; reports (FG0007) and ignores it when it names what the contract lacks.</summary>
    private AsyncJobModel? BuildAsyncJob(OperationModel operation, JsonObject settings, string pointer, List<OperationModel> operations)
    {
        string? Text(string key) => settings[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        List<string> List(string key) => settings[key] is JsonArray array ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var t) ? t : null).Where(t => t is not null).Select(t => t!).ToList() : new List<string>();
        AsyncJobModel? Fail(string why)
        {
            Report(DiagnosticDescriptors.UnsupportedConstructId, pointer, "The " + AsyncJobExtension + " extension", ContractReader.DisplayPointer(pointer), why + "; no job waiter was generated");
            return null;
        }

        var response = operation.Success.Type;
        var idNames = List("ids");
        var idProperties = new List<string>();
        if (idNames.Count == 0)
        {
            if (response is not { Kind: TypeKind.Array, Item.Kind: TypeKind.String })
            {
                return Fail("without ids, the response must be the list of IDs");
            }
        }
        else
        {
            var model = response is { Kind: TypeKind.Object } ? ObjectNamed(response.Name) : null;
            foreach (var name in idNames)
            {
                var property = model?.Properties.FirstOrDefault(p => p.JsonName == name && p.Type is { Kind: TypeKind.Array, Item.Kind: TypeKind.String });
                if (property is null)
                {
                    return Fail("'" + name + "' is not a list of strings in the response");
                }

                idProperties.Add(property.Name);
            }
        }

        var status = operations.FirstOrDefault(o => o.OperationId == Text("statusOperation"));
        if (status is null || status.Parameters.Count(p => p.Required) != 1 || status.Parameters.First(p => p.Required).Type.Kind != TypeKind.String || status.Body is { Required: true })
        {
            return Fail("statusOperation must name an operation that takes one required string parameter");
        }

        var statusModel = status.Success.Type is { Kind: TypeKind.Object } statusType ? ObjectNamed(statusType.Name) : null;
        var statusField = statusModel?.Properties.FirstOrDefault(p => p.JsonName == Text("statusField") && p.Type.Kind is TypeKind.String or TypeKind.Enum);
        var errorField = Text("errorField") is { } errorName ? statusModel?.Properties.FirstOrDefault(p => p.JsonName == errorName && p.Type.Kind == TypeKind.String) : null;
        var completed = List("completed");
        var failed = List("failed");
        if (statusField is null || completed.Count == 0)
        {
            return Fail("statusField must name a string or enum member of the status response, and completed at least one value");
        }

        return new AsyncJobModel(
            EquatableArray.From(idProperties),
            status.MethodName,
            status.Success.Type!,
            statusField.Name,
            statusField.Type.Kind == TypeKind.Enum,
            statusField.Type.IsNullable || !statusField.Required,
            EquatableArray.From(completed),
            EquatableArray.From(failed),
            errorField?.Name);
    }

    private OperationModel? BuildOperation(
        string operationId,
        string httpMethod,
        string path,
        IOpenApiPathItem pathItem,
        OpenApiOperation operation,
        string pointer,
        UniqueNameScope methodNames)
    {
        // Method names are compared with their Async suffix, the name users see.
        var pascal = Naming.ToPascal(operationId);
        var methodBase = pascal;
        for (var i = 2; methodNames.Contains(methodBase + "Async"); i++)
        {
            methodBase = pascal + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        methodNames.Reserve(methodBase + "Async");
        if (methodBase != pascal)
        {
            Report(DiagnosticDescriptors.NameCollisionId, PositionIndex.Append(pointer, "operationId"), "operation", operationId, pascal + "Async", methodBase + "Async");
        }

        // Body and responses first: when one of them cannot be generated, the whole operation is skipped.
        RequestBodyModel? body = null;
        if (Concrete(operation.RequestBody) is { } requestBody)
        {
            var bodyPointer = PositionIndex.Append(pointer, "requestBody");
            if (ChooseMedia(requestBody.Content) is { } media)
            {
                var schemaPointer = PositionIndex.Append(PositionIndex.Append(PositionIndex.Append(bodyPointer, "content"), media.Media.Key), "schema");
                var description = Describe(requestBody.Description);
                switch (media.Encoding)
                {
                    case BodyEncoding.Json:
                        var bodyType = Resolve(media.Media.Value?.Schema, methodBase + "Request", schemaPointer);
                        var bodyRules = bodyType.Kind != TypeKind.Object && media.Media.Value?.Schema is { } bodySchema ? RulesOf(bodySchema, null, null, schemaPointer) : new List<RuleModel>();
                        body = new RequestBodyModel("request", bodyType, requestBody.Required, description, BodyEncoding.Json, media.Media.Key, EquatableArray<string>.Empty, EquatableArray.From(bodyRules));
                        break;
                    case BodyEncoding.Form:
                    case BodyEncoding.Multipart:
                        var type = Resolve(media.Media.Value?.Schema, methodBase + "Request", schemaPointer);
                        var model = type.Kind == TypeKind.Object ? ObjectNamed(type.Name) : null;
                        if (model is null)
                        {
                            SkipOperation(pointer, "a " + media.Media.Key + " body whose schema is not an object with properties");
                            return null;
                        }

                        var files = model.Properties
                            .Where(p => p.Type.Kind == TypeKind.Bytes || p.Type is { Kind: TypeKind.Array, Item.Kind: TypeKind.Bytes })
                            .Select(p => p.JsonName);
                        body = new RequestBodyModel("request", type, requestBody.Required, description, media.Encoding, media.Media.Key, media.Encoding == BodyEncoding.Multipart ? EquatableArray.From(files) : EquatableArray<string>.Empty);
                        break;
                    default:
                        var kind = media.Encoding == BodyEncoding.Text ? TypeKind.String : TypeKind.Bytes;
                        body = new RequestBodyModel("content", new TypeRefModel(kind, null, null, false), requestBody.Required, description, media.Encoding, media.Media.Key, EquatableArray<string>.Empty);
                        break;
                }
            }
        }

        SuccessResponseModel? success = null;
        var errors = new List<ErrorResponseModel>();
        foreach (var response in (operation.Responses ?? new OpenApiResponses()).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var responsePointer = PositionIndex.Append(PositionIndex.Append(pointer, "responses"), response.Key);
            var isSuccess = response.Key.StartsWith("2", StringComparison.Ordinal);
            var responseValue = Concrete(response.Value);
            var chosen = ChooseMedia(responseValue?.Content);
            var encoding = chosen?.Encoding ?? BodyEncoding.Json;
            TypeRefModel? type = null;
            if (chosen is { } m && encoding is BodyEncoding.Json && m.Media.Value?.Schema is not null)
            {
                var hint = isSuccess ? methodBase + "Response" : methodBase + "Error" + Naming.ToPascal(response.Key);
                type = Resolve(m.Media.Value.Schema!, hint, PositionIndex.Append(PositionIndex.Append(PositionIndex.Append(responsePointer, "content"), m.Media.Key), "schema"));
            }
            else if (chosen is not null && isSuccess)
            {
                // Form and multipart responses are rare; they are handed over as bytes, like any other non-JSON body.
                encoding = encoding == BodyEncoding.Text ? BodyEncoding.Text : BodyEncoding.Binary;
                type = new TypeRefModel(encoding == BodyEncoding.Text ? TypeKind.String : TypeKind.Bytes, null, null, false);
            }

            if (isSuccess)
            {
                if (success is null)
                {
                    success = new SuccessResponseModel(response.Key, type, Describe(responseValue?.Description), encoding, chosen?.Media.Key);
                }
                else if (!Equals(success.Type, type) || success.Encoding != encoding)
                {
                    Report(
                        DiagnosticDescriptors.UnsupportedConstructId,
                        responsePointer,
                        "A second success response with another body",
                        ContractReader.DisplayPointer(responsePointer),
                        "the method reads every success body as the " + success.StatusCode + " response");
                }
            }
            else
            {
                errors.Add(new ErrorResponseModel(response.Key, type, Describe(responseValue?.Description)));
            }
        }

        var parameters = BuildParameters(pathItem, operation, pointer, methodBase, body);
        if (parameters is null)
        {
            return null;
        }

        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(path, "\\{([^}]+)\\}"))
        {
            if (!parameters.Value.Any(p => p.Location == ParameterLocationKind.Path && p.WireName == match.Groups[1].Value))
            {
                SkipOperation(pointer, "the path uses the parameter '" + match.Groups[1].Value + "' but declares no such path parameter, so the operation was not generated", supported: true);
                return null;
            }
        }

        var requirements = operation.Security ?? _document.Security ?? new List<OpenApiSecurityRequirement>();
        var requiresAuth = requirements.Any(r => r.Count > 0);
        return new OperationModel(
            methodBase,
            operationId,
            httpMethod,
            path,
            Describe(operation.Summary),
            Describe(operation.Description),
            operation.Deprecated,
            parameters.Value,
            body,
            success ?? new SuccessResponseModel("2XX", null, null),
            EquatableArray.From(errors),
            Scopes(operation, requirements),
            requiresAuth,
            StringExtension(operation.Extensions, MustUseResultExtension),
            BuildPagination(operation, pointer, parameters.Value, success?.Type),
            null,
            httpMethod is "GET" or "HEAD" or "OPTIONS" || StringExtension(operation.Extensions, RetrySafeExtension) == "true");
    }

    private EquatableArray<ParameterModel>? BuildParameters(IOpenApiPathItem pathItem, OpenApiOperation operation, string pointer, string methodBase, RequestBodyModel? body)
    {
        // Operation parameters override path-item parameters with the same name and location (OpenAPI 3.0, Path Item Object).
        // Each parameter with what it stands for (null for a $ref that names nothing) and its place.
        var merged = new List<(IOpenApiParameter Declared, IOpenApiParameter? Parameter, string Pointer)>();
        var pathPointer = pointer.Substring(0, pointer.LastIndexOf('/'));
        foreach (var (parameter, index) in (pathItem.Parameters ?? new List<IOpenApiParameter>()).Select((p, i) => (p, i)))
        {
            merged.Add((parameter, Concrete(parameter), PositionIndex.Append(PositionIndex.Append(pathPointer, "parameters"), index.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        foreach (var (declared, index) in (operation.Parameters ?? new List<IOpenApiParameter>()).Select((p, i) => (p, i)))
        {
            var parameter = Concrete(declared);
            merged.RemoveAll(m => m.Parameter is not null && parameter is not null && m.Parameter.Name == parameter.Name && m.Parameter.In == parameter.In);
            merged.Add((declared, parameter, PositionIndex.Append(PositionIndex.Append(pointer, "parameters"), index.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        var names = new UniqueNameScope("cancellationToken");
        if (body is not null)
        {
            names.Reserve(body.ParameterName);
        }

        var result = new List<ParameterModel>();
        foreach (var (declared, resolved, parameterPointer) in merged)
        {
            if (resolved?.Name is null || resolved.In is null)
            {
                if (declared is OpenApiParameterReference { Reference: { } unresolved })
                {
                    Report(DiagnosticDescriptors.UnresolvedReferenceId, parameterPointer, unresolved.ReferenceV3 ?? unresolved.Id ?? "?", ContractReader.DisplayPointer(parameterPointer), string.Empty);
                    if (pathItem.Parameters?.Contains(declared) != true)
                    {
                        SkipOperation(pointer, "a parameter whose $ref cannot be resolved", supported: false);
                        return null;
                    }
                }

                continue;
            }

            var parameter = resolved;
            ParameterLocationKind location;
            switch (parameter.In.Value)
            {
                case ParameterLocation.Path:
                    location = ParameterLocationKind.Path;
                    break;
                case ParameterLocation.Query:
                    location = ParameterLocationKind.Query;
                    break;
                case ParameterLocation.Header when s_clientHandledHeaders.Contains(parameter.Name) || (parameter.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && AuthKnown):
                    continue;
                case ParameterLocation.Header:
                    location = ParameterLocationKind.Header;
                    break;
                case ParameterLocation.Cookie:
                    location = ParameterLocationKind.Cookie;
                    break;
                default:
                    if (parameter.Required)
                    {
                        SkipOperation(pointer, "the required " + parameter.In.Value.ToString().ToLowerInvariant() + " parameter '" + parameter.Name + "'");
                        return null;
                    }

                    Report(
                        DiagnosticDescriptors.UnsupportedConstructId,
                        parameterPointer,
                        "The " + parameter.In.Value.ToString().ToLowerInvariant() + " parameter '" + parameter.Name + "'",
                        ContractReader.DisplayPointer(parameterPointer),
                        "it is optional and the method does not send it");
                    continue;
            }

            // A header or cookie name is an HTTP token; a name that is not one, or a header the HTTP stack sets itself, would
            // be dropped by HttpClient without a word, so the contract is told instead.
            if (location is ParameterLocationKind.Header or ParameterLocationKind.Cookie && UnsendableName(parameter.Name, location) is { } why)
            {
                if (parameter.Required)
                {
                    SkipOperation(pointer, "the required " + (location == ParameterLocationKind.Header ? "header" : "cookie") + " parameter '" + parameter.Name + "' (" + why + ")");
                    return null;
                }

                Report(
                    DiagnosticDescriptors.UnsupportedConstructId,
                    parameterPointer,
                    "The " + (location == ParameterLocationKind.Header ? "header" : "cookie") + " parameter '" + parameter.Name + "'",
                    ContractReader.DisplayPointer(parameterPointer),
                    why + "; the method does not send it");
                continue;
            }

            // await and nameof are contextual keywords that misbehave as parameter names of an async method.
            var camel = Naming.ToCamel(parameter.Name);
            if (camel is "await" or "nameof" or "async")
            {
                camel += "Value";
            }

            var (name, renamed) = names.Reserve(Naming.EscapeKeyword(camel));
            if (renamed)
            {
                Report(DiagnosticDescriptors.NameCollisionId, parameterPointer, "parameter", parameter.Name, Naming.ToCamel(parameter.Name), name);
            }

            var type = Resolve(parameter.Schema, methodBase + Naming.ToPascal(parameter.Name), PositionIndex.Append(parameterPointer, "schema"));
            if (location == ParameterLocationKind.Path && type.IsNullable)
            {
                // A path segment cannot be null; the contract's nullable has no meaning here.
                type = type with { IsNullable = false };
            }
            // Objects and maps in the query are sent member by member (style form, or deepObject's name[member]=value).
            var objectInQuery = location == ParameterLocationKind.Query && type.Kind is TypeKind.Object or TypeKind.Map
                && parameter.Style is null or ParameterStyle.Form or ParameterStyle.DeepObject;
            if (!objectInQuery && (type.Kind is TypeKind.Object or TypeKind.Map or TypeKind.Any || (type.Kind == TypeKind.Array && type.Item?.Kind is TypeKind.Object or TypeKind.Map or TypeKind.Array or TypeKind.Any)))
            {
                if (parameter.Required || location == ParameterLocationKind.Path)
                {
                    SkipOperation(pointer, "the parameter '" + parameter.Name + "' of type " + TypeRefDisplay.Describe(type));
                    return null;
                }

                Report(
                    DiagnosticDescriptors.UnsupportedConstructId,
                    parameterPointer,
                    "The parameter '" + parameter.Name + "' of type " + TypeRefDisplay.Describe(type),
                    ContractReader.DisplayPointer(parameterPointer),
                    "object-valued parameters are not serialized yet; the method does not send it");
                continue;
            }

            var target = parameter.Schema is null ? null : Follow(parameter.Schema).Target;
            result.Add(new ParameterModel(
                name,
                parameter.Name,
                location,
                type,
                parameter.Required || location == ParameterLocationKind.Path,
                Describe(parameter.Description ?? target?.Description),
                DefaultJson(target?.Default),
                parameter.Style is null or ParameterStyle.Form or ParameterStyle.Label or ParameterStyle.Matrix ? parameter.Explode : false,
                parameter.Style switch { ParameterStyle.PipeDelimited => "|", ParameterStyle.SpaceDelimited => " ", _ => "," },
                parameter.Style switch
                {
                    ParameterStyle.Label => ParameterStyleKind.Label,
                    ParameterStyle.Matrix => ParameterStyleKind.Matrix,
                    ParameterStyle.DeepObject => ParameterStyleKind.DeepObject,
                    _ => ParameterStyleKind.Default,
                },
                EquatableArray.From(parameter.Schema is null ? new List<RuleModel>() : RulesOf(parameter.Schema, null, null, PositionIndex.Append(parameterPointer, "schema")))));
        }

        // Required parameters first, so that optional ones can default to null; path order is kept within each group.
        return EquatableArray.From(result.Where(p => p.Required).Concat(result.Where(p => !p.Required)));
    }

    /// <summary>Reads <c>x-finigen-pagination</c>; reports (FG0007) and ignores it when it names what the operation lacks.</summary>
    private PaginationModel? BuildPagination(OpenApiOperation operation, string pointer, EquatableArray<ParameterModel> parameters, TypeRefModel? response)
    {
        if (operation.Extensions is null || !operation.Extensions.TryGetValue(PaginationExtension, out var extension) || extension is not JsonNodeExtension { Node: JsonObject settings })
        {
            return null;
        }

        var extensionPointer = PositionIndex.Append(pointer, PaginationExtension);
        string? Text(string key) => settings[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        PaginationModel? Fail(string why)
        {
            Report(DiagnosticDescriptors.UnsupportedConstructId, extensionPointer, "The " + PaginationExtension + " extension", ContractReader.DisplayPointer(extensionPointer), why + "; no page walker was generated");
            return null;
        }

        var cursor = parameters.FirstOrDefault(p => p.WireName == Text("cursorParameter") && p.Location == ParameterLocationKind.Query && p.Type.Kind == TypeKind.String);
        var direction = Text("directionParameter") is { } directionName ? parameters.FirstOrDefault(p => p.WireName == directionName) : null;
        var responseModel = response is { Kind: TypeKind.Object } ? ObjectNamed(response.Name) : null;
        var items = responseModel?.Properties.FirstOrDefault(p => p.JsonName == Text("items") && p.Type.Kind == TypeKind.Array);
        var hasMore = responseModel?.Properties.FirstOrDefault(p => p.JsonName == Text("hasMore") && p.Type.Kind == TypeKind.Boolean);
        var itemModel = items?.Type.Item is { Kind: TypeKind.Object } itemType ? ObjectNamed(itemType.Name) : null;
        var cursorField = itemModel?.Properties.FirstOrDefault(p => p.JsonName == Text("cursorField") && p.Type.Kind == TypeKind.String && p.Required);
        if (cursor is null || Text("forward") is not { } forward)
        {
            return Fail("it needs cursorParameter (a string query parameter of the operation) and forward");
        }

        if (items is null || hasMore is null || cursorField is null)
        {
            return Fail("it needs items (an array of objects in the response), hasMore (a boolean in the response) and cursorField (a required string of the items)");
        }

        return new PaginationModel(cursor.Name, direction?.Name, direction?.Type, forward, Text("backward"), items.Name, items.Type.Item!, hasMore.Name, cursorField.Name);
    }

    private bool AuthKnown => _document.Components?.SecuritySchemes is { Count: > 0 };

    // Headers of the content, or of the connection, that HttpClient sets itself and does not take on a request.
    private static readonly HashSet<string> s_stackHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Content-Length", "Transfer-Encoding", "Keep-Alive", "Upgrade", "TE", "Trailer", "Proxy-Connection",
        "Content-Encoding", "Content-Language", "Content-Location", "Content-MD5", "Content-Range", "Content-Disposition", "Expires", "Last-Modified", "Allow", "Cookie",
    };

    /// <summary>Why a header or cookie parameter of this name cannot be sent, or null when it can.</summary>
    private static string? UnsendableName(string name, ParameterLocationKind location)
    {
        if (name.Length == 0)
        {
            return "the name is empty";
        }

        foreach (var c in name)
        {
            // RFC 9110, section 5.6.2: token = 1*tchar.
            var tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
            if (!tchar)
            {
                return "its name holds '" + (c < ' ' || c > '~' ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString()) + "', which an HTTP " + (location == ParameterLocationKind.Header ? "header" : "cookie") + " name cannot";
            }
        }

        return location == ParameterLocationKind.Header && s_stackHeaders.Contains(name) ? "HttpClient sets the " + name + " header itself" : null;
    }

    private void SkipOperation(string pointer, string what, bool supported = false)
        => Report(
            DiagnosticDescriptors.UnsupportedConstructId,
            pointer,
            supported ? "The operation" : "In this operation, " + what,
            ContractReader.DisplayPointer(pointer),
            supported ? what : "the operation was not generated");

    /// <summary>
    /// The media type a body is generated for: JSON first, then form, multipart, text, and any other as bytes (media
    /// types in ordinal order within each kind, so the choice does not depend on the order in the file).
    /// </summary>
    private static (KeyValuePair<string, IOpenApiMediaType> Media, BodyEncoding Encoding)? ChooseMedia(IDictionary<string, IOpenApiMediaType>? content)
    {
        if (content is null || content.Count == 0)
        {
            return null;
        }

        if (JsonMedia(content) is { } json)
        {
            return (json, BodyEncoding.Json);
        }

        var ordered = content.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        static string Bare(string mediaType) => mediaType.Split(';')[0].Trim().ToLowerInvariant();
        foreach (var (encoding, match) in new (BodyEncoding, Func<string, bool>)[]
        {
            (BodyEncoding.Form, m => m == "application/x-www-form-urlencoded"),
            (BodyEncoding.Multipart, m => m == "multipart/form-data"),
            (BodyEncoding.Text, m => m.StartsWith("text/", StringComparison.Ordinal)),
        })
        {
            foreach (var pair in ordered)
            {
                if (match(Bare(pair.Key)))
                {
                    return (pair, encoding);
                }
            }
        }

        return (ordered[0], BodyEncoding.Binary);
    }

    private static KeyValuePair<string, IOpenApiMediaType>? JsonMedia(IDictionary<string, IOpenApiMediaType>? content)
    {
        if (content is null)
        {
            return null;
        }

        foreach (var pair in content.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var mediaType = pair.Key.Split(';')[0].Trim();
            if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
                || mediaType == "*/*")
            {
                return pair;
            }
        }

        return null;
    }

    private static EquatableArray<string> Scopes(OpenApiOperation operation, IList<OpenApiSecurityRequirement> requirements)
    {
        var scopes = new List<string>();
        if (operation.Extensions is { } extensions && extensions.TryGetValue(ScopesExtension, out var extension) && extension is JsonNodeExtension { Node: JsonArray array })
        {
            foreach (var item in array)
            {
                if (item is JsonValue value && value.TryGetValue<string>(out var scope))
                {
                    scopes.Add(scope);
                }
            }
        }

        foreach (var requirement in requirements)
        {
            foreach (var pair in requirement)
            {
                scopes.AddRange(pair.Value ?? new List<string>());
            }
        }

        return EquatableArray.From(scopes.Distinct(StringComparer.Ordinal));
    }
}
