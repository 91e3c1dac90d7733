using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace FiniGen.Diagnostics;

/// <summary>
/// Every diagnostic FiniGen reports. <c>FG0xxx</c> are about the contract itself and come from the generator;
/// <c>FG1xxx</c> are call-site rules and come from the analyzers.
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>The repository whose <c>docs/diagnostics</c> folder holds one page per diagnostic.</summary>
    public const string RepositoryUrl = "https://github.com/finigen/FiniGen";

    private const string ContractCategory = "FiniGen.Contract";
    private const string UsageCategory = "FiniGen.Usage";
    // The whole text comes from the rule engine (ConstraintChecks.Message), the one wording the client's exception uses too.
    private const string UsageMessage = "{0}";

    /// <summary>ID of <see cref="ContractSyntaxError"/>.</summary>
    public const string ContractSyntaxErrorId = "FG0001";

    /// <summary>ID of <see cref="ContractReadError"/>.</summary>
    public const string ContractReadErrorId = "FG0002";

    /// <summary>ID of <see cref="UnresolvedReference"/>.</summary>
    public const string UnresolvedReferenceId = "FG0003";

    /// <summary>ID of <see cref="MissingOperationId"/>.</summary>
    public const string MissingOperationIdId = "FG0004";

    /// <summary>ID of <see cref="DuplicateOperationId"/>.</summary>
    public const string DuplicateOperationIdId = "FG0005";

    /// <summary>ID of <see cref="NameCollision"/>.</summary>
    public const string NameCollisionId = "FG0006";

    /// <summary>ID of <see cref="UnsupportedConstruct"/>.</summary>
    public const string UnsupportedConstructId = "FG0007";

    /// <summary>ID of <see cref="ContractReadWarning"/>.</summary>
    public const string ContractReadWarningId = "FG0008";

    /// <summary>ID of <see cref="InvalidOption"/>.</summary>
    public const string InvalidOptionId = "FG0009";

    /// <summary>ID of <see cref="DuplicateClient"/>.</summary>
    public const string DuplicateClientId = "FG0010";

    /// <summary>ID of <see cref="NotAnAbsoluteUrl"/>.</summary>
    public const string NotAnAbsoluteUrlId = "FG1001";

    /// <summary>ID of <see cref="UrlWhereIdExpected"/>.</summary>
    public const string UrlWhereIdExpectedId = "FG1002";

    /// <summary>ID of <see cref="MalformedUuid"/>.</summary>
    public const string MalformedUuidId = "FG1003";

    /// <summary>ID of <see cref="ValueOutsideEnum"/>.</summary>
    public const string ValueOutsideEnumId = "FG1004";

    /// <summary>ID of <see cref="ListSize"/>.</summary>
    public const string ListSizeId = "FG1005";

    /// <summary>ID of <see cref="RequiredMemberNull"/>.</summary>
    public const string RequiredMemberNullId = "FG1006";

    /// <summary>ID of <see cref="ResultMustBeUsed"/>.</summary>
    public const string ResultMustBeUsedId = "FG1007";

    /// <summary>ID of <see cref="HardCodedCredential"/>.</summary>
    public const string HardCodedCredentialId = "FG1008";

    /// <summary>ID of <see cref="NumberOutOfRange"/>.</summary>
    public const string NumberOutOfRangeId = "FG1009";

    /// <summary>ID of <see cref="PatternOrLength"/>.</summary>
    public const string PatternOrLengthId = "FG1010";

    /// <summary>ID of <see cref="UseEnumMember"/>.</summary>
    public const string UseEnumMemberId = "FG1011";

    /// <summary>ID of <see cref="DependencyLoadFailure"/>.</summary>
    public const string DependencyLoadFailureId = "FG0098";

    /// <summary>ID of <see cref="InternalError"/>.</summary>
    public const string InternalErrorId = "FG0099";

    /// <summary>The contract file is not well-formed YAML or JSON.</summary>
    public static readonly DiagnosticDescriptor ContractSyntaxError = Create(
        id: ContractSyntaxErrorId,
        title: "Contract file is not valid YAML or JSON",
        messageFormat: "'{0}' is not valid YAML or JSON: {1}",
        severity: DiagnosticSeverity.Error,
        description: "The contract could not be parsed as YAML or JSON, so no client was generated from it. The location points at the first syntax error.");

    /// <summary>The OpenAPI reader rejected part of the contract.</summary>
    public static readonly DiagnosticDescriptor ContractReadError = Create(
        id: ContractReadErrorId,
        title: "Contract is not a valid OpenAPI document",
        messageFormat: "'{0}' is not a valid OpenAPI document: {1} (at {2})",
        severity: DiagnosticSeverity.Error,
        description: "The OpenAPI reader reported an error. The location points at the element it names; FiniGen generates what it can from the rest.");

    /// <summary>A <c>$ref</c> points nowhere.</summary>
    public static readonly DiagnosticDescriptor UnresolvedReference = Create(
        id: UnresolvedReferenceId,
        title: "Reference cannot be resolved",
        messageFormat: "The $ref '{0}' at {1} cannot be resolved{2}; the value is typed as JsonElement",
        severity: DiagnosticSeverity.Error,
        description: "A $ref names a component or file that does not exist, or a file that is not passed to the compiler as a FiniGen contract file, or it closes a cycle of references that never reaches a schema (A: { $ref: B }, B: { $ref: A }).");

    /// <summary>An operation has no <c>operationId</c>.</summary>
    public static readonly DiagnosticDescriptor MissingOperationId = Create(
        id: MissingOperationIdId,
        title: "Operation has no operationId",
        messageFormat: "{0} {1} has no operationId; its method is named '{2}'. Add an operationId so that the name stays stable when paths change.",
        severity: DiagnosticSeverity.Warning,
        description: "Client method names come from operationId. Without one, FiniGen derives a name from the method and path, which changes whenever the path does.");

    /// <summary>Two operations share an <c>operationId</c>.</summary>
    public static readonly DiagnosticDescriptor DuplicateOperationId = Create(
        id: DuplicateOperationIdId,
        title: "Duplicate operationId",
        messageFormat: "The operationId '{0}' of {1} is already used by {2}; this operation was not generated",
        severity: DiagnosticSeverity.Error,
        description: "operationId must be unique in a contract (OpenAPI 3.0, Operation Object). The second operation is skipped.");

    /// <summary>Two contract names map to the same C# name.</summary>
    public static readonly DiagnosticDescriptor NameCollision = Create(
        id: NameCollisionId,
        title: "Contract names collide in C#",
        messageFormat: "The {0} '{1}' maps to the C# name '{2}', which is already taken; it was renamed to '{3}'",
        severity: DiagnosticSeverity.Warning,
        description: "Two names that differ on the wire (case, punctuation, a reserved generated name) become the same C# identifier. FiniGen renames the later one and keeps its wire name.");

    /// <summary>A construct FiniGen does not generate code for yet.</summary>
    public static readonly DiagnosticDescriptor UnsupportedConstruct = Create(
        id: UnsupportedConstructId,
        title: "Contract construct is not supported",
        messageFormat: "{0} at {1} is not supported: {2}",
        severity: DiagnosticSeverity.Warning,
        description: "FiniGen met a construct it cannot express faithfully. It says what it generated instead, and never generates code that silently loses data.");

    /// <summary>The OpenAPI reader reported a warning.</summary>
    public static readonly DiagnosticDescriptor ContractReadWarning = Create(
        id: ContractReadWarningId,
        title: "OpenAPI contract warning",
        messageFormat: "'{0}': {1} (at {2})",
        severity: DiagnosticSeverity.Warning,
        description: "The OpenAPI reader reported a warning about the contract.");

    /// <summary>A FiniGen MSBuild option has an unusable value.</summary>
    public static readonly DiagnosticDescriptor InvalidOption = Create(
        id: InvalidOptionId,
        title: "Invalid FiniGen option",
        messageFormat: "The {0} metadata '{1}' of the FiniGenContract item '{2}' is not a valid C# {3}",
        severity: DiagnosticSeverity.Error,
        description: "The Namespace metadata must be a dotted C# namespace and ClientName a C# identifier that is not a keyword.");

    /// <summary>Two contracts generate the same client type.</summary>
    public static readonly DiagnosticDescriptor DuplicateClient = Create(
        id: DuplicateClientId,
        title: "Two contracts generate the same type",
        messageFormat: "'{0}' and '{1}' both generate '{2}'; only the first was generated. Give one of them a Namespace of its own (or, when the clients clash, another ClientName).",
        severity: DiagnosticSeverity.Error,
        description: "Each contract file must generate its client and models under names no other contract uses: a distinct client name, or a namespace of its own.");

    /// <summary>An assembly FiniGen bundles could not be loaded by the compiler.</summary>
    public static readonly DiagnosticDescriptor DependencyLoadFailure = Create(
        id: DependencyLoadFailureId,
        title: "A FiniGen dependency failed to load",
        messageFormat: "FiniGen could not load '{0}' to read '{1}': {2}. The FiniGen package may be incomplete: clear it from the NuGet cache and restore again.",
        severity: DiagnosticSeverity.Error,
        description: "FiniGen reads contracts with assemblies it ships beside itself (Microsoft.OpenApi and its dependencies). When the compiler cannot load one, no client is generated and this says which assembly is missing.");

    /// <summary>FiniGen itself failed; the contract is reported instead of crashing the compilation.</summary>
    public static readonly DiagnosticDescriptor InternalError = Create(
        id: InternalErrorId,
        title: "FiniGen failed unexpectedly",
        messageFormat: "FiniGen could not process '{0}': {1}. This is a FiniGen bug; please report it with the contract.",
        severity: DiagnosticSeverity.Error,
        description: "An unexpected exception inside FiniGen was caught and reported, so the rest of the compilation goes on.");

    /// <summary>A value where the contract requires an absolute URL (<c>format: uri</c>), e.g. a source ID for a web source.</summary>
    public static readonly DiagnosticDescriptor NotAnAbsoluteUrl = CreateUsage(
        NotAnAbsoluteUrlId,
        "Value is not an absolute URL",
        DiagnosticSeverity.Error,
        "The contract says this value is an absolute URL (format uri), possibly only for some value of a sibling member such as source = web. The server rejects the request, or the import fails.");

    /// <summary>A URL where the contract expects an ID (<c>format: uuid</c>), e.g. a URL for a provider source.</summary>
    public static readonly DiagnosticDescriptor UrlWhereIdExpected = CreateUsage(
        UrlWhereIdExpectedId,
        "URL where the contract expects an ID",
        DiagnosticSeverity.Warning,
        "The contract says this value is an ID (format uuid), possibly only for some value of a sibling member, but the value is a URL. Often the sibling member (such as source) is what is wrong.");

    /// <summary>A malformed UUID where the contract says <c>format: uuid</c>.</summary>
    public static readonly DiagnosticDescriptor MalformedUuid = CreateUsage(
        MalformedUuidId,
        "Value is not a UUID",
        DiagnosticSeverity.Error,
        "The contract says this value is a UUID (format uuid).");

    /// <summary>A string outside the contract's enum.</summary>
    public static readonly DiagnosticDescriptor ValueOutsideEnum = CreateUsage(
        ValueOutsideEnumId,
        "Value is not one the contract accepts",
        DiagnosticSeverity.Error,
        "Requests may only use the values the contract's enum lists. Generated enum types accept any string so that responses stay readable, so the compiler cannot catch this.");

    /// <summary>A list whose size breaks <c>minItems</c> / <c>maxItems</c>.</summary>
    public static readonly DiagnosticDescriptor ListSize = CreateUsage(
        ListSizeId,
        "List size breaks the contract",
        DiagnosticSeverity.Error,
        "The contract bounds the number of items (minItems / maxItems); an empty list where at least one item is required is rejected by the server.");

    /// <summary>A required member set to null.</summary>
    public static readonly DiagnosticDescriptor RequiredMemberNull = new(
        id: RequiredMemberNullId,
        title: "Required member is set to null",
        messageFormat: "{0} is required by the contract, but is set to null here",
        category: UsageCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The compiler checks that a required member is set, not that it is set to a value: null (often with !) still produces a request the contract forbids.",
        helpLinkUri: RepositoryUrl + "/blob/main/docs/diagnostics/" + RequiredMemberNullId + ".md");

    /// <summary>The result of an operation whose result must be used is thrown away.</summary>
    public static readonly DiagnosticDescriptor ResultMustBeUsed = new(
        id: ResultMustBeUsedId,
        title: "Result of this call must be used",
        messageFormat: "The result of {0} is thrown away: {1}",
        category: UsageCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The contract marks the operation with x-finigen-result-must-be-used: calling it and ignoring what it returns is a documented trap.",
        helpLinkUri: RepositoryUrl + "/blob/main/docs/diagnostics/" + ResultMustBeUsedId + ".md");

    /// <summary>A hard-coded credential.</summary>
    public static readonly DiagnosticDescriptor HardCodedCredential = new(
        id: HardCodedCredentialId,
        title: "Hard-coded API credential",
        messageFormat: "This string looks like a {0} credential (it matches {1}); read it from configuration or an environment variable instead",
        category: UsageCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A literal that matches the contract's credential format (x-finigen-secret-pattern) ends up in source control and in the compiled assembly. Keys belong in configuration or a secret store.",
        helpLinkUri: RepositoryUrl + "/blob/main/docs/diagnostics/" + HardCodedCredentialId + ".md");

    /// <summary>A number outside <c>minimum</c> / <c>maximum</c>.</summary>
    public static readonly DiagnosticDescriptor NumberOutOfRange = CreateUsage(
        NumberOutOfRangeId,
        "Number is outside the contract's bounds",
        DiagnosticSeverity.Error,
        "The contract bounds this number (minimum, maximum, exclusiveMinimum, exclusiveMaximum).");

    /// <summary>A string breaking <c>pattern</c>, <c>minLength</c> or <c>maxLength</c>.</summary>
    public static readonly DiagnosticDescriptor PatternOrLength = CreateUsage(
        PatternOrLengthId,
        "String breaks the contract's pattern or length",
        DiagnosticSeverity.Error,
        "The contract constrains this string with pattern, minLength or maxLength.");

    /// <summary>A string literal that names an enum value the generated type has a member for.</summary>
    public static readonly DiagnosticDescriptor UseEnumMember = new(
        id: UseEnumMemberId,
        title: "Use the generated enum member",
        messageFormat: "Use {0} instead of the string \"{1}\"",
        category: UsageCategory,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The generated member says the same as the literal, and a typo in it cannot compile.",
        helpLinkUri: RepositoryUrl + "/blob/main/docs/diagnostics/" + UseEnumMemberId + ".md");

    /// <summary>Every descriptor, for lookups and tests.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        ContractSyntaxError,
        ContractReadError,
        UnresolvedReference,
        MissingOperationId,
        DuplicateOperationId,
        NameCollision,
        UnsupportedConstruct,
        ContractReadWarning,
        InvalidOption,
        DuplicateClient,
        DependencyLoadFailure,
        InternalError,
        NotAnAbsoluteUrl,
        UrlWhereIdExpected,
        MalformedUuid,
        ValueOutsideEnum,
        ListSize,
        RequiredMemberNull,
        ResultMustBeUsed,
        HardCodedCredential,
        NumberOutOfRange,
        PatternOrLength,
        UseEnumMember);

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = CreateIndex();

    /// <summary>The descriptor with <paramref name="id"/>.</summary>
    public static DiagnosticDescriptor ById(string id)
        => s_byId.TryGetValue(id, out var descriptor) ? descriptor : throw new ArgumentException("Unknown diagnostic ID " + id, nameof(id));

    private static Dictionary<string, DiagnosticDescriptor> CreateIndex()
    {
        var index = new Dictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
        foreach (var descriptor in All)
        {
            index.Add(descriptor.Id, descriptor);
        }

        return index;
    }

    private static DiagnosticDescriptor CreateUsage(string id, string title, DiagnosticSeverity severity, string description)
        => new(
            id: id,
            title: title,
            messageFormat: UsageMessage,
            category: UsageCategory,
            defaultSeverity: severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: RepositoryUrl + "/blob/main/docs/diagnostics/" + id + ".md");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, DiagnosticSeverity severity, string description)
        => new(
            id: id,
            title: title,
            messageFormat: messageFormat,
            category: ContractCategory,
            defaultSeverity: severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: RepositoryUrl + "/blob/main/docs/diagnostics/" + id + ".md");
}
