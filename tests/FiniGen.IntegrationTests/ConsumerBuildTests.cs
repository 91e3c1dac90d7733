using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace FiniGen.IntegrationTests;

/// <summary>Fresh projects that reference the packed FiniGen from a local feed, built with dotnet build.</summary>
[Collection(PackageCollection.Name)]
public class ConsumerBuildTests(PackageFixture package)
{
    private const string UsesTheClient = """
        using ConsumerApp.FiniSources;

        var options = new FiniSourcesClientOptions { BaseAddress = new Uri("http://127.0.0.1:9/"), ApiKey = Environment.GetEnvironmentVariable("FINI_API_KEY") };
        using var client = new FiniSourcesClient(options);
        var request = new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/billing/refunds"] };
        Console.WriteLine(request.DocumentIdsToAdd!.Count + " " + options + " " + typeof(FiniSourcesClient).GetMethod("IngestSourcesAsync")!.Name);
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheClientIsGeneratedAndUsedWithTheCompilerServerOnAndOff(bool sharedCompilation)
    {
        var name = "ConsumerApp";
        var directory = package.CreateConsumer(name + (sharedCompilation ? "Server" : "NoServer"), UsesTheClient.Replace("ConsumerApp.FiniSources", name + (sharedCompilation ? "Server" : "NoServer") + ".FiniSources"));

        // Built for the oldest and the newest supported consumer; run on the runtime this machine has.
        var build = Shell.Dotnet("build -p:UseSharedCompilation=" + (sharedCompilation ? "true" : "false"), directory);
        var run = Shell.Dotnet("run --no-build -f net10.0", directory);

        Assert.Contains("0 Warning(s)", build);
        Assert.Contains("1 BaseAddress = http://127.0.0.1:9/, ApiKey = (not set) IngestSourcesAsync", run);
    }

    [Fact]
    public void AWrongCallFailsTheBuildWithFiniGensDiagnosticAtTheConsumersLine()
    {
        var directory = package.CreateConsumer("WrongCall", """
            using WrongCall.FiniSources;

            using var client = new FiniSourcesClient(new FiniSourcesClientOptions());
            await client.IngestSourcesAsync(new IngestSourcesRequest
            {
                Source = IngestSource.Web,
                DocumentIdsToAdd = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"],
            });
            """);

        var (exitCode, output) = Shell.Run("dotnet", "build", directory);

        Assert.NotEqual(0, exitCode);
        Assert.Matches(new Regex(@"Program\.cs\(7,25\): error FG1001: IngestSourcesRequest\.DocumentIdsToAdd\[0\] = '5d9f67a8-d853-4af4-b7ce-23ebba1245e5' breaks the contract \(format uri, when source is 'web'\)"), output);
    }

    [Fact]
    public void TwoContractsInOneProjectGiveTwoClientsInTwoNamespaces()
    {
        const string billing = """
            openapi: 3.0.3
            info:
              title: Billing
              version: '1'
            servers:
              - url: https://billing.example.com
            paths:
              /invoices/{id}:
                get:
                  operationId: getInvoice
                  parameters:
                    - name: id
                      in: path
                      required: true
                      schema:
                        type: string
                  responses:
                    '200':
                      description: The invoice.
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Invoice'
            components:
              schemas:
                Invoice:
                  type: object
                  required: [id, total]
                  properties:
                    id:
                      type: string
                    total:
                      type: number
            """;
        var directory = package.CreateConsumer("TwoContracts", """
            Console.WriteLine(typeof(TwoContracts.FiniSources.FiniSourcesClient).FullName);
            Console.WriteLine(typeof(TwoContracts.Billing.BillingClient).FullName + " " + new TwoContracts.Billing.Invoice { Id = "1", Total = 2.5 }.Total);
            """, files: ("contract/billing.openapi.yaml", billing));

        Shell.Dotnet("build", directory);
        var run = Shell.Dotnet("run --no-build -f net10.0", directory);

        Assert.Contains("TwoContracts.FiniSources.FiniSourcesClient", run);
        Assert.Contains("TwoContracts.Billing.BillingClient 2.5", run);
    }

    [Fact]
    public void ACompilerOlderThanRoslyn48GetsFiniGensOwnError()
    {
        var directory = package.CreateConsumer("OldCompiler", "Console.WriteLine();", "net10.0");

        var (exitCode, output) = Shell.Run("dotnet", "build -p:CompilerApiVersion=roslyn4.4", directory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error FG0097: FiniGen needs C# compiler 4.8 or later", output);
        Assert.DoesNotContain("CS9057", output);
    }

    [Fact]
    public void ADamagedBundledAssemblyIsReportedByNameInsteadOfCrashingTheGenerator()
    {
        var packages = Path.Combine(package.Root, "isolated-packages");
        var directory = package.CreateConsumer("MissingDependency", "Console.WriteLine();", "net10.0");
        var environment = ("NUGET_PACKAGES", (string?)packages);
        Shell.Dotnet("restore", directory, environment);
        // A damaged copy: the file is there (so the compiler accepts the analyzer list) but cannot be loaded.
        File.WriteAllText(Path.Combine(packages, "finigen", package.Version.ToLowerInvariant(), "analyzers", "dotnet", "cs", "Microsoft.OpenApi.dll"), "not an assembly");

        var (exitCode, output) = Shell.Run("dotnet", "build --no-restore -p:UseSharedCompilation=false", directory, null, environment);

        Assert.NotEqual(0, exitCode);
        // The compiler itself names the damaged file (CS8034) before FiniGen runs; what must not happen is a generator
        // crash (CS8785). FG0098 covers a dependency that fails later, when FiniGen first uses it.
        Assert.Matches(new Regex(@"error (CS8034|FG0098): .*Microsoft\.OpenApi"), output);
        Assert.DoesNotContain("CS8785", output);
    }
}
