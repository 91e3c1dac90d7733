using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using FiniGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FiniGen.Analyzers;

/// <summary>
/// FG1008: a hard-coded credential. Precision first: a string that merely matches the contract's secret pattern is an
/// ordinary identifier (<c>"fini_workspace_settings"</c>, a metric name) unless it goes where a credential goes (the
/// client's credential setting) or cannot be told from a real credential (it has a random-looking segment).
/// </summary>
internal static class Credentials
{
    /// <summary>One client's credential: the pattern real ones match, the variable that holds one, and the API's name.</summary>
    internal sealed class Credential
    {
        public Credential(Regex pattern, string api, string variable, IPropertySymbol setting)
        {
            Pattern = pattern;
            Api = api;
            Variable = variable;
            Setting = setting;
        }

        public Regex Pattern { get; }

        public string Api { get; }

        public string Variable { get; }

        public IPropertySymbol Setting { get; }
    }

    /// <summary>The credentials of the clients the compilation can see, each with a secret pattern.</summary>
    public static List<Credential> Of(List<INamedTypeSymbol> clients, ContractFacts facts)
    {
        var credentials = new List<Credential>();
        foreach (var client in clients)
        {
            if (client.GetMembers("Options").OfType<IPropertySymbol>().FirstOrDefault()?.Type is not INamedTypeSymbol options)
            {
                continue;
            }

            foreach (var property in options.GetMembers().OfType<IPropertySymbol>())
            {
                if (facts.Of(property).Secret is not { Pattern: { } pattern } secret)
                {
                    continue;
                }

                try
                {
                    var variable = secret.Variable ?? (options.Name + "_" + property.Name).ToUpperInvariant();
                    credentials.Add(new Credential(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)), options.Name.Replace("ClientOptions", string.Empty), variable, property));
                }
                catch (ArgumentException)
                {
                    // A pattern .NET cannot parse checks nothing; the contract is where to fix it.
                }
            }
        }

        return credentials;
    }

    public static void Check(OperationAnalysisContext context, List<Credential> credentials, ContractFacts facts)
    {
        if (context.Operation.ConstantValue is not { HasValue: true, Value: string text } || text.Length == 0 || text.Length > 512)
        {
            return;
        }

        var setting = Setting(context.Operation, facts);
        foreach (var credential in credentials)
        {
            bool matches;
            try
            {
                matches = credential.Pattern.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (matches && (setting is not null || LooksGenerated(text)))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.HardCodedCredential,
                    context.Operation.Syntax.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(ContractUsageAnalyzer.FixExpressionProperty, "global::System.Environment.GetEnvironmentVariable(\"" + credential.Variable + "\") ?? throw new global::System.InvalidOperationException(\"Set the " + credential.Variable + " environment variable.\")"),
                    credential.Api,
                    credential.Pattern.ToString()));
                return;
            }
        }
    }

    /// <summary>The credential setting <paramref name="literal"/> is assigned to (through conversions and <c>??</c>), or null.</summary>
    private static IPropertySymbol? Setting(IOperation literal, ContractFacts facts)
    {
        var current = literal;
        while (current.Parent is IConversionOperation or IParenthesizedOperation or ICoalesceOperation)
        {
            current = current.Parent;
        }

        return current.Parent is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } assignment
            && assignment.Value == current && facts.Of(property).Secret is not null
            ? property
            : null;
    }

    /// <summary>
    /// Whether <paramref name="text"/> cannot be told from a generated credential: one of its segments (between
    /// <c>_</c>, <c>-</c>, <c>.</c> and <c>:</c>) has 12 characters or more and mixes letters with digits, or lower case
    /// with upper case. Words joined by underscores, as identifiers and metric names are, do not.
    /// </summary>
    internal static bool LooksGenerated(string text)
    {
        foreach (var segment in text.Split('_', '-', '.', ':'))
        {
            if (segment.Length < 12)
            {
                continue;
            }

            bool lower = false, upper = false, digit = false;
            foreach (var c in segment)
            {
                lower |= c is >= 'a' and <= 'z';
                upper |= c is >= 'A' and <= 'Z';
                digit |= c is >= '0' and <= '9';
            }

            if ((digit && (lower || upper)) || (lower && upper))
            {
                return true;
            }
        }

        return false;
    }
}
