using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using FiniGen.Common;
using FiniGen.Diagnostics;
using FiniGen.Model;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace FiniGen.Contract;

/// <summary>
/// Reads a contract into a <see cref="ContractResult"/>. This is the only place that touches Microsoft.OpenApi types,
/// and none of them leaves it.
/// </summary>
public static class ContractReader
{
    /// <summary>Reads <paramref name="input"/>. Never throws, except when <paramref name="cancellationToken"/> is cancelled.</summary>
    public static ContractResult Read(ContractInput input, CancellationToken cancellationToken)
    {
        var entry = input.Entry;
        try
        {
            return ReadCore(input, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            var assembly = exception switch
            {
                FileNotFoundException notFound => notFound.FileName,
                FileLoadException loadFailure => loadFailure.FileName,
                TypeLoadException typeLoad => typeLoad.TypeName,
                _ => null,
            } ?? "Microsoft.OpenApi";
            var info = new DiagnosticInfo(
                DiagnosticDescriptors.DependencyLoadFailureId,
                new LocationInfo(entry.Path, 0, 0, 0, 0, 0, 0),
                EquatableArray.From(new[] { assembly, Naming.FileName(entry.Path), exception.GetType().Name + ": " + exception.Message.TrimEnd('.') }));
            return new ContractResult(null, EquatableArray.From(new[] { info }), entry.Path);
        }
        catch (Exception exception)
        {
            // A throwing generator is CS8785 and takes the whole generator down; report the contract instead.
            var info = new DiagnosticInfo(
                DiagnosticDescriptors.InternalErrorId,
                new LocationInfo(entry.Path, 0, 0, 0, 0, 0, 0),
                EquatableArray.From(new[] { Naming.FileName(entry.Path), exception.GetType().Name + ": " + exception.Message }));
            return new ContractResult(null, EquatableArray.From(new[] { info }), entry.Path);
        }
    }

    // Rules of the OpenAPI specification whose breach leaves the client FiniGen generates correct: they warn (FG0008).
    private static readonly HashSet<string> s_rulesThatWarn = new(StringComparer.Ordinal) { "PathMustBeUnique", "ResponsesMustContainAtLeastOneResponse", "ValidateSchemaDiscriminator" };

    /// <summary>Whether an error is the reader's failed attempt to load a file that is not one of the project's FiniGen files (<c>[File: name] ...</c>).</summary>
    private static bool NamesNoProjectFile(string message, ContractInput input)
    {
        const string Prefix = "[File: ";
        var end = message.IndexOf(']');
        if (!message.StartsWith(Prefix, StringComparison.Ordinal) || end < 0)
        {
            return false;
        }

        var name = message.Substring(Prefix.Length, end - Prefix.Length).Trim();
        return !input.Files.Any(f => f.Path.Replace('\\', '/').EndsWith("/" + name.Replace('\\', '/').TrimStart('.', '/'), StringComparison.OrdinalIgnoreCase)
            || string.Equals(Naming.FileName(f.Path), name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads <paramref name="input"/> without the FG0099 safety net, so that tests (the fuzzer) see every exception with its stack.</summary>
    internal static ContractResult ReadWithoutSafetyNet(ContractInput input, CancellationToken cancellationToken) => ReadCore(input, cancellationToken);

    // Kept out of line so that a missing Microsoft.OpenApi assembly fails when this method is compiled, inside Read's
    // try block, rather than when Read itself is.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ContractResult ReadCore(ContractInput input, CancellationToken cancellationToken)
    {
        var entry = input.Entry;
        var diagnostics = new List<DiagnosticInfo>();
        // Encoded once: the position index reads JSON from these bytes and the OpenAPI reader reads them all.
        var utf8 = Encoding.UTF8.GetBytes(entry.Text);
        var index = PositionIndex.Build(entry.Path, entry.Text, out var indexError, utf8: utf8);
        if (indexError is not null)
        {
            return new ContractResult(null, EquatableArray.From(new[] { indexError }), entry.Path);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var locator = new Locator(entry, index);
        if (index.Problems.Count > 0)
        {
            // What the reader would throw on ("Object reference not set", "Value cannot be null or empty: referenceId") or
            // silently drop: an empty value or something else where a schema belongs, a $ref that names nothing. Each is
            // named here at its key, and nothing is generated until they are put right.
            return new ContractResult(
                null,
                EquatableArray.From(index.Problems.Select(problem => locator.Create(
                    DiagnosticDescriptors.ContractReadErrorId,
                    problem.Pointer,
                    locator.FileName,
                    problem.Message,
                    DisplayPointer(problem.Pointer))).ToArray()),
                entry.Path);
        }

        OpenApiDocument? document;
        OpenApiDiagnostic? readerDiagnostic;
        try
        {
            (document, readerDiagnostic) = Load(input, utf8, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The reader throws for documents it cannot start on (an unsupported version, a scalar document), and on
            // shapes the position index does not know to look for; the message may still name the place.
            return new ContractResult(
                null,
                EquatableArray.From(new[] { locator.CreateForReader(DiagnosticDescriptors.ContractReadErrorId, string.Empty, exception.Message, locator.FileName, exception.Message.TrimEnd('.'), "/") }),
                entry.Path);
        }

        cancellationToken.ThrowIfCancellationRequested();

        foreach (var error in readerDiagnostic?.Errors ?? Array.Empty<OpenApiError>())
        {
            // A broken rule of the specification (a discriminator property not listed as required, two paths with the same
            // signature, an operation without responses) and a failed attempt to load a file a value might name do not stop
            // FiniGen from generating correct code, so they warn (FG0008) instead of failing the build (FG0002). What the model
            // cannot do without (an unresolved $ref it uses) is reported as an error where it is used (FG0003).
            var pointer = PointerOf(error);
            if (error is OpenApiValidatorError rule && s_rulesThatWarn.Contains(rule.RuleName))
            {
                diagnostics.Add(locator.CreateForReader(DiagnosticDescriptors.ContractReadWarningId, pointer, error.Message, locator.FileName, error.Message.TrimEnd('.') + " (rule " + rule.RuleName + ")", DisplayPointer(pointer)));
            }
            else if (NamesNoProjectFile(error.Message, input))
            {
                diagnostics.Add(locator.CreateForReader(DiagnosticDescriptors.ContractReadWarningId, pointer, error.Message, locator.FileName, error.Message.TrimEnd('.'), DisplayPointer(pointer)));
            }
            else
            {
                var text = error.Message.TrimEnd('.') + (error is OpenApiValidatorError broken ? " (rule " + broken.RuleName + ")" : string.Empty);
                diagnostics.Add(locator.CreateForReader(DiagnosticDescriptors.ContractReadErrorId, pointer, error.Message, locator.FileName, text, DisplayPointer(pointer)));
            }
        }

        foreach (var warning in ReferenceCheck.Run(document).Concat(readerDiagnostic?.Warnings ?? Array.Empty<OpenApiError>()))
        {
            var pointer = PointerOf(warning);
            diagnostics.Add(locator.CreateForReader(DiagnosticDescriptors.ContractReadWarningId, pointer, warning.Message, locator.FileName, warning.Message.TrimEnd('.'), DisplayPointer(pointer)));
        }

        if (document is null || (document.Paths is null && document.Components is null))
        {
            if (diagnostics.Count == 0)
            {
                diagnostics.Add(locator.Create(DiagnosticDescriptors.ContractReadErrorId, string.Empty, locator.FileName, "the file is not an OpenAPI or Swagger document", "/"));
            }

            return new ContractResult(null, EquatableArray.From(diagnostics), entry.Path);
        }

        var builder = new ModelBuilder(document, entry, locator, diagnostics, cancellationToken);
        var model = builder.Build();

        // A schema reached from several places (a component's inline part met again through allOf) would otherwise
        // repeat the same warning at the same place; each distinct report is kept once, in the order first made.
        return new ContractResult(model, EquatableArray.From(diagnostics.Distinct().ToArray()), entry.Path);
    }

    // Some reader errors carry the place only in their text ("… is not a valid property at #/paths/~1a/get").
    private static string PointerOf(OpenApiError error)
    {
        var pointer = error.Pointer ?? string.Empty;

        // "[File: ./part.yaml] …" is about another file: its pointer means nothing in the entry contract.
        if (error.Message?.StartsWith("[File:", StringComparison.Ordinal) == true)
        {
            return string.Empty;
        }

        if (PositionIndex.Normalize(pointer).Length > 0 || error.Message is null)
        {
            return pointer;
        }

        var marker = error.Message.LastIndexOf(" at #/", StringComparison.Ordinal);
        return marker < 0 ? pointer : error.Message.Substring(marker + 4).Trim().TrimEnd('.');
    }

    internal static string DisplayPointer(string? pointer)
    {
        var normalized = PositionIndex.Normalize(pointer ?? string.Empty);
        return normalized.Length == 0 ? "/" : normalized;
    }

    private static (OpenApiDocument? Document, OpenApiDiagnostic? Diagnostic) Load(ContractInput input, byte[] utf8, CancellationToken cancellationToken)
    {
        var entry = input.Entry;
        // Microsoft.OpenApi's reference rule follows each $ref to its end anew, a Uri per step: a chain of 1,000
        // aliases cost it 1.3 GB, of 4,000 21.7 GB and 11 s. ReferenceCheck makes the same check once per reference.
        var rules = ValidationRuleSet.GetDefaultRuleSet();
        rules.Remove(ReferenceCheck.RuleName);
        var settings = new OpenApiReaderSettings
        {
            LoadExternalRefs = true,
            CustomExternalLoader = new AdditionalFileLoader(input.Files),
            BaseUrl = ToUri(entry.Path),
            RuleSet = rules,
        };
        settings.TryAddReader("yaml", new OpenApiYamlReader());
        settings.TryAddReader("yml", new OpenApiYamlReader());

        var format = FormatOf(entry.Path, entry.Text);
        using var stream = new MemoryStream(utf8, writable: false);

        // The loader answers from memory, so the task completes without any I/O wait; the generator API is synchronous.
        var result = Task.Run(() => OpenApiDocument.LoadAsync(stream, format, settings, cancellationToken), cancellationToken)
            .GetAwaiter()
            .GetResult();
        return (result.Document, result.Diagnostic);
    }

    internal static string FormatOf(string path, string text)
    {
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return "json";
        }

        if (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return "yaml";
        }

        return text.TrimStart().StartsWith("{", StringComparison.Ordinal) ? "json" : "yaml";
    }

    internal static Uri ToUri(string path)
        => new(path.Replace('\\', '/').StartsWith("/", StringComparison.Ordinal) ? "file://" + path.Replace('\\', '/') : "file:///" + path.Replace('\\', '/'));

    /// <summary>
    /// Microsoft.OpenApi's <c>OpenApiDocumentReferencesAreValid</c> rule, in time that grows with the number of references:
    /// each local schema <c>$ref</c> that leads to nothing (through any chain of references) is warned about, with the
    /// rule's own words and place. The rule reads <c>RecursiveTarget</c> for every reference, walking the chain behind
    /// it from the start each time; here every reference's answer is remembered. Cycles are left to the model
    /// builder, which names them at the <c>$ref</c> that closes them (FG0003).
    /// </summary>
    private sealed class ReferenceCheck : OpenApiVisitorBase
    {
        public const string RuleName = "OpenApiDocumentReferencesAreValid";

        private readonly Dictionary<OpenApiSchemaReference, bool> _resolves = new(IdentityComparer<OpenApiSchemaReference>.Instance);
        private readonly List<OpenApiError> _warnings = new();

        public static IEnumerable<OpenApiError> Run(OpenApiDocument? document)
        {
            if (document is null)
            {
                return Array.Empty<OpenApiError>();
            }

            var check = new ReferenceCheck();
            new OpenApiWalker(check).Walk(document);
            return check._warnings;
        }

        public override void Visit(IOpenApiReferenceHolder referenceHolder)
        {
            if (referenceHolder is OpenApiSchemaReference { Reference.IsLocal: true } reference && !Resolves(reference))
            {
                _warnings.Add(new OpenApiValidatorWarning(RuleName, PathString + "/$ref", "The schema reference '" + reference.Reference.ReferenceV3 + "' does not point to an existing schema."));
            }
        }

        // Whether the chain of references from reference reaches a schema; a cycle counts as reaching one here.
        private bool Resolves(OpenApiSchemaReference reference)
        {
            var chain = new List<OpenApiSchemaReference>();
            var seen = new HashSet<OpenApiSchemaReference>(IdentityComparer<OpenApiSchemaReference>.Instance);
            IOpenApiSchema? current = reference;
            bool result;
            while (true)
            {
                if (current is not OpenApiSchemaReference step)
                {
                    result = current is not null;
                    break;
                }

                if (_resolves.TryGetValue(step, out result))
                {
                    break;
                }

                if (!seen.Add(step))
                {
                    // Back to a reference already on the way: a cycle.
                    result = true;
                    break;
                }

                chain.Add(step);
                try
                {
                    current = step.Target;
                }
                catch (InvalidOperationException)
                {
                    // A reference to the schema that holds it: a cycle.
                    result = true;
                    break;
                }
                catch (UriFormatException)
                {
                    // A name Microsoft.OpenApi cannot make a Uri of: it leads nowhere.
                    result = false;
                    break;
                }
            }

            foreach (var step in chain)
            {
                _resolves[step] = result;
            }

            return result;
        }
    }

    /// <summary>
    /// Serves cross-file <c>$ref</c> targets from the project's FiniGen files instead of the disk. Microsoft.OpenApi
    /// resolves external references only into complete OpenAPI documents, so a part that holds just
    /// <c>components</c> is given the document header it lacks; a file that is not a FiniGen file is served as an
    /// empty document, which leaves its references unresolved (FG0003) instead of failing the whole read.
    /// </summary>
    private sealed class AdditionalFileLoader : IStreamLoader
    {
        private const string YamlHeader = "openapi: 3.0.3\ninfo:\n  title: FiniGen contract part\n  version: '0'\n";
        private const string JsonHeader = "\"openapi\": \"3.0.3\", \"info\": { \"title\": \"FiniGen contract part\", \"version\": \"0\" }";
        private static readonly Regex s_yamlVersion = new("^(openapi|swagger)\\s*:", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        private static readonly Regex s_jsonVersion = new("\"(openapi|swagger)\"\\s*:", RegexOptions.CultureInvariant);
        private readonly EquatableArray<ContractFile> _files;

        public AdditionalFileLoader(EquatableArray<ContractFile> files) => _files = files;

        public Task<Stream> LoadAsync(Uri baseUrl, Uri uri, CancellationToken cancellationToken)
        {
            var target = uri.IsAbsoluteUri ? uri : new Uri(baseUrl, uri);
            var text = YamlHeader + "paths: {}\n";
            foreach (var file in _files)
            {
                if (string.Equals(Uri.UnescapeDataString(ToUri(file.Path).AbsolutePath), Uri.UnescapeDataString(target.AbsolutePath), StringComparison.Ordinal))
                {
                    text = AsDocument(file);
                    break;
                }
            }

            return Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        }

        private static string AsDocument(ContractFile file)
        {
            if (FormatOf(file.Path, file.Text) == "json")
            {
                if (s_jsonVersion.IsMatch(file.Text))
                {
                    return file.Text;
                }

                var brace = file.Text.IndexOf('{');
                return brace < 0 ? file.Text : file.Text.Substring(0, brace + 1) + JsonHeader + (file.Text.Substring(brace + 1).TrimStart().StartsWith("}", StringComparison.Ordinal) ? string.Empty : ",") + file.Text.Substring(brace + 1);
            }

            return s_yamlVersion.IsMatch(file.Text) ? file.Text : YamlHeader + file.Text;
        }
    }
}
