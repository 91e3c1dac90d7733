using System.Collections.Immutable;
using FiniGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FiniGen.Analyzers;

/// <summary>
/// Checks the values an application sends through a generated client against the rules of its contract, which the
/// generator records on the generated members as typed attributes. It works wherever the client is: in the same
/// project, or in a referenced library or package (the attributes travel in the library's metadata). Nothing here
/// knows about any particular API.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractUsageAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property holding the C# expression a code fix puts in place.</summary>
    public const string FixExpressionProperty = "FixExpression";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotAnAbsoluteUrl,
        DiagnosticDescriptors.UrlWhereIdExpected,
        DiagnosticDescriptors.MalformedUuid,
        DiagnosticDescriptors.ValueOutsideEnum,
        DiagnosticDescriptors.ListSize,
        DiagnosticDescriptors.RequiredMemberNull,
        DiagnosticDescriptors.ResultMustBeUsed,
        DiagnosticDescriptors.HardCodedCredential,
        DiagnosticDescriptors.NumberOutOfRange,
        DiagnosticDescriptors.PatternOrLength,
        DiagnosticDescriptors.UseEnumMember);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        // Nothing to do in a compilation that can see no generated FiniGen client, its own or a referenced one.
        var clients = FiniGenClients.In(start.Compilation);
        if (clients.Count == 0)
        {
            return;
        }

        var facts = new ContractFacts();
        var uses = new LocalUses();
        var checks = new RequestChecks(facts, new KnownValues(facts, uses), uses);
        start.RegisterOperationAction(c => checks.ObjectCreation(c, (IObjectCreationOperation)c.Operation), OperationKind.ObjectCreation);
        start.RegisterOperationAction(c => checks.With(c, (IWithOperation)c.Operation), OperationKind.With);
        start.RegisterOperationAction(c => checks.Invocation(c, (IInvocationOperation)c.Operation), OperationKind.Invocation);
        start.RegisterOperationAction(c => checks.Assignment(c, (ISimpleAssignmentOperation)c.Operation), OperationKind.SimpleAssignment);

        var credentials = Credentials.Of(clients, facts);
        if (credentials.Count > 0)
        {
            start.RegisterOperationAction(c => Credentials.Check(c, credentials, facts), OperationKind.Literal);
        }
    }
}
