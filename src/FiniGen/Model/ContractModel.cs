using FiniGen.Common;

namespace FiniGen.Model;

/// <summary>
/// Everything FiniGen generates from one contract, as plain values.
/// </summary>
/// <remarks>
/// Every type under <c>FiniGen.Model</c> is immutable and has structural equality, and holds no Roslyn or
/// Microsoft.OpenApi object. The incremental pipeline compares these values to decide what to re-emit: a member
/// with reference equality (a list, a symbol, a DOM node) silently turns every keystroke into a full regeneration.
/// </remarks>
/// <param name="Header">What every generated file of the contract needs to know.</param>
/// <param name="Objects">Object schemas, one generated class each.</param>
/// <param name="Enums">Enumerations, one generated struct each.</param>
/// <param name="Operations">Operations, one client method each, in contract order.</param>
public sealed record ContractModel(
    ContractHeader Header,
    EquatableArray<ObjectModel> Objects,
    EquatableArray<EnumModel> Enums,
    EquatableArray<OperationModel> Operations);

/// <summary>The facts about a contract that every generated file shares.</summary>
/// <param name="Namespace">The C# namespace of the generated code.</param>
/// <param name="ClientName">The client class name, for example <c>FiniSourcesClient</c>.</param>
/// <param name="BaseName">The client name without its <c>Client</c> suffix, used for the options and exception types.</param>
/// <param name="Title">The contract's <c>info.title</c>.</param>
/// <param name="Description">The contract's <c>info.description</c>, if any.</param>
/// <param name="ApiVersion">The contract's <c>info.version</c>.</param>
/// <param name="DefaultBaseAddress">The first <c>servers</c> URL, if absolute.</param>
/// <param name="Auth">The security scheme the client sends, if any.</param>
/// <param name="ContractFileName">The contract's file name, for doc comments.</param>
public sealed record ContractHeader(
    string Namespace,
    string ClientName,
    string BaseName,
    string Title,
    string? Description,
    string ApiVersion,
    string? DefaultBaseAddress,
    AuthModel? Auth,
    string ContractFileName);

/// <summary>How the client authenticates.</summary>
/// <param name="PropertyName">The options property that holds the credential, for example <c>ApiKey</c>.</param>
/// <param name="Kind">Where the credential goes.</param>
/// <param name="ParameterName">The header or query name for API-key schemes; null for bearer.</param>
/// <param name="Description">The scheme's description.</param>
/// <param name="SecretPattern">The pattern a real credential matches (<c>x-finigen-secret-pattern</c>), so that literals can be flagged.</param>
/// <param name="SecretVariable">The environment variable that conventionally holds the credential (<c>x-finigen-secret-variable</c>).</param>
public sealed record AuthModel(string PropertyName, AuthKind Kind, string? ParameterName, string? Description, string? SecretPattern, string? SecretVariable);

/// <summary>The supported security scheme kinds.</summary>
public enum AuthKind
{
    /// <summary><c>Authorization: Bearer …</c>.</summary>
    Bearer,

    /// <summary>An API key in a header.</summary>
    ApiKeyHeader,

    /// <summary>An API key in the query string.</summary>
    ApiKeyQuery,
}
