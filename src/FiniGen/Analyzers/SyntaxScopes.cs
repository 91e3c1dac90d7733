using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FiniGen.Analyzers;

/// <summary>Where a local lives, for the analyzers' "assigned once" and "is it read" questions.</summary>
internal static class SyntaxScopes
{
    /// <summary>
    /// The member, lambda or local function whose body declares <paramref name="node"/>; for top-level statements, the
    /// whole file, since every global statement shares one scope.
    /// </summary>
    public static SyntaxNode? EnclosingBody(SyntaxNode node)
    {
        var body = node.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
        return body is GlobalStatementSyntax ? body.Parent : body;
    }
}
