using System;
using FiniGen.Common;

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
public sealed record ObjectModel(
    string Name,
    string SchemaName,
    string? Description,
    EquatableArray<PropertyModel> Properties,
    string ExtensionDataName,
    TypeRefModel ExtensionDataType,
    bool Deprecated);

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
/// <param name="Kind">format, pattern, minLength, maxLength, enum, minItems, maxItems, minimum, maximum, exclusiveMinimum or exclusiveMaximum.</param>
/// <param name="Argument">The rule's argument; enum values are separated by new lines.</param>
/// <param name="Items">Whether the rule applies to each item of an array rather than to the array.</param>
/// <param name="WhenMember">For a rule that holds only for some discriminator values: the discriminator's wire name.</param>
/// <param name="WhenValues">The discriminator values for which the rule holds.</param>
public sealed record RuleModel(string Kind, string Argument, bool Items, string? WhenMember, EquatableArray<string> WhenValues)
{
    /// <summary>Whether the rule is about a number rather than a string or a count.</summary>
    public bool IsNumeric => Kind is "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum";

    /// <summary>Whether the rule is about the number of items.</summary>
    public bool IsCount => Kind is "minItems" or "maxItems";
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
