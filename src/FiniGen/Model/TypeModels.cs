using System;
using FiniGen.Common;
using FiniGen.Rules;

namespace FiniGen.Model;

/// <summary>The shape of a value, as the emitter needs it to declare, read and write it.</summary>
/// <param name="Kind">The kind of value.</param>
/// <param name="Name">The generated type name for <see cref="TypeKind.Object"/> and <see cref="TypeKind.Enum"/>.</param>
/// <param name="Item">The element type of arrays and the value type of maps.</param>
/// <param name="IsNullable">Whether the contract allows <c>null</c> for the value.</param>
public sealed record TypeRefModel(TypeKind Kind, string? Name, TypeRefModel? Item, bool IsNullable)
{
    /// <summary>This type with <see cref="IsNullable"/> set.</summary>
    public TypeRefModel AsNullable() => IsNullable ? this : this with { IsNullable = true };

    /// <summary>Whether the C# type is a value type (its nullable form is <c>Nullable&lt;T&gt;</c>).</summary>
    public bool IsValueType => Kind switch
    {
        TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal
            or TypeKind.DateTimeOffset or TypeKind.Date or TypeKind.Any or TypeKind.Enum or TypeKind.IntegerEnum => true,
        _ => false,
    };
}

/// <summary>The kinds of values a contract can describe.</summary>
public enum TypeKind
{
    /// <summary><c>string</c>.</summary>
    String,

    /// <summary><c>bool</c>.</summary>
    Boolean,

    /// <summary><c>int</c> (<c>integer</c>, <c>int32</c>).</summary>
    Int32,

    /// <summary><c>long</c> (<c>int64</c>).</summary>
    Int64,

    /// <summary><c>float</c>.</summary>
    Single,

    /// <summary><c>double</c> (<c>number</c>).</summary>
    Double,

    /// <summary><c>decimal</c> (<c>format: decimal</c>).</summary>
    Decimal,

    /// <summary><c>DateTimeOffset</c> (<c>format: date-time</c>).</summary>
    DateTimeOffset,

    /// <summary><c>DateOnly</c> (<c>format: date</c>).</summary>
    Date,

    /// <summary><c>byte[]</c> (<c>format: byte</c> or <c>binary</c>): base64 in JSON, raw octets in a multipart file part.</summary>
    Bytes,

    /// <summary>Any JSON value, kept as <c>JsonElement</c>.</summary>
    Any,

    /// <summary>A generated class.</summary>
    Object,

    /// <summary>A generated open enumeration of strings.</summary>
    Enum,

    /// <summary>A generated open enumeration of integers.</summary>
    IntegerEnum,

    /// <summary><c>IList&lt;T&gt;</c>.</summary>
    Array,

    /// <summary><c>IDictionary&lt;string, T&gt;</c>.</summary>
    Map,
}

/// <summary>An object schema, generated as a class.</summary>
/// <param name="Name">The C# class name.</param>
/// <param name="SchemaName">The name in the contract (component key or synthesized path).</param>
/// <param name="Description">The schema's description.</param>
/// <param name="Properties">The properties, in contract order.</param>
/// <param name="ExtensionDataName">The name of the property that keeps members the contract does not declare.</param>
/// <param name="ExtensionDataType">The value type of that property (<see cref="TypeKind.Any"/> unless the contract types <c>additionalProperties</c>).</param>
/// <param name="Deprecated">Whether the schema is deprecated.</param>
/// <param name="Discriminator">The member whose value selects which conditional rules hold, if the schema names one.</param>
/// <param name="IsRequest">
/// Whether the contract uses the schema in a request (a request body, a parameter, or an object nested in one). Only
/// such models carry rules and are checked, by the analyzers and before sending: a model that is only ever received
/// (and built in unit tests as a fake) is the server's data, not something a caller can get wrong.
/// </param>
public sealed record ObjectModel(
    string Name,
    string SchemaName,
    string? Description,
    EquatableArray<PropertyModel> Properties,
    string ExtensionDataName,
    TypeRefModel ExtensionDataType,
    bool Deprecated,
    DiscriminatorModel? Discriminator = null,
    bool IsRequest = false);

/// <summary>The member of an object schema that selects which of its conditional rules hold (OpenAPI's <c>discriminator</c>).</summary>
/// <param name="WireName">Its wire name, as conditional rules name it.</param>
/// <param name="PropertyName">Its C# property name.</param>
/// <param name="DefaultValue">The value the server assumes when the member is left out (the contract's string default), or null.</param>
public sealed record DiscriminatorModel(string WireName, string PropertyName, string? DefaultValue);

/// <summary>A property of an object schema.</summary>
/// <param name="Name">The C# property name.</param>
/// <param name="JsonName">The wire name.</param>
/// <param name="Type">The value's type; <see cref="TypeRefModel.IsNullable"/> says whether <c>null</c> is allowed on the wire.</param>
/// <param name="Required">Whether the contract lists the property as required.</param>
/// <param name="Description">The property's description.</param>
/// <param name="DefaultJson">The contract default, as JSON text, for documentation.</param>
/// <param name="Deprecated">Whether the property is deprecated.</param>
/// <param name="Rules">The constraints the contract states for the value, some conditional on a discriminator.</param>
public sealed record PropertyModel(
    string Name,
    string JsonName,
    TypeRefModel Type,
    bool Required,
    string? Description,
    string? DefaultJson,
    bool Deprecated,
    EquatableArray<RuleModel> Rules);

/// <summary>One constraint of the contract on a value (see <c>Rules/ConstraintChecks.cs</c> for what each kind means).</summary>
/// <param name="Kind">What the rule says.</param>
/// <param name="Arguments">Its arguments: the format's name, the pattern, the count or bound as invariant text, or the enum's values.</param>
/// <param name="Items">Whether the rule applies to each item of an array rather than to the array.</param>
/// <param name="WhenMember">For a rule that holds only for some discriminator values: the discriminator's wire name.</param>
/// <param name="WhenValues">The discriminator values for which the rule holds.</param>
public sealed record RuleModel(RuleKind Kind, EquatableArray<string> Arguments, bool Items, string? WhenMember, EquatableArray<string> WhenValues)
{
    /// <summary>What kind of value the rule is about.</summary>
    public RuleSubject Subject => ConstraintRule.SubjectOf(Kind);
}

/// <summary>An enumeration, generated as an open struct: unknown values read from the wire are kept.</summary>
/// <param name="Name">The C# type name.</param>
/// <param name="SchemaName">The name in the contract.</param>
/// <param name="Description">The schema's description.</param>
/// <param name="IsInteger">Whether the values are integers rather than strings.</param>
/// <param name="Members">The known values.</param>
/// <param name="DefaultJson">The contract default, as JSON text, if any.</param>
public sealed record EnumModel(
    string Name,
    string SchemaName,
    string? Description,
    bool IsInteger,
    EquatableArray<EnumMemberModel> Members,
    string? DefaultJson);

/// <summary>One known value of an enumeration.</summary>
/// <param name="Name">The C# member name.</param>
/// <param name="Value">The wire value (a string, or an integer's invariant text).</param>
public sealed record EnumMemberModel(string Name, string Value);

/// <summary>Names a type reference for messages: <c>string</c>, <c>Document</c>, <c>IList&lt;string&gt;</c>.</summary>
internal static class TypeRefDisplay
{
    public static string Describe(TypeRefModel type) => type.Kind switch
    {
        TypeKind.Object or TypeKind.Enum or TypeKind.IntegerEnum => type.Name ?? "?",
        TypeKind.Array => "array of " + Describe(type.Item ?? throw new InvalidOperationException("array without item")),
        TypeKind.Map => "map of " + Describe(type.Item ?? throw new InvalidOperationException("map without value")),
        _ => type.Kind.ToString(),
    };
}
