namespace FiniGen.Emit;

/// <summary>
/// Emits the contract's fact attributes (which the analyzers read back, from source or from a referenced assembly),
/// the assembly's FiniGen marker, the request-validation exception and the request checks.
/// </summary>
internal static class ValidationEmitter
{
    /// <summary>The <c>AssemblyMetadata</c> key that tells an analyzer an assembly holds a FiniGen client (its value: the client's name).</summary>
    public const string ClientMarker = "FiniGen.Client";

    public static void Emit(EmitContext context, SourceWriter writer)
    {
        var header = context.Header;
        var exception = header.BaseName + "RequestValidationException";
        var generated = context.GeneratedCodeAttribute;
        context.WriteFileHeader(writer, fileScopedNamespace: false);
        writer.WriteLines($$"""
            // An app that references this assembly (a library holding the client) gets FiniGen's checks at its own call
            // sites: its analyzers find the client by this marker and read the rules from the attributes below.
            [assembly: global::System.Reflection.AssemblyMetadata("{{ClientMarker}}", "{{header.Namespace}}.{{header.ClientName}}")]

            namespace {{header.Namespace}}
            {
                internal static partial class {{context.JsonName}}
                {
                    /// <summary>
                    /// A constraint of the contract on the value of a generated member, for FiniGen's analyzers, which check values
                    /// known at compile time; the client checks the same rules (its static <see cref="{{context.ConstraintRule}}"/>
                    /// fields) before it sends a request.
                    /// </summary>
                    {{generated}}
                    [global::System.AttributeUsage(global::System.AttributeTargets.Property | global::System.AttributeTargets.Parameter | global::System.AttributeTargets.Struct, AllowMultiple = true)]
                    internal sealed class FiniGenRuleAttribute : global::System.Attribute
                    {
                        /// <summary>Creates the rule.</summary>
                        /// <param name="kind">What the rule says.</param>
                        /// <param name="arguments">Its arguments: the format's name, the pattern, the count or bound, or the enum's values.</param>
                        public FiniGenRuleAttribute({{context.RuleKind}} kind, params string[] arguments)
                        {
                            Kind = kind;
                            Arguments = arguments;
                        }

                        /// <summary>What the rule says.</summary>
                        public {{context.RuleKind}} Kind { get; }

                        /// <summary>Its arguments.</summary>
                        public string[] Arguments { get; }

                        /// <summary>Whether the rule applies to each item of a list.</summary>
                        public bool Items { get; set; }

                        /// <summary>The wire name of the discriminator the rule depends on, if any.</summary>
                        public string? When { get; set; }

                        /// <summary>The values of <see cref="When"/> for which the rule holds.</summary>
                        public string[]? WhenValues { get; set; }
                    }

                    /// <summary>Marks the member whose value selects which conditional rules hold (the contract's discriminator).</summary>
                    {{generated}}
                    [global::System.AttributeUsage(global::System.AttributeTargets.Property)]
                    internal sealed class FiniGenDiscriminatorAttribute : global::System.Attribute
                    {
                        /// <summary>Creates the marker.</summary>
                        /// <param name="wireName">The member's wire name, as conditional rules name it.</param>
                        public FiniGenDiscriminatorAttribute(string wireName) => WireName = wireName;

                        /// <summary>The member's wire name.</summary>
                        public string WireName { get; }

                        /// <summary>The value the server assumes when the member is left out, if the contract gives one.</summary>
                        public string? Default { get; set; }
                    }

                    /// <summary>Gives a member of a generated enum its wire value.</summary>
                    {{generated}}
                    [global::System.AttributeUsage(global::System.AttributeTargets.Property)]
                    internal sealed class FiniGenEnumValueAttribute : global::System.Attribute
                    {
                        /// <summary>Creates the value.</summary>
                        /// <param name="value">The wire value.</param>
                        public FiniGenEnumValueAttribute(string value) => Value = value;

                        /// <summary>The wire value.</summary>
                        public string Value { get; }
                    }

                    /// <summary>Marks an operation whose result must be used (<c>x-finigen-result-must-be-used</c>).</summary>
                    {{generated}}
                    [global::System.AttributeUsage(global::System.AttributeTargets.Method)]
                    internal sealed class FiniGenMustUseResultAttribute : global::System.Attribute
                    {
                        /// <summary>Creates the marker.</summary>
                        /// <param name="reason">Why the result must be used.</param>
                        public FiniGenMustUseResultAttribute(string reason) => Reason = reason;

                        /// <summary>Why the result must be used.</summary>
                        public string Reason { get; }
                    }

                    /// <summary>Marks the credential setting, with what a real credential looks like.</summary>
                    {{generated}}
                    [global::System.AttributeUsage(global::System.AttributeTargets.Property)]
                    internal sealed class FiniGenSecretAttribute : global::System.Attribute
                    {
                        /// <summary>Creates the marker.</summary>
                        /// <param name="pattern">The pattern real credentials match (<c>x-finigen-secret-pattern</c>), if any.</param>
                        /// <param name="variable">The environment variable that conventionally holds one (<c>x-finigen-secret-variable</c>), if any.</param>
                        public FiniGenSecretAttribute(string? pattern, string? variable)
                        {
                            Pattern = pattern;
                            Variable = variable;
                        }

                        /// <summary>The pattern real credentials match, if any.</summary>
                        public string? Pattern { get; }

                        /// <summary>The environment variable that conventionally holds one, if any.</summary>
                        public string? Variable { get; }
                    }

                    /// <summary>Marks a model the contract uses in requests: only such models are checked.</summary>
                    {{generated}}
                    [global::System.AttributeUsage(global::System.AttributeTargets.Class)]
                    internal sealed class FiniGenRequestModelAttribute : global::System.Attribute
                    {
                    }
                }

                /// <summary>A request breaks a rule of the contract, or holds a value HTTP or JSON cannot carry; it was not sent.</summary>
                {{generated}}
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
                        : base(operationId + ": " + {{context.Qualified(header.BaseName + "ConstraintChecks")}}.Message(member, value, rule, condition, problem) + ".", member)
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

                /// <summary>Checks request values against the contract's rules with the rule engine, FiniGen's own.</summary>
                {{generated}}
                internal static class {{header.BaseName}}Validation
                {
                    internal static void CheckString(string operationId, string member, string value, {{context.ConstraintRule}} rule)
                    {
                        if ({{context.Qualified(header.BaseName + "ConstraintChecks")}}.StringViolation(rule, value) is { } problem)
                        {
                            throw new {{exception}}(operationId, member, value, rule.Describe, rule.Condition, problem);
                        }
                    }

                    internal static void CheckCount(string operationId, string member, int count, {{context.ConstraintRule}} rule)
                    {
                        if ({{context.Qualified(header.BaseName + "ConstraintChecks")}}.CountViolation(rule, count) is { } problem)
                        {
                            throw new {{exception}}(operationId, member, count.ToString({{EmitContext.CultureInfo}}.InvariantCulture) + " items", rule.Describe, rule.Condition, problem);
                        }
                    }

                    internal static void CheckNumber(string operationId, string member, decimal value, {{context.ConstraintRule}} rule)
                    {
                        if ({{context.Qualified(header.BaseName + "ConstraintChecks")}}.NumberViolation(rule, value) is { } problem)
                        {
                            throw new {{exception}}(operationId, member, value.ToString({{EmitContext.CultureInfo}}.InvariantCulture), rule.Describe, rule.Condition, problem);
                        }
                    }

                    internal static void CheckNumber(string operationId, string member, double value, {{context.ConstraintRule}} rule)
                    {
                        var clamped = double.IsNaN(value) ? 0m : value >= (double)decimal.MaxValue ? decimal.MaxValue : value <= (double)decimal.MinValue ? decimal.MinValue : (decimal)value;
                        if ({{context.Qualified(header.BaseName + "ConstraintChecks")}}.NumberViolation(rule, clamped) is { } problem)
                        {
                            throw new {{exception}}(operationId, member, value.ToString("R", {{EmitContext.CultureInfo}}.InvariantCulture), rule.Describe, rule.Condition, problem);
                        }
                    }
                }
            }
            """);
    }
}
