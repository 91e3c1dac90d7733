using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using FiniGen.Analyzers;
using FiniGen.Rules;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// A contract's <c>pattern</c> can be catastrophic for a backtracking engine. It must never crash the analyzer
/// (AD0001 fails a build with warnings as errors) nor escape the client as a bare RegexMatchTimeoutException: it is
/// decided in linear time where .NET's non-backtracking engine can run it, and decides nothing when it cannot be
/// decided in time.
/// </summary>
public class PatternTests
{
    // ^(a|aa)+$ takes exponential time in a backtracking engine on "aaa…ab"; the backreference in the second keeps
    // .NET's non-backtracking engine from running it, so it backtracks and runs out of time.
    private const string Catastrophic = "^(a|aa)+$";
    private const string Undecidable = "^(a+)+\\1b$";
    private static readonly string s_evil = new string('a', 4000) + "!";
    private static readonly string s_evilForBackreference = new string('a', 40);

    private static string Contract(string pattern) => "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n" + $$"""
        paths:
          /things/{name}:
            get:
              operationId: getThing
              parameters:
                - { name: name, in: path, required: true, schema: { type: string, pattern: '{{pattern}}' } }
              responses:
                '204': { description: ok }
        """;

    [Fact]
    public void TheRuleEngineDecidesACatastrophicPatternAndLeavesAnUndecidableOneUndecided()
    {
        Assert.False(ConstraintChecks.PatternMatches(Catastrophic, s_evil));
        Assert.True(ConstraintChecks.PatternMatches(Catastrophic, "aaaa"));
        Assert.Null(ConstraintChecks.PatternMatches(Undecidable, s_evilForBackreference));
        Assert.Null(ConstraintChecks.PatternMatches("([unclosed", "x"));
        Assert.Null(ConstraintChecks.StringViolation(Rule(RuleKind.Pattern, Undecidable), s_evilForBackreference));
        Assert.Equal("it does not match the pattern " + Catastrophic, ConstraintChecks.StringViolation(Rule(RuleKind.Pattern, Catastrophic), s_evil));
    }

    [Theory]
    [InlineData(RuleKind.MinLength, "1e999")]
    [InlineData(RuleKind.MaxLength, "-3")]
    [InlineData(RuleKind.MinItems, "not a number")]
    public void ABoundTheEngineCannotReadDecidesNothing(RuleKind kind, string argument)
    {
        Assert.Null(kind == RuleKind.MinItems ? ConstraintChecks.CountViolation(Rule(kind, argument), 3) : ConstraintChecks.StringViolation(Rule(kind, argument), "abc"));
    }

    [Theory]
    [InlineData(RuleKind.Minimum, "1e300", "0", true)]
    [InlineData(RuleKind.Maximum, "1e300", "5", false)]
    [InlineData(RuleKind.Minimum, "-1e300", "-5", false)]
    [InlineData(RuleKind.Maximum, "NaN", "5", false)]
    public void ANumericBoundBeyondDecimalIsComparedOnItsSide(RuleKind kind, string argument, string value, bool violated)
        => Assert.Equal(violated, ConstraintChecks.NumberViolation(Rule(kind, argument), decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) is not null);

    private static ConstraintRule Rule(RuleKind kind, string argument) => new(kind, new[] { argument });

    [Fact]
    public async Task TheAnalyzerFlagsACatastrophicPatternsMismatchAndStaysSilentOnAnUndecidableOne()
    {
        var flagged = await AnalyzeAsync(Catastrophic, s_evil);
        var silent = await AnalyzeAsync(Undecidable, s_evilForBackreference);

        Assert.DoesNotContain(flagged.Concat(silent), d => d.Id == "AD0001");
        Assert.Single(flagged, d => d.Id == "FG1010");
        Assert.DoesNotContain(silent, d => d.Id.StartsWith("FG1", StringComparison.Ordinal));
    }

    [Fact]
    public void TheClientRefusesACatastrophicPatternsMismatchAndSendsAnUndecidedValue()
    {
        const string probe = """
            #pragma warning disable CS1591
            namespace Probe;

            public static class Program
            {
                public static async System.Threading.Tasks.Task<string> RunAsync()
                {
                    var capture = new Capture();
                    using var client = new Consumer.Api.ApiClient(new System.Net.Http.HttpClient(capture), new Consumer.Api.ApiClientOptions { BaseAddress = new System.Uri("https://api.test/") });
                    try
                    {
                        await client.GetThingAsync(VALUE);
                        return "sent: " + capture.Log.ToString().Split('\n')[0];
                    }
                    catch (Consumer.Api.ApiRequestValidationException e)
                    {
                        return "refused: " + e.Problem;
                    }
                }
            }
            """;

        var refused = ContractCompiler.RunProbe(Contract(Catastrophic), probe.Replace("VALUE", "\"" + s_evil + "\""));
        var sent = ContractCompiler.RunProbe(Contract(Undecidable), probe.Replace("VALUE", "\"" + s_evilForBackreference + "\""));

        Assert.Equal("refused: it does not match the pattern " + Catastrophic, refused);
        Assert.Equal("sent: GET /things/" + s_evilForBackreference, sent);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string pattern, string value)
    {
        var consumer = "class Use { System.Threading.Tasks.Task M(Consumer.Api.ApiClient c) => c.GetThingAsync(\"" + value + "\"); }";
        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", Contract(pattern)) }, null, consumer);
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        return await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ContractUsageAnalyzer()), options).GetAllDiagnosticsAsync();
    }
}
