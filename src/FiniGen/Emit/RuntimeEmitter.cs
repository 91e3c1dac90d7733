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

    private static string Load(string name)
    {
        using var stream = typeof(RuntimeEmitter).Assembly.GetManifestResourceStream("FiniGen.Runtime." + name)
            ?? throw new InvalidOperationException("The runtime file " + name + " is missing from FiniGen.dll.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Replace("\r\n", "\n");
        var start = text.IndexOf(NamespaceLine, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("The runtime file " + name + " has no '" + NamespaceLine.Trim() + "' line.");
        }

        return text.Substring(start + NamespaceLine.Length).Trim('\n');
    }
}
