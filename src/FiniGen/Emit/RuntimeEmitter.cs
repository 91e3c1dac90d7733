using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text.RegularExpressions;

namespace FiniGen.Emit;

/// <summary>
/// Emits the fixed runtime of a client (the send pipeline, its safety checks, the JSON plumbing): FiniGen's own C#
/// files under <c>Runtime/</c>, embedded in FiniGen.dll, written out with their placeholder names replaced by the
/// contract's. Being real source, that code is read, reviewed and refactored as code, not as string literals.
/// </summary>
internal static class RuntimeEmitter
{
    /// <summary>The start of the code proper in every runtime file; what comes before it is the file's own comment.</summary>
    private const string NamespaceLine = "namespace FiniGen.Runtime;\n";

    private static readonly ConcurrentDictionary<string, string> s_files = new(StringComparer.Ordinal);

    // Placeholder names in the runtime files. Matched as whole identifiers, so that RuntimeOptions never matches
    // inside another name.
    private static readonly Regex s_placeholders = new(@"\b(RuntimeClient|RuntimeOptions|RuntimeApiException|RuntimeJson|RuntimeValidationException|RUNTIME_VERSION)\b", RegexOptions.CultureInvariant);

    /// <summary>Writes the runtime file <paramref name="name"/> (for example <c>Json.cs</c>) for the contract of <paramref name="context"/>.</summary>
    public static void Emit(EmitContext context, string name, SourceWriter writer)
    {
        context.WriteFileHeader(writer);
        var text = s_files.GetOrAdd(name, Load);
        var header = context.Header;
        writer.WriteLines(s_placeholders.Replace(text, match => match.Value switch
        {
            "RuntimeClient" => header.ClientName,
            "RuntimeOptions" => context.OptionsName,
            "RuntimeApiException" => context.ApiExceptionName,
            "RuntimeJson" => context.JsonName,
            "RuntimeValidationException" => header.BaseName + "RequestValidationException",
            _ => SourceEmitter.ToolVersion,
        }));
    }

    // The shared rule files: compiled into FiniGen (the analyzers and the model use them) and emitted into clients.
    private static readonly Regex s_ruleNames = new(@"\b(RuleKind|RuleSubject|ConstraintRule|ConstraintChecks)\b", RegexOptions.CultureInvariant);

    /// <summary>
    /// Writes FiniGen's rule engine (<c>Rules/RuleKind.cs</c> and <c>Rules/ConstraintChecks.cs</c>, the very files the
    /// analyzers are compiled from) for the contract of <paramref name="context"/>, its types prefixed with the
    /// contract's base name, so that the analyzers and the client agree on every rule by construction.
    /// </summary>
    public static void EmitRules(EmitContext context, SourceWriter writer)
    {
        context.WriteFileHeader(writer);
        writer.WriteLine("#pragma warning disable CS8524 // Switches over the rule kinds name every kind; see ConstraintChecks.");
        writer.WriteLine();
        var prefix = context.Header.BaseName;
        foreach (var name in new[] { "RuleKind.cs", "ConstraintChecks.cs" })
        {
            var text = s_files.GetOrAdd("Rules/" + name, _ => Load("FiniGen.Rules." + name, "namespace FiniGen.Rules;\n"));
            writer.WriteLines(s_ruleNames.Replace(text, match => prefix + match.Value));
            writer.WriteLine();
        }
    }

    private static string Load(string name) => Load("FiniGen.Runtime." + name, NamespaceLine);

    private static string Load(string resource, string namespaceLine)
    {
        using var stream = typeof(RuntimeEmitter).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("The embedded file " + resource + " is missing from FiniGen.dll.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Replace("\r\n", "\n");
        var start = text.IndexOf(namespaceLine, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("The embedded file " + resource + " has no '" + namespaceLine.Trim() + "' line.");
        }

        return text.Substring(start + namespaceLine.Length).Trim('\n');
    }
}
