using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FiniGen.IdeTests;

/// <summary>
/// What an IDE computes for the open document after an edit: the compiler's syntax and semantic diagnostics for
/// that document and the analyzers' diagnostics for it, over the project's compilation (source generators run by the
/// solution, incrementally) and with the analyzers of the project's own analyzer references.
/// </summary>
public static class LiveDiagnostics
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers(Project project)
        => project.AnalyzerReferences.SelectMany(r => r.GetAnalyzers(project.Language)).ToImmutableArray();

    public static async Task<ImmutableArray<Diagnostic>> ForDocumentAsync(Document document, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        var project = document.Project;
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("no compilation for " + project.Name);
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("no syntax tree for " + document.Name);
        var model = compilation.GetSemanticModel(tree);
        var result = ImmutableArray.CreateBuilder<Diagnostic>();
        result.AddRange(model.GetDiagnostics(cancellationToken: cancellationToken));
        if (!analyzers.IsEmpty)
        {
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            result.AddRange(await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false));
            result.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false));
        }

        return result.Where(d => d.Severity != DiagnosticSeverity.Hidden && !d.IsSuppressed).ToImmutableArray();
    }

    /// <summary>Replaces the first occurrence of <paramref name="oldText"/> in the document, as a typed edit: one text change.</summary>
    public static async Task<Solution> EditAsync(Solution solution, DocumentId document, string oldText, string newText)
    {
        var text = await (solution.GetDocument(document) ?? throw new InvalidOperationException("no document " + document)).GetTextAsync().ConfigureAwait(false);
        return solution.WithDocumentText(document, Change(text, oldText, newText));
    }

    /// <summary>The same, for an additional document such as the contract.</summary>
    public static async Task<Solution> EditAdditionalAsync(Solution solution, DocumentId document, string oldText, string newText)
    {
        var text = await (solution.GetAdditionalDocument(document) ?? throw new InvalidOperationException("no additional document " + document)).GetTextAsync().ConfigureAwait(false);
        return solution.WithAdditionalDocumentText(document, Change(text, oldText, newText));
    }

    /// <summary>
    /// The code fix providers in the project's analyzer reference named <paramref name="assemblyFileName"/>, found
    /// the way an IDE finds them: exported <see cref="CodeFixProvider"/> types of the loaded analyzer assembly.
    /// </summary>
    public static ImmutableArray<CodeFixProvider> CodeFixProviders(Project project, string assemblyFileName)
    {
        var reference = project.AnalyzerReferences.OfType<AnalyzerFileReference>().Single(r => Path.GetFileName(r.FullPath) == assemblyFileName);
        return reference.GetAssembly().GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t)
                && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is { } export && export.Languages.Contains(project.Language))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    /// <summary>The code actions the providers register for one diagnostic of the document.</summary>
    public static async Task<IReadOnlyList<CodeAction>> CodeActionsAsync(Document document, Diagnostic diagnostic, IEnumerable<CodeFixProvider> providers, CancellationToken cancellationToken = default)
    {
        var actions = new List<CodeAction>();
        foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }

        return actions;
    }

    private static SourceText Change(SourceText text, string oldText, string newText)
    {
        var start = text.ToString().IndexOf(oldText, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("the text to edit, '" + oldText + "', is not in the document:\n" + text);
        }

        return text.WithChanges(new TextChange(new TextSpan(start, oldText.Length), newText));
    }
}
