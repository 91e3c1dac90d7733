using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
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
        catch (Exception exception)
        {
            // A throwing generator is CS8785 and takes the whole generator down; report the contract instead.
            var info = new DiagnosticInfo(
                DiagnosticDescriptors.InternalErrorId,
                new LocationInfo(entry.Path, 0, 0, 0, 0, 0, 0),
                EquatableArray.From(new[] { PositionIndex.FileName(entry.Path), exception.GetType().Name + ": " + exception.Message }));
            return new ContractResult(null, EquatableArray.From(new[] { info }), entry.Path);
        }
    }

    private static ContractResult ReadCore(ContractInput input, CancellationToken cancellationToken)
    {
        var entry = input.Entry;
        var diagnostics = new List<DiagnosticInfo>();
        var index = PositionIndex.Build(entry.Path, entry.Text, out var syntaxError);
        if (syntaxError is not null)
        {
            return new ContractResult(null, EquatableArray.From(new[] { syntaxError }), entry.Path);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (document, readerDiagnostic) = Load(input, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var locator = new Locator(entry, index);
        foreach (var error in readerDiagnostic?.Errors ?? Array.Empty<OpenApiError>())
        {
            diagnostics.Add(locator.Create(DiagnosticDescriptors.ContractReadErrorId, error.Pointer ?? string.Empty, locator.FileName, error.Message, DisplayPointer(error.Pointer)));
        }

        foreach (var warning in readerDiagnostic?.Warnings ?? Array.Empty<OpenApiError>())
        {
            diagnostics.Add(locator.Create(DiagnosticDescriptors.ContractReadWarningId, warning.Pointer ?? string.Empty, locator.FileName, warning.Message, DisplayPointer(warning.Pointer)));
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
        return new ContractResult(model, EquatableArray.From(diagnostics), entry.Path);
    }

    internal static string DisplayPointer(string? pointer)
    {
        var normalized = PositionIndex.Normalize(pointer ?? string.Empty);
        return normalized.Length == 0 ? "/" : normalized;
    }

    private static (OpenApiDocument? Document, OpenApiDiagnostic? Diagnostic) Load(ContractInput input, CancellationToken cancellationToken)
    {
        var entry = input.Entry;
        var settings = new OpenApiReaderSettings
        {
            LoadExternalRefs = true,
            CustomExternalLoader = new AdditionalFileLoader(input.Files),
            BaseUrl = ToUri(entry.Path),
        };
        settings.TryAddReader("yaml", new OpenApiYamlReader());
        settings.TryAddReader("yml", new OpenApiYamlReader());

        var format = FormatOf(entry.Path, entry.Text);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(entry.Text));

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

    /// <summary>Serves cross-file <c>$ref</c> targets from the project's FiniGen files instead of the disk.</summary>
    private sealed class AdditionalFileLoader : IStreamLoader
    {
        private readonly EquatableArray<ContractFile> _files;

        public AdditionalFileLoader(EquatableArray<ContractFile> files) => _files = files;

        public Task<Stream> LoadAsync(Uri baseUrl, Uri uri, CancellationToken cancellationToken)
        {
            var target = uri.IsAbsoluteUri ? uri : new Uri(baseUrl, uri);
            foreach (var file in _files)
            {
                if (string.Equals(Uri.UnescapeDataString(ToUri(file.Path).AbsolutePath), Uri.UnescapeDataString(target.AbsolutePath), StringComparison.Ordinal))
                {
                    return Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(file.Text)));
                }
            }

            throw new FileNotFoundException(
                "'" + Uri.UnescapeDataString(target.AbsolutePath) + "' is not a FiniGen contract file of this project; add it as a FiniGenContractPart item",
                target.ToString());
        }
    }
}
