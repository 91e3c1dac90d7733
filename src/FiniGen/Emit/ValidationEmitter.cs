using System;
using System.IO;
using System.Text.RegularExpressions;

namespace FiniGen.Emit;

/// <summary>Emits the rule attribute, the rule engine and the request checks shared by one contract's generated code.</summary>
internal static class ValidationEmitter
{
    private static readonly Lazy<string> s_engine = new(() =>
    {
        using var stream = typeof(ValidationEmitter).Assembly.GetManifestResourceStream("FiniGen.Rules.ConstraintChecks.cs")
            ?? throw new InvalidOperationException("The rule engine resource is missing from FiniGen.dll.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    });

    public static void Emit(EmitContext context, SourceWriter writer)
    {
        var header = context.Header;
        var engine = header.BaseName + "ConstraintChecks";
        var validation = header.BaseName + "Validation";
        var exception = header.BaseName + "RequestValidationException";
        context.WriteFileHeader(writer);
        writer.WriteLines($$"""
            internal static partial class {{context.JsonName}}
            {
                /// <summary>
                /// A rule of the contract on the value of a generated member. FiniGen's analyzers read these attributes to check
                /// values at compile time; the generated client checks the same rules before it sends a request.
                /// </summary>
                {{context.GeneratedCodeAttribute}}
                [global::System.AttributeUsage(global::System.AttributeTargets.Property | global::System.AttributeTargets.Parameter | global::System.AttributeTargets.Method | global::System.AttributeTargets.Struct, AllowMultiple = true)]
                internal sealed class FiniGenRuleAttribute : global::System.Attribute
                {
                    /// <summary>Creates the rule.</summary>
                    /// <param name="kind">The rule: format, pattern, minLength, maxLength, enum, minItems, maxItems, minimum, maximum, exclusiveMinimum, exclusiveMaximum, value, default, discriminator, mustUseResult, secretPattern or secretVariable.</param>
                    /// <param name="argument">Its argument.</param>
                    public FiniGenRuleAttribute(string kind, string argument)
                    {
                        Kind = kind;
                        Argument = argument;
                    }

                    /// <summary>The rule.</summary>
                    public string Kind { get; }

                    /// <summary>Its argument.</summary>
                    public string Argument { get; }

                    /// <summary>Whether the rule applies to each item of a list.</summary>
                    public bool Items { get; set; }

                    /// <summary>The wire name of the sibling member the rule depends on, if any.</summary>
                    public string? When { get; set; }

                    /// <summary>The values of <see cref="When"/> for which the rule holds.</summary>
                    public string[]? WhenValues { get; set; }
                }
            }

            /// <summary>A request breaks a rule of the contract, or holds a value HTTP or JSON cannot carry; it was not sent.</summary>
            {{context.GeneratedCodeAttribute}}
            public sealed partial class {{exception}} : global::System.ArgumentException
            {
                /// <summary>Creates the exception.</summary>
                /// <param name="operationId">The operation.</param>
                /// <param name="member">The member, for example <c>request.documentIdsToAdd[0]</c>.</param>
                /// <param name="value">The value that breaks the rule.</param>
                /// <param name="rule">The rule, for example <c>format uri</c>.</param>
                /// <param name="condition">When the rule holds, for example <c>source is 'web'</c>; null if always.</param>
                /// <param name="problem">What is wrong with the value.</param>
                public {{exception}}(string operationId, string member, string value, string rule, string? condition, string problem)
                    : base(operationId + ": " + member + " = '" + value + "' breaks the contract (" + rule + (condition is null ? string.Empty : ", when " + condition) + "): " + problem + ".", member)
                {
                    OperationId = operationId;
                    Member = member;
                    Value = value;
                    Rule = rule;
                    Condition = condition;
                    Problem = problem;
                }

                /// <summary>Creates the exception for a value that HTTP or JSON cannot carry as given, whatever the contract says.</summary>
                /// <param name="operationId">The operation.</param>
                /// <param name="member">The member, for example <c>request.documents[0].title</c> or a header's name.</param>
                /// <param name="value">The value, with characters that cannot be shown escaped.</param>
                /// <param name="rule">What the value must be, for example <c>HTTP header value</c>.</param>
                /// <param name="problem">What is wrong with the value.</param>
                public {{exception}}(string operationId, string member, string value, string rule, string problem)
                    : base(operationId + ": " + member + " = '" + value + "' cannot be sent (" + rule + "): " + problem + ".", member)
                {
                    OperationId = operationId;
                    Member = member;
                    Value = value;
                    Rule = rule;
                    Problem = problem;
                }

                /// <summary>The operation.</summary>
                public string OperationId { get; }

                /// <summary>The member, for example <c>request.documentIdsToAdd[0]</c>.</summary>
                public string Member { get; }

                /// <summary>The value that breaks the rule.</summary>
                public string Value { get; }

                /// <summary>The rule, for example <c>format uri</c>.</summary>
                public string Rule { get; }

                /// <summary>When the rule holds, for example <c>source is 'web'</c>; null if always.</summary>
                public string? Condition { get; }

                /// <summary>What is wrong with the value.</summary>
                public string Problem { get; }
            }

            /// <summary>Checks request values against the contract's rules with <see cref="{{engine}}"/>.</summary>
            {{context.GeneratedCodeAttribute}}
            internal static class {{validation}}
            {
                internal static void CheckString(string operationId, string member, string value, string kind, string argument, string? condition)
                {
                    if ({{engine}}.StringViolation(kind, argument, value) is { } problem)
                    {
                        throw new {{exception}}(operationId, member, value, kind == "enum" ? "enum" : kind + " " + argument, condition, problem);
                    }
                }

                internal static void CheckCount(string operationId, string member, int count, string kind, string argument, string? condition)
                {
                    if ({{engine}}.CountViolation(kind, argument, count) is { } problem)
                    {
                        throw new {{exception}}(operationId, member, count.ToString({{EmitContext.CultureInfo}}.InvariantCulture) + " items", kind + " " + argument, condition, problem);
                    }
                }

                internal static void CheckNumber(string operationId, string member, decimal value, string kind, string argument, string? condition)
                {
                    if ({{engine}}.NumberViolation(kind, argument, value) is { } problem)
                    {
                        throw new {{exception}}(operationId, member, value.ToString({{EmitContext.CultureInfo}}.InvariantCulture), kind + " " + argument, condition, problem);
                    }
                }

                internal static void CheckNumber(string operationId, string member, double value, string kind, string argument, string? condition)
                {
                    var clamped = double.IsNaN(value) ? 0m : value >= (double)decimal.MaxValue ? decimal.MaxValue : value <= (double)decimal.MinValue ? decimal.MinValue : (decimal)value;
                    if ({{engine}}.NumberViolation(kind, argument, clamped) is { } problem)
                    {
                        throw new {{exception}}(operationId, member, value.ToString("R", {{EmitContext.CultureInfo}}.InvariantCulture), kind + " " + argument, condition, problem);
                    }
                }
            }

            """);
    }

    public static void EmitEngine(EmitContext context, SourceWriter writer)
    {
        var engine = context.Header.BaseName + "ConstraintChecks";
        context.WriteFileHeader(writer, fileScopedNamespace: false);

        // The engine is FiniGen's own source file, so the analyzers and the client agree on every rule by construction.
        var body = s_engine.Value;
        body = Regex.Replace(body, @"namespace FiniGen\.Rules\s*\{", "namespace " + context.Namespace + "\n{");
        body = body.Replace("internal static class ConstraintChecks", "[global::System.CodeDom.Compiler.GeneratedCode(\"FiniGen\", \"" + SourceEmitter.ToolVersion + "\")]\n    internal static class " + engine);
        body = body.Replace("#nullable enable\n", string.Empty);
        var start = body.IndexOf("\nnamespace ", StringComparison.Ordinal) + 1;
        writer.WriteLines(body.Substring(start).TrimEnd());
    }
}
