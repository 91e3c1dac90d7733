using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using FiniGen.Common;
using FiniGen.Diagnostics;
using FiniGen.Model;
using Microsoft.OpenApi;

namespace FiniGen.Contract;

/// <summary>Walks a loaded OpenAPI document and builds the <see cref="ContractModel"/>, reporting what it cannot express.</summary>
internal sealed partial class ModelBuilder
{
    internal const string ScopesExtension = "x-finigen-scopes";

    private static readonly string[] s_objectMemberNames = { "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    private readonly OpenApiDocument _document;
    private readonly ContractFile _entry;
    private readonly Locator _locator;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    // Type names become hint names, which Roslyn compares ignoring case (as do some file systems).
    private readonly UniqueNameScope _typeNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TypeRefModel> _componentTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _componentNames = new(StringComparer.Ordinal);
    private readonly Dictionary<IOpenApiSchema, TypeRefModel> _inlineTypes = new(IdentityComparer<IOpenApiSchema>.Instance);
    private readonly Dictionary<IOpenApiSchema, Followed> _followed = new(IdentityComparer<IOpenApiSchema>.Instance);
    private readonly Dictionary<IOpenApiSchema, SchemaShape> _shapes = new(IdentityComparer<IOpenApiSchema>.Instance);
    private readonly Dictionary<IOpenApiSchema, string> _componentOf = new(IdentityComparer<IOpenApiSchema>.Instance);
    private readonly HashSet<Followed> _cyclesReported = new(IdentityComparer<Followed>.Instance);
    private readonly Queue<(string Name, string Key, IOpenApiSchema Schema, string Pointer)> _pendingObjects = new();
    private readonly List<ObjectModel> _objects = new();
    private readonly Dictionary<string, ObjectModel> _objectsByName = new(StringComparer.Ordinal);
    private readonly List<EnumModel> _enums = new();

    public ModelBuilder(OpenApiDocument document, ContractFile entry, Locator locator, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        _document = document;
        _entry = entry;
        _locator = locator;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    public ContractModel Build()
    {
        var header = BuildHeader();
        _typeNames.Reserve(header.ClientName);
        _typeNames.Reserve(header.BaseName + "ClientOptions");
        _typeNames.Reserve(header.BaseName + "ApiException");
        _typeNames.Reserve(header.BaseName + "Json");
        _typeNames.Reserve(header.BaseName + "Validation");
        _typeNames.Reserve(header.BaseName + "ConstraintChecks");
        _typeNames.Reserve(header.BaseName + "RequestValidationException");
        foreach (var suffix in new[] { "JobWaitOptions", "JobProgress", "JobResults", "JobTimeoutException", "ServiceCollectionExtensions" })
        {
            _typeNames.Reserve(header.BaseName + suffix);
        }
        // Names of members that generated types declare: a type of the same name could not declare them (CS0542).
        foreach (var member in new[] { "Value", "IsKnown", "KnownValues", "AdditionalProperties", "ReadJson", "WriteJson", "Validate" })
        {
            _typeNames.Reserve(member);
        }

        // The generated code discards values with "_" ("_ = request;", "out _"): a type named "_" in the namespace
        // turns each into CS0118 ("'_' is a type but is used like a variable").
        _typeNames.Reserve("_");

        if (_document.Components?.Schemas is { } schemas)
        {
            foreach (var pair in schemas)
            {
                if (pair.Value is not null)
                {
                    _componentOf[pair.Value] = pair.Key;
                }
            }

            // Component names are reserved before anything is resolved, so that a name made up for an inline
            // schema never takes the name of a component.
            foreach (var pair in schemas.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (Follow(pair.Value).Target is { } target && ShapeOf(target) != SchemaShape.Other)
                {
                    _componentNames[pair.Key] = ReserveTypeName(Naming.ToPascal(LastSegment(pair.Key)), pair.Key, PositionIndex.Append("/components/schemas", pair.Key), report: true);
                }
            }

            foreach (var pair in schemas.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                _cancellationToken.ThrowIfCancellationRequested();
                ResolveComponent(pair.Key, pair.Value, PositionIndex.Append("/components/schemas", pair.Key));
                BuildPendingObjects();
            }
        }

        var operations = BuildOperations();
        BuildPendingObjects();
        var requests = RequestModels(operations);
        return new ContractModel(
            header,
            EquatableArray.From(_objects.Select(o => requests.Contains(o.Name) ? o with { IsRequest = true } : o).OrderBy(o => o.Name, StringComparer.Ordinal)),
            EquatableArray.From(_enums.OrderBy(e => e.Name, StringComparer.Ordinal)),
            EquatableArray.From(operations));
    }

    /// <summary>The objects a request can hold: request bodies and parameters, and every object they nest, transitively.</summary>
    private HashSet<string> RequestModels(List<OperationModel> operations)
    {
        var byName = _objects.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<TypeRefModel>();
        foreach (var operation in operations)
        {
            if (operation.Body is { } body)
            {
                pending.Push(body.Type);
            }

            foreach (var parameter in operation.Parameters)
            {
                pending.Push(parameter.Type);
            }
        }

        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (type.Item is { } item)
            {
                pending.Push(item);
            }

            if (type.Kind == TypeKind.Object && type.Name is { } name && found.Add(name) && byName.TryGetValue(name, out var model))
            {
                pending.Push(model.ExtensionDataType);
                foreach (var property in model.Properties)
                {
                    pending.Push(property.Type);
                }
            }
        }

        return found;
    }

    private void Report(string id, string pointer, params string[] args) => _diagnostics.Add(_locator.Create(id, pointer, args));

    private ContractHeader BuildHeader()
    {
        var stem = Naming.FileName(_entry.Path);
        var dot = stem.IndexOf('.');
        if (dot > 0)
        {
            stem = stem.Substring(0, dot);
        }

        var stemName = Naming.ToPascal(stem);
        var clientName = stemName.EndsWith("Client", StringComparison.Ordinal) ? stemName : stemName + "Client";
        if (!string.IsNullOrWhiteSpace(_entry.ClientName))
        {
            var requested = _entry.ClientName!.Trim();
            if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(requested) && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(requested) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)
            {
                clientName = requested;
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidOptionId, string.Empty, "ClientName", requested, _entry.Path, "identifier");
            }
        }

        var defaultNamespace = (string.IsNullOrWhiteSpace(_entry.RootNamespace) || !Naming.IsValidNamespace(_entry.RootNamespace!.Trim())
            ? "FiniGen.Generated"
            : _entry.RootNamespace!.Trim()) + "." + stemName;
        var ns = defaultNamespace;
        if (!string.IsNullOrWhiteSpace(_entry.Namespace))
        {
            var requested = _entry.Namespace!.Trim();
            if (Naming.IsValidNamespace(requested))
            {
                ns = requested;
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidOptionId, string.Empty, "Namespace", requested, _entry.Path, "namespace");
            }
        }

        var baseName = clientName.EndsWith("Client", StringComparison.Ordinal) && clientName.Length > "Client".Length
            ? clientName.Substring(0, clientName.Length - "Client".Length)
            : clientName;

        string? baseAddress = null;
        var server = _document.Servers?.FirstOrDefault();
        var url = server?.Url;
        foreach (var variable in server?.Variables ?? new Dictionary<string, OpenApiServerVariable>())
        {
            url = url?.Replace("{" + variable.Key + "}", variable.Value?.Default ?? string.Empty);
        }

        if (url is not null && url.IndexOf('{') < 0 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https"))
        {
            baseAddress = uri.ToString();
        }

        return new ContractHeader(
            ns,
            clientName,
            baseName,
            _document.Info?.Title ?? clientName,
            _document.Info?.Description,
            _document.Info?.Version ?? string.Empty,
            baseAddress,
            BuildAuth(clientName.EndsWith("Client", StringComparison.Ordinal) && clientName.Length > "Client".Length ? clientName.Substring(0, clientName.Length - "Client".Length) : clientName),
            Naming.FileName(_entry.Path));
    }

    private AuthModel? BuildAuth(string baseName)
    {
        // Each requirement with its place: the document's, then each operation's.
        var requirements = (_document.Security ?? new List<OpenApiSecurityRequirement>()).Select((r, i) => (Requirement: r, Pointer: PositionIndex.Append("/security", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Concat((_document.Paths ?? new OpenApiPaths())
                .SelectMany(path => (path.Value?.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>())
                    .SelectMany(operation => (operation.Value?.Security ?? new List<OpenApiSecurityRequirement>()).Select((r, i) => (
                        Requirement: r,
                        Pointer: PositionIndex.Append(PositionIndex.Append(PositionIndex.Append(PositionIndex.Append("/paths", path.Key), operation.Key.Method.ToLowerInvariant()), "security"), i.ToString(System.Globalization.CultureInfo.InvariantCulture)))))));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (requirement, requirementPointer) in requirements)
        {
            foreach (var requirementScheme in requirement.Keys)
            {
                var key = (requirementScheme as OpenApiSecuritySchemeReference)?.Reference?.Id ?? Concrete<IOpenApiSecurityScheme>(requirementScheme)?.Name ?? "Credential";
                if (!seen.Add(key))
                {
                    continue;
                }

                var pointer = PositionIndex.Append("/components/securitySchemes", key);
                if (Concrete<IOpenApiSecurityScheme>(requirementScheme) is not { } scheme)
                {
                    // Named by a requirement, defined nowhere: the requirement is where to look.
                    var named = PositionIndex.Append(requirementPointer, key);
                    Report(
                        DiagnosticDescriptors.UnsupportedConstructId,
                        named,
                        "The security scheme '" + key + "'",
                        ContractReader.DisplayPointer(named),
                        "it is not defined under components/securitySchemes (securityDefinitions in Swagger 2.0), so no credential is sent for it; define it, or remove it from the requirement");
                    continue;
                }

                var propertyName = Naming.ToPascal(key);
                // The options' own members (Runtime/Options.cs) and object's.
                if (propertyName is "BaseAddress" or "DefaultBaseAddress" or "ValidateRequests" or "MaxRetries" or "RetryDelay" or "MaxRetryAfter" or "Timeout" or "MaxResponseSize"
                    or "DefaultTimeout" or "DefaultMaxResponseSize" or "DefaultMaxRetryAfter" or "Clone" or "CheckPause" or "CheckCredential"
                    or "ToString" or "Equals" or "GetHashCode" or "GetType" or "MemberwiseClone" || propertyName == baseName + "ClientOptions")
                {
                    propertyName = "Credential";
                }

                switch (scheme.Type)
                {
                    case SecuritySchemeType.Http when string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase):
                    case SecuritySchemeType.OAuth2:
                    case SecuritySchemeType.OpenIdConnect:
                        return new AuthModel(propertyName, AuthKind.Bearer, null, scheme.Description, StringExtension(scheme.Extensions, SecretPatternExtension), StringExtension(scheme.Extensions, SecretVariableExtension));
                    case SecuritySchemeType.ApiKey when scheme.In == ParameterLocation.Header && UnsendableName(scheme.Name ?? string.Empty, ParameterLocationKind.Header) is { } why:
                        Report(
                            DiagnosticDescriptors.UnsupportedConstructId,
                            pointer,
                            "The security scheme '" + key + "', an API key in the header '" + scheme.Name + "'",
                            ContractReader.DisplayPointer(pointer),
                            why + "; the client does not send this credential");
                        break;
                    case SecuritySchemeType.ApiKey when scheme.In == ParameterLocation.Header && !string.IsNullOrEmpty(scheme.Name):
                        return new AuthModel(propertyName, AuthKind.ApiKeyHeader, scheme.Name, scheme.Description, StringExtension(scheme.Extensions, SecretPatternExtension), StringExtension(scheme.Extensions, SecretVariableExtension));
                    case SecuritySchemeType.ApiKey when scheme.In == ParameterLocation.Query && !string.IsNullOrEmpty(scheme.Name):
                        return new AuthModel(propertyName, AuthKind.ApiKeyQuery, scheme.Name, scheme.Description, StringExtension(scheme.Extensions, SecretPatternExtension), StringExtension(scheme.Extensions, SecretVariableExtension));
                    default:
                        Report(
                            DiagnosticDescriptors.UnsupportedConstructId,
                            pointer,
                            "The security scheme '" + key + "'",
                            ContractReader.DisplayPointer(pointer),
                            "only bearer (http, oauth2, openIdConnect) and header or query API keys are sent by the client; add the credential with a DelegatingHandler");
                        break;
                }
            }
        }

        return null;
    }

    private static string? Describe(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();

    private static string? DefaultJson(JsonNode? node) => node?.ToJsonString();
}
