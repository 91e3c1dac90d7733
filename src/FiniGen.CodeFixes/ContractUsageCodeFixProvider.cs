using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace FiniGen.CodeFixes;

/// <summary>
/// The repairs with one obvious answer. The analyzer works out the replacement expression and passes it in the
/// diagnostic's properties; this provider only puts it in place.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContractUsageCodeFixProvider))]
[Shared]
public sealed class ContractUsageCodeFixProvider : CodeFixProvider
{
    // The same strings as FiniGen's DiagnosticDescriptors and FixExpressionProperty; this
    // assembly cannot reference the analyzer assembly's bundled dependencies, and a test keeps the two in step.
    internal const string FixExpressionProperty = "FixExpression";
    internal const string NotAnAbsoluteUrlId = "FG1001";
    internal const string UrlWhereIdExpectedId = "FG1002";
    internal const string HardCodedCredentialId = "FG1008";
    internal const string UseEnumMemberId = "FG1011";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        UrlWhereIdExpectedId,
        NotAnAbsoluteUrlId,
        HardCodedCredentialId,
        UseEnumMemberId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixExpressionProperty, out var fix) || fix is null)
            {
                continue;
            }

            // A discriminator fix replaces the discriminator's value, which the diagnostic names as its additional location.
            var span = diagnostic.AdditionalLocations.Count > 0 && diagnostic.AdditionalLocations[0].SourceTree == diagnostic.Location.SourceTree
                ? diagnostic.AdditionalLocations[0].SourceSpan
                : diagnostic.Location.SourceSpan;

            if (root.FindNode(span, getInnermostNodeForTie: true) is not ExpressionSyntax target || IsConstant(target))
            {
                // A const cannot hold a call; there the repair is a matter of design, not a one-click change.
                continue;
            }

            var replacement = fix;
            var title = diagnostic.Id switch
            {
                HardCodedCredentialId => "Read the credential from the environment",
                UseEnumMemberId => "Use " + ShortName(replacement),
                _ => "Change " + target + " to " + ShortName(replacement),
            };
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ReplaceAsync(context.Document, target, replacement, ct), equivalenceKey: diagnostic.Id + ":" + ShortName(replacement)),
                diagnostic);
        }
    }

    private static bool IsConstant(ExpressionSyntax expression)
        => expression.Ancestors().Any(a => a is LocalDeclarationStatementSyntax { IsConst: true }
            || (a is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword))
            || a is AttributeArgumentSyntax or ParameterSyntax);

    private static string ShortName(string expression)
    {
        if (expression.StartsWith("global::System.Environment", System.StringComparison.Ordinal))
        {
            return "environment variable";
        }

        var segments = expression.Split('.');
        return segments.Length >= 2 ? segments[segments.Length - 2] + "." + segments[segments.Length - 1] : expression;
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax target, string expression, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacement = SyntaxFactory.ParseExpression(expression)
            .WithTriviaFrom(target)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(target, replacement));
    }
}
