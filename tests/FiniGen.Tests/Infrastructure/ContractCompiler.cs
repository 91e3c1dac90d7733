using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FiniGen.Tests.Infrastructure;

/// <summary>Generates a client from in-memory contracts as a consumer's compiler would, and runs code against it.</summary>
public static class ContractCompiler
{
    /// <summary>
    /// A capturing <c>HttpMessageHandler</c> for probes: it logs each request (method, path and query, headers other
    /// than the credential, content headers and body, multipart boundaries replaced by <c>BOUNDARY</c>) and answers
    /// with <c>Respond</c>.
    /// </summary>
    public const string CaptureSource = """
        #pragma warning disable CS1591
        namespace Probe;

        public sealed class Capture : System.Net.Http.HttpMessageHandler
        {
            public System.Func<System.Net.Http.HttpRequestMessage, System.Net.Http.HttpResponseMessage> Respond { get; set; } = _ => new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.NoContent);

            public System.Text.StringBuilder Log { get; } = new();

            protected override async System.Threading.Tasks.Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
            {
                Log.Append(request.Method).Append(' ').Append(request.RequestUri!.PathAndQuery).Append('\n');
                foreach (var header in System.Linq.Enumerable.OrderBy(request.Headers, h => h.Key, System.StringComparer.Ordinal))
                {
                    if (header.Key != "Authorization")
                    {
                        Log.Append(header.Key).Append(": ").Append(string.Join(" | ", header.Value)).Append('\n');
                    }
                }

                if (request.Content is { } content)
                {
                    var body = await content.ReadAsStringAsync(cancellationToken);
                    var boundary = System.Linq.Enumerable.FirstOrDefault(content.Headers.ContentType?.Parameters ?? [], p => p.Name == "boundary")?.Value?.Trim('"');
                    var type = content.Headers.ContentType?.ToString() ?? "(none)";
                    if (boundary is not null)
                    {
                        body = body.Replace(boundary, "BOUNDARY");
                        type = type.Replace(boundary, "BOUNDARY");
                    }

                    Log.Append("Content-Type: ").Append(type).Append('\n').Append(body.Replace("\r\n", "\n")).Append('\n');
                }

                return Respond(request);
            }
        }
        """;

    /// <summary>
    /// Runs the generator as a consumer's compiler would (nullable on, warnings as errors, XML docs diagnosed) and
    /// asserts that nothing crashed, that the generator reported nothing of warning severity outside
    /// <paramref name="allowed"/>, and that the output compiles without a single warning.
    /// </summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Generate(TestContract[] contracts, string[]? allowed, params string[] consumer)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12, DocumentationMode.Diagnose);
        var compilation = CSharpCompilation.Create(
            "Consumer",
            consumer.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: "Consumer" + i + ".cs")),
            CompileCheck.Net80,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1591"] = ReportDiagnostic.Error }));
        var driver = GeneratorHarness.CreateDriver(contracts).WithUpdatedParseOptions(parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult();

        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "FG0099");
        var unexpected = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && !(allowed ?? Array.Empty<string>()).Contains(d.Id)).Select(d => d.ToString()).ToList();
        Assert.True(unexpected.Count == 0, "Unexpected generator diagnostics:\n" + string.Join("\n", unexpected));
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems.Take(30)));
        return (result, output, diagnostics);
    }

    /// <summary>The text of the generated file whose hint name ends in <c>.{part}.g.cs</c>.</summary>
    public static string Source(Compilation output, string part)
        => output.SyntaxTrees.Single(t => t.FilePath.EndsWith("." + part + ".g.cs", StringComparison.Ordinal)).ToString();

    /// <summary>Loads the generated assembly, reads <paramref name="json"/> as <paramref name="type"/> and writes it back unchanged.</summary>
    public static void AssertRoundTrips(Compilation output, string type, string json)
        => InLoadedAssembly(output, assembly =>
        {
            var modelType = assembly.GetType(type, throwOnError: true)!;
            var options = new System.Text.Json.JsonSerializerOptions();
            var value = System.Text.Json.JsonSerializer.Deserialize(json, modelType, options);
            var written = System.Text.Json.JsonSerializer.Serialize(value, modelType, options);
            Assert.Equal(json, written);
            return 0;
        });

    /// <summary>
    /// Generates the client of <paramref name="contract"/> (namespace <c>Consumer.Api</c>, client <c>ApiClient</c>),
    /// compiles it with <see cref="CaptureSource"/> and <paramref name="probe"/>, and returns what the probe's
    /// <c>public static Task&lt;string&gt; Probe.Program.RunAsync()</c> returns.
    /// </summary>
    public static string RunProbe(string contract, string probe, params string[] allowed)
    {
        var (_, output, _) = Generate(new[] { new TestContract("/c/api.openapi.yaml", contract) }, allowed, CaptureSource, probe);
        return InLoadedAssembly(output, assembly =>
        {
            var run = assembly.GetType("Probe.Program", throwOnError: true)!.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!;
            try
            {
                return ((Task<string>)run.Invoke(null, null)!).GetAwaiter().GetResult();
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                throw exception.InnerException;
            }
        });
    }

    private static T InLoadedAssembly<T>(Compilation output, Func<Assembly, T> use)
    {
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new System.Runtime.Loader.AssemblyLoadContext("probe" + Guid.NewGuid(), isCollectible: true);
        try
        {
            stream.Position = 0;
            return use(context.LoadFromStream(stream));
        }
        finally
        {
            context.Unload();
        }
    }
}
