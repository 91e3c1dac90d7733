using FiniGen.Common;

namespace FiniGen.Model;

/// <summary>One operation of the contract, generated as one async client method.</summary>
/// <param name="MethodName">The C# method name without the <c>Async</c> suffix.</param>
/// <param name="OperationId">The contract's <c>operationId</c> (or the name FiniGen made up when it is missing).</param>
/// <param name="HttpMethod">The HTTP method, upper case.</param>
/// <param name="Path">The path template, for example <c>/v2/documents/public/{id}</c>.</param>
/// <param name="Summary">The operation's summary.</param>
/// <param name="Description">The operation's description.</param>
/// <param name="Deprecated">Whether the operation is deprecated.</param>
/// <param name="Parameters">Path, query and header parameters, in method-signature order.</param>
/// <param name="Body">The JSON request body, if any.</param>
/// <param name="Success">The success response.</param>
/// <param name="Errors">The documented error responses.</param>
/// <param name="Scopes">The scopes the contract says the operation needs (<c>x-finigen-scopes</c>).</param>
/// <param name="RequiresAuth">Whether the operation is secured.</param>
/// <param name="MustUseResult">Why the result must be used (<c>x-finigen-result-must-be-used</c>), or null.</param>
/// <param name="Pagination">How to walk every page (<c>x-finigen-pagination</c>), or null.</param>
/// <param name="AsyncJob">How to wait for the work the operation queues (<c>x-finigen-async-job</c>), or null.</param>
/// <param name="RetrySafe">Whether repeating the request is harmless: GET, HEAD, OPTIONS, or <c>x-finigen-retry-safe: true</c>.</param>
public sealed record OperationModel(
    string MethodName,
    string OperationId,
    string HttpMethod,
    string Path,
    string? Summary,
    string? Description,
    bool Deprecated,
    EquatableArray<ParameterModel> Parameters,
    RequestBodyModel? Body,
    SuccessResponseModel Success,
    EquatableArray<ErrorResponseModel> Errors,
    EquatableArray<string> Scopes,
    bool RequiresAuth,
    string? MustUseResult,
    PaginationModel? Pagination,
    AsyncJobModel? AsyncJob,
    bool RetrySafe);

/// <summary>An operation that queues work, and how to poll it, as its <c>x-finigen-async-job</c> extension describes it.</summary>
/// <param name="IdProperties">The C# names of the response properties that list the queued IDs; empty when the response is that list.</param>
/// <param name="StatusMethod">The C# method (without <c>Async</c>) that reads one item's status.</param>
/// <param name="StatusType">The type that method returns.</param>
/// <param name="StatusProperty">The C# name of the status property of that type.</param>
/// <param name="StatusIsEnum">Whether the status property is a generated enum (read through <c>.Value</c>).</param>
/// <param name="StatusIsNullable">Whether the status property is nullable in C#.</param>
/// <param name="Completed">The status values that mean the work succeeded.</param>
/// <param name="Failed">The status values that mean it failed.</param>
/// <param name="ErrorProperty">The C# name of the property that holds a failure's error, or null.</param>
public sealed record AsyncJobModel(
    EquatableArray<string> IdProperties,
    string StatusMethod,
    TypeRefModel StatusType,
    string StatusProperty,
    bool StatusIsEnum,
    bool StatusIsNullable,
    EquatableArray<string> Completed,
    EquatableArray<string> Failed,
    string? ErrorProperty);

/// <summary>A cursor-paginated list operation, as its <c>x-finigen-pagination</c> extension describes it.</summary>
/// <param name="CursorParameter">The C# name of the cursor parameter.</param>
/// <param name="DirectionParameter">The C# name of the direction parameter, or null when the list goes one way.</param>
/// <param name="DirectionType">The direction parameter's type.</param>
/// <param name="Forward">The direction value that moves forward from a page's last item.</param>
/// <param name="Backward">The direction value that moves back from a page's first item, or null.</param>
/// <param name="ItemsProperty">The C# name of the response property that holds the page's items.</param>
/// <param name="ItemType">The items' type.</param>
/// <param name="HasMoreProperty">The C# name of the response property that says whether more pages follow.</param>
/// <param name="CursorProperty">The C# name of the item property whose value is the next cursor.</param>
public sealed record PaginationModel(
    string CursorParameter,
    string? DirectionParameter,
    TypeRefModel? DirectionType,
    string Forward,
    string? Backward,
    string ItemsProperty,
    TypeRefModel ItemType,
    string HasMoreProperty,
    string CursorProperty);

/// <summary>Where a parameter travels.</summary>
public enum ParameterLocationKind
{
    /// <summary>In the path template.</summary>
    Path,

    /// <summary>In the query string.</summary>
    Query,

    /// <summary>In a request header.</summary>
    Header,

    /// <summary>In the <c>Cookie</c> request header.</summary>
    Cookie,
}

/// <summary>The OpenAPI parameter styles that need their own serialization.</summary>
public enum ParameterStyleKind
{
    /// <summary><c>simple</c> in the path and headers, <c>form</c> (or a delimited style) in the query.</summary>
    Default,

    /// <summary>Path <c>label</c>: <c>.value</c>, arrays <c>.a.b</c> (exploded) or <c>.a,b</c>.</summary>
    Label,

    /// <summary>Path <c>matrix</c>: <c>;name=value</c>, arrays <c>;name=a;name=b</c> (exploded) or <c>;name=a,b</c>.</summary>
    Matrix,

    /// <summary>Query <c>deepObject</c>: <c>name[member]=value</c>.</summary>
    DeepObject,
}

/// <summary>How a request or response body travels.</summary>
public enum BodyEncoding
{
    /// <summary>JSON (<c>application/json</c>, <c>*+json</c>, <c>*/*</c>).</summary>
    Json,

    /// <summary><c>application/x-www-form-urlencoded</c>: the members of an object, as form fields.</summary>
    Form,

    /// <summary><c>multipart/form-data</c>: the members of an object, as parts; binary members as file parts.</summary>
    Multipart,

    /// <summary>Bytes of any other media type: a <c>Stream</c> sent, a <c>byte[]</c> received.</summary>
    Binary,

    /// <summary>Text (<c>text/*</c>): a <c>string</c>.</summary>
    Text,
}

/// <summary>A path, query or header parameter.</summary>
/// <param name="Name">The C# parameter name.</param>
/// <param name="WireName">The name on the wire.</param>
/// <param name="Location">Where it travels.</param>
/// <param name="Type">Its type.</param>
/// <param name="Required">Whether it is required.</param>
/// <param name="Description">Its description.</param>
/// <param name="DefaultJson">Its contract default, as JSON text, for documentation.</param>
/// <param name="Explode">For arrays in the query: one <c>name=value</c> pair per element (true) or one comma-separated value.</param>
/// <param name="Delimiter">The separator of array items sent as one value (<c>,</c>, or <c>|</c> and space for pipe- and space-delimited styles).</param>
/// <param name="Style">The serialization style, where it changes what is sent beyond <paramref name="Explode"/> and <paramref name="Delimiter"/>.</param>
/// <param name="Rules">The constraints the contract states for the value.</param>
public sealed record ParameterModel(
    string Name,
    string WireName,
    ParameterLocationKind Location,
    TypeRefModel Type,
    bool Required,
    string? Description,
    string? DefaultJson,
    bool Explode,
    string Delimiter,
    ParameterStyleKind Style,
    EquatableArray<RuleModel> Rules);

/// <summary>A request body.</summary>
/// <param name="ParameterName">The C# parameter name.</param>
/// <param name="Type">The body's type (for <see cref="BodyEncoding.Binary"/> and <see cref="BodyEncoding.Text"/>, a string).</param>
/// <param name="Required">Whether the body is required.</param>
/// <param name="Description">The body's description.</param>
/// <param name="Encoding">How it is sent.</param>
/// <param name="MediaType">The media type sent in <c>Content-Type</c>.</param>
/// <param name="FileMembers">For multipart bodies, the wire names of the members sent as file parts (<c>format: binary</c>).</param>
/// <param name="Rules">The constraints the contract states for a JSON body that is not an object (a list's size, its items' formats); an object's are its members'.</param>
public sealed record RequestBodyModel(string ParameterName, TypeRefModel Type, bool Required, string? Description, BodyEncoding Encoding, string MediaType, EquatableArray<string> FileMembers, EquatableArray<RuleModel> Rules = default);

/// <summary>The success response of an operation.</summary>
/// <param name="StatusCode">The documented status code, for example <c>200</c>.</param>
/// <param name="Type">The JSON body's type, or null when the response has no JSON body.</param>
/// <param name="Description">The response's description.</param>
/// <param name="Encoding">How the body is read: JSON into <paramref name="Type"/>, bytes, or text.</param>
/// <param name="MediaType">The documented media type, when the response has a body.</param>
public sealed record SuccessResponseModel(string StatusCode, TypeRefModel? Type, string? Description, BodyEncoding Encoding = BodyEncoding.Json, string? MediaType = null);

/// <summary>A documented error response.</summary>
/// <param name="StatusCode">The status code, <c>4XX</c>-style range, or <c>default</c>.</param>
/// <param name="Type">The JSON error body's type, if the contract gives one.</param>
/// <param name="Description">The response's description.</param>
public sealed record ErrorResponseModel(string StatusCode, TypeRefModel? Type, string? Description);
