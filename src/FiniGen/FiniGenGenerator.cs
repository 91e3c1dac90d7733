using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FiniGen.Common;
using FiniGen.Contract;
using FiniGen.Diagnostics;
using FiniGen.Emit;
using FiniGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FiniGen;

/// <summary>
/// Generates a typed client from each OpenAPI contract passed to the compiler as an additional file with
/// <c>FiniGenContract="true"</c> metadata (FiniGen's MSBuild props do this for <c>FiniGenContract</c> items).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FiniGenGenerator : IIncrementalGenerator
{
    internal const string ContractMetadata = "build_metadata.AdditionalFiles.FiniGenContract";
    internal const string NamespaceMetadata = "build_metadata.AdditionalFiles.FiniGenNamespace";
    internal const string ClientNameMetadata = "build_metadata.AdditionalFiles.FiniGenClientName";
    internal const string RootNamespaceProperty = "build_property.RootNamespace";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ToContractFile(pair.Left, pair.Right, cancellationToken))
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .WithTrackingName(TrackingNames.ContractFiles);

        var allFiles = files
            .Collect()
            .Select(static (all, _) => EquatableArray.From(all))
            .WithTrackingName(TrackingNames.AllContractFiles);

        var inputs = allFiles
            .SelectMany(static (all, _) => all.Where(f => f.IsEntry).Select(entry => new ContractInput(entry, all)))
            .WithTrackingName(TrackingNames.ContractInputs);

        var results = inputs
            .Select(static (input, cancellationToken) => ContractReader.Read(input, cancellationToken))
            .WithTrackingName(TrackingNames.ReadContract);

        context.RegisterSourceOutput(results.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var identities = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => new ClientIdentity(result.EntryPath, TypeNames(result.Model!)))
            .Collect()
            .WithTrackingName(TrackingNames.ClientIdentities);
        context.RegisterSourceOutput(identities, static (spc, all) => ReportDuplicateClients(spc, all));

        // Contracts that lose a client-name clash generate nothing (a duplicate hint name would be CS8785).
        var shadowed = identities
            .Select(static (all, _) => EquatableArray.From(Shadowed(all)))
            .WithTrackingName(TrackingNames.ShadowedContracts);

        var parts = results
            .SelectMany(static (result, _) => result.Model is null ? Enumerable.Empty<EmitPart>() : SourceEmitter.Split(result.Model, result.EntryPath))
            .WithTrackingName(TrackingNames.EmitParts);
        context.RegisterSourceOutput(parts.Combine(shadowed), static (spc, pair) =>
        {
            if (!pair.Right.Contains(pair.Left.ContractPath))
            {
                EmitPart(spc, pair.Left);
            }
        });

        // Two facts about the references, looked up on each compilation but equal (so cached) between keystrokes.
        var hosting = context.CompilationProvider
            .Select(static (compilation, _) => new HostingFacts(
                compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions") is not null,
                compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration") is not null))
            .WithTrackingName(TrackingNames.HostingFacts);
        var hostingParts = parts
            .Where(static part => part is SupportPart { Kind: SupportKind.Options })
            .Combine(hosting)
            .Where(static pair => pair.Right.Http)
            .Select(static (pair, _) => (EmitPart)new HostingPart(pair.Left.Header, pair.Right.Configuration) { ContractPath = pair.Left.ContractPath });
        context.RegisterSourceOutput(hostingParts.Combine(shadowed), static (spc, pair) =>
        {
            if (!pair.Right.Contains(pair.Left.ContractPath))
            {
                EmitPart(spc, pair.Left);
            }
        });
    }

    private static ContractFile? ToContractFile(AdditionalText text, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var fileOptions = options.GetOptions(text);
        if (!fileOptions.TryGetValue(ContractMetadata, out var role) || string.IsNullOrWhiteSpace(role))
        {
            return null;
        }

        var isEntry = role.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
        var isPart = role.Trim().Equals("part", StringComparison.OrdinalIgnoreCase);
        if (!isEntry && !isPart)
        {
            return null;
        }

        fileOptions.TryGetValue(NamespaceMetadata, out var ns);
        fileOptions.TryGetValue(ClientNameMetadata, out var clientName);
        options.GlobalOptions.TryGetValue(RootNamespaceProperty, out var rootNamespace);
        var content = (text.GetText(cancellationToken)?.ToString() ?? string.Empty).TrimStart('\uFEFF');
        return new ContractFile(text.Path, content, isEntry, NullIfEmpty(ns), NullIfEmpty(clientName), NullIfEmpty(rootNamespace));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static void EmitPart(SourceProductionContext context, EmitPart part)
    {
        string source;
        try
        {
            source = SourceEmitter.Emit(part);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InternalError,
                Location.None,
                part.Header.ContractFileName,
                "emitting " + part.HintPart + " failed with " + exception.GetType().Name + ": " + exception.Message));
            return;
        }

        context.AddSource(SourceEmitter.HintName(part), source);
    }

    private static IEnumerable<string> Shadowed(System.Collections.Immutable.ImmutableArray<ClientIdentity> all)
        => Clashes(all).Select(clash => clash.Identity.Path);

    /// <summary>
    /// Contracts that would generate a type an earlier contract (by path) already generates: the client itself, or a
    /// model of the same name in a shared namespace. Hint names are compared ignoring case, so names are too.
    /// </summary>
    private static IEnumerable<(ClientIdentity Identity, string Name, string FirstPath)> Clashes(System.Collections.Immutable.ImmutableArray<ClientIdentity> all)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var identity in all.OrderBy(i => i.Path, StringComparer.Ordinal))
        {
            var clash = identity.Names.FirstOrDefault(owners.ContainsKey);
            if (clash is not null)
            {
                yield return (identity, clash, owners[clash]);
                continue;
            }

            foreach (var name in identity.Names)
            {
                owners[name] = identity.Path;
            }
        }
    }

    private static EquatableArray<string> TypeNames(ContractModel model)
    {
        var ns = model.Header.Namespace + ".";
        var names = new List<string> { ns + model.Header.ClientName };
        names.AddRange(new[] { "ClientOptions", "ApiException", "Json", "Validation", "ConstraintChecks", "RequestValidationException" }.Select(suffix => ns + model.Header.BaseName + suffix));
        names.AddRange(model.Objects.Select(o => ns + o.Name));
        names.AddRange(model.Enums.Select(e => ns + e.Name));
        return EquatableArray.From(names);
    }

    private static void ReportDuplicateClients(SourceProductionContext context, System.Collections.Immutable.ImmutableArray<ClientIdentity> all)
    {
        foreach (var (identity, name, firstPath) in Clashes(all))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.DuplicateClient,
                Location.Create(identity.Path, default, default),
                firstPath,
                identity.Path,
                name));
        }
    }

    private sealed record ClientIdentity(string Path, EquatableArray<string> Names);
}
