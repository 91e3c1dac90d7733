using FiniGen.Common;

namespace FiniGen.Model;

/// <summary>One generated file's worth of model: the unit of incremental re-emission.</summary>
/// <param name="Header">The contract-wide facts.</param>
/// <param name="HintPart">The part of the hint name after the client name, for example <c>Models.Document</c>.</param>
public abstract record EmitPart(ContractHeader Header, string HintPart)
{
    /// <summary>The path of the contract the part comes from.</summary>
    public string ContractPath { get; init; } = string.Empty;
}

/// <summary>A model class.</summary>
/// <param name="Header">The contract-wide facts.</param>
/// <param name="Object">The object schema.</param>
public sealed record ObjectPart(ContractHeader Header, ObjectModel Object) : EmitPart(Header, "Models." + Object.Name);

/// <summary>An enumeration struct.</summary>
/// <param name="Header">The contract-wide facts.</param>
/// <param name="Enum">The enumeration.</param>
public sealed record EnumPart(ContractHeader Header, EnumModel Enum) : EmitPart(Header, "Models." + Enum.Name);

/// <summary>The client class.</summary>
/// <param name="Header">The contract-wide facts.</param>
/// <param name="Operations">The operations.</param>
public sealed record ClientPart(ContractHeader Header, EquatableArray<OperationModel> Operations) : EmitPart(Header, "Client");

/// <summary>A contract-wide support file: options, exception or JSON helpers.</summary>
/// <param name="Header">The contract-wide facts.</param>
/// <param name="Kind">Which support file.</param>
public sealed record SupportPart(ContractHeader Header, SupportKind Kind) : EmitPart(Header, Kind.ToString());

/// <summary>The contract-wide support files.</summary>
public enum SupportKind
{
    /// <summary>The client options class.</summary>
    Options,

    /// <summary>The API exception classes.</summary>
    Exception,

    /// <summary>The JSON helpers (<c>Runtime/Json.cs</c>).</summary>
    Json,

    /// <summary>The client's send pipeline (<c>Runtime/Client.Transport.cs</c>).</summary>
    Transport,

    /// <summary>The client's credential redaction and request-safety checks (<c>Runtime/Client.Safety.cs</c>).</summary>
    Safety,

    /// <summary>The settings every client has (<c>Runtime/Options.cs</c>).</summary>
    Settings,

    /// <summary>Form, multipart and stream bodies (<c>Runtime/Client.Bodies.cs</c>), for contracts that send them.</summary>
    Bodies,

    /// <summary>The rule attribute, the request validation exception and the request checks.</summary>
    Rules,

    /// <summary>The rule engine, FiniGen's own <c>ConstraintChecks</c> source.</summary>
    RuleEngine,

    /// <summary>The types of the job waiters (options, progress, results, timeout).</summary>
    Jobs,
}

/// <summary>The dependency-injection registration, emitted when the compilation references Microsoft.Extensions.Http.</summary>
/// <param name="Header">The contract-wide facts.</param>
/// <param name="Configuration">Whether Microsoft.Extensions.Configuration is referenced too, for the overload that binds options.</param>
public sealed record HostingPart(ContractHeader Header, bool Configuration) : EmitPart(Header, "Hosting");

/// <summary>What the compilation references that hosting code needs.</summary>
/// <param name="Http">Whether <c>IHttpClientFactory</c> registration (Microsoft.Extensions.Http) is available.</param>
/// <param name="Configuration">Whether <c>IConfiguration</c> is available.</param>
public sealed record HostingFacts(bool Http, bool Configuration);
