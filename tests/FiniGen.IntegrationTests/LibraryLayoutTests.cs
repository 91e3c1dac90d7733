using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

// The misused app below hard-codes a made-up key on purpose; FG1008 would rightly flag the literal in this file too.
#pragma warning disable FG1008

namespace FiniGen.IntegrationTests;

/// <summary>
/// The README's layouts with the contract in a class library: an app that references the library (ProjectReference),
/// an app that takes the library's package, and a library that keeps FiniGen private. Everything comes from the
/// packed FiniGen.
/// </summary>
[Collection(PackageCollection.Name)]
public class LibraryLayoutTests(PackageFixture package)
{
    private const string NamespacePlaceholder = "LIBRARY_NAMESPACE";

    // Each misuse sits on a line of its own, which names the diagnostic FiniGen must report at that line of the app.
    private const string Misuses = """
        using LIBRARY_NAMESPACE;

        var options = new FiniSourcesClientOptions
        {
            BaseAddress = new Uri("http://127.0.0.1:9/"),
            ApiKey = "fini_live_3f9a8b7c6d5e4f3a2b1c",                                                             // FG1008
        };
        using var client = new FiniSourcesClient(options);
        await client.IngestSourcesAsync(new IngestSourcesRequest
        {
            Source = IngestSource.Web,
            DocumentIdsToAdd = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"],                                           // FG1001
        });
        await client.IngestSourcesAsync(new IngestSourcesRequest
        {
            Source = IngestSource.Notion,
            DocumentIdsToAdd = ["https://www.notion.so/fini/Billing-FAQ-123456"],                                  // FG1002
        });
        await client.GetSourceAsync("not-a-uuid");                                                                 // FG1003
        await client.IngestSourcesAsync(new IngestSourcesRequest { Source = new IngestSource("files") });          // FG1004
        await client.CrawlLinksAsync(new CrawlLinksRequest { Links = [] });                                        // FG1005
        await client.CrawlLinksAsync(new CrawlLinksRequest
        {
            Links = ["https://docs.example.com/"],
            Limit = 0,                                                                                             // FG1009
        });
        var resources = new RegisterProviderResourcesRequest
        {
            Resources = [new RegisterProviderResource { OriginalUrl = "https://www.notion.so/fini/Billing-FAQ-123456", Title = "Billing FAQ", ExternalId = "123456", MimeType = "text/markdown" }],
        };
        await client.RegisterProviderResourcesAsync(Provider.Notion, resources);                                   // FG1007
        """;

    // The same calls, right. Run without arguments it only prints the options, so it needs no server.
    private const string CorrectUse = """
        using LIBRARY_NAMESPACE;

        var options = new FiniSourcesClientOptions
        {
            BaseAddress = new Uri("http://127.0.0.1:9/"),
            ApiKey = Environment.GetEnvironmentVariable("FINI_API_KEY"),
        };
        Console.WriteLine(options);
        if (args.Length == 0)
        {
            return;
        }

        using var client = new FiniSourcesClient(options);
        await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/billing"] });
        await client.GetSourceAsync("5d9f67a8-d853-4af4-b7ce-23ebba1245e5");
        await client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["https://docs.example.com/"], Limit = 50 });
        var registered = await client.RegisterProviderResourcesAsync(Provider.Notion, new RegisterProviderResourcesRequest
        {
            Resources = [new RegisterProviderResource { OriginalUrl = "https://www.notion.so/fini/Billing-FAQ-123456", Title = "Billing FAQ", ExternalId = "123456", MimeType = "text/markdown" }],
        });
        await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = registered.AddedDocumentIds, DocumentIdsToRefresh = registered.UpdatedDocumentIds });
        """;

    private const string PublicFiniGen = "PrivateAssets=\"none\"";

    // The control for the layouts below: the same code in the project that holds the contract gets every diagnostic.
    [Fact]
    public void TheMisusesAreReportedAtTheirLinesWhenTheContractIsInTheApp()
    {
        var program = Misuses.Replace(NamespacePlaceholder, "ContractApp.FiniSources");
        var app = package.CreateConsumer("ContractApp", program, "net10.0");

        var (exitCode, output) = Shell.Run("dotnet", "build", app);

        AssertTheMisusesAreReportedAtTheirLines("ContractApp", program, exitCode, output);
    }

    [Fact]
    public void AnAppThatReferencesTheLibraryGetsFiniGensDiagnosticsAtItsOwnLines()
    {
        var library = CreateLibrary("ProjectReference/CheckedLibrary", "CheckedLibrary", PublicFiniGen);
        var app = CreateApp("ProjectReference/ReferencingApp", "ReferencingApp", Misuses, "CheckedLibrary", ProjectReference(library, "CheckedLibrary"));

        var (exitCode, output) = Shell.Run("dotnet", "build -v:n", app);

        AssertFiniGenIsInTheCompilationOf("ReferencingApp", output);
        AssertTheMisusesAreReportedAtTheirLines("ReferencingApp", Misuses, exitCode, output);
    }

    [Fact]
    public void ACorrectAppThatReferencesTheLibraryBuildsWithoutWarningsAndGeneratesNothingOfItsOwn()
    {
        var library = CreateLibrary("CorrectUse/CheckedLibrary", "CheckedLibrary", PublicFiniGen);
        var app = CreateApp("CorrectUse/CorrectApp", "CorrectApp", CorrectUse, "CheckedLibrary", ProjectReference(library, "CheckedLibrary"));

        var build = Shell.Dotnet("build -v:n -p:EmitCompilerGeneratedFiles=true", app);
        var run = Shell.Dotnet("run --no-build", app);

        AssertFiniGenIsInTheCompilationOf("CorrectApp", build);
        Assert.Contains("0 Warning(s)", build);
        // FiniGen runs in the app (its analyzers must), but with no contract there it generates nothing: the only
        // client is the library's.
        Assert.NotEmpty(GeneratedByFiniGen(library));
        Assert.Empty(GeneratedByFiniGen(app));
        Assert.Contains("BaseAddress = http://127.0.0.1:9/, ApiKey = (not set)", run);
    }

    [Fact]
    public void AnAppThatTakesTheLibrarysPackageGetsTheSameDiagnosticsWithoutReferencingFiniGen()
    {
        var library = CreateLibrary("Package/PackedLibrary", "PackedLibrary", PublicFiniGen);
        Shell.Dotnet("pack -o \"" + package.Feed + "\"", library);
        var app = CreateApp("Package/PackageApp", "PackageApp", Misuses, "PackedLibrary", $"""<PackageReference Include="PackedLibrary" Version="{package.Version}" />""");

        // The library's package must carry FiniGen on to its consumers: a dependency with every asset included.
        var dependency = FiniGenDependency(Path.Combine(package.Feed, "PackedLibrary." + package.Version + ".nupkg"));
        Assert.Equal(package.Version, (string?)dependency.Attribute("version"));
        Assert.Equal("All", (string?)dependency.Attribute("include"));
        Assert.Null(dependency.Attribute("exclude"));

        var (exitCode, output) = Shell.Run("dotnet", "build -v:n", app);

        AssertFiniGenIsInTheCompilationOf("PackageApp", output);
        AssertTheMisusesAreReportedAtTheirLines("PackageApp", Misuses, exitCode, output);
    }

    [Fact]
    public void ALibraryThatKeepsFiniGenPrivateSaysSoAndItsAppIsNotChecked()
    {
        // What `dotnet add package FiniGen` writes, because the package is a development dependency.
        var library = CreateLibrary("Private/PrivateLibrary", "PrivateLibrary", """
            PrivateAssets="all" IncludeAssets="runtime; build; native; contentfiles; analyzers; buildtransitive"
            """);
        var app = CreateApp("Private/UncheckedApp", "UncheckedApp", Misuses, "PrivateLibrary", ProjectReference(library, "PrivateLibrary"));

        var (exitCode, output) = Shell.Run("dotnet", "build", app);

        Assert.True(exitCode == 0, "the app over a library with FiniGen private should build:\n" + output);
        Assert.DoesNotMatch(new Regex(@"(error|warning) FG1\d{3}"), output);
        // The library, built with TreatWarningsAsErrors and MSBuildTreatWarningsAsErrors, warns (and still builds).
        Assert.Contains(
            "PrivateLibrary.csproj : warning FG0096: FiniGen: the library PrivateLibrary generates a client from fini-sources.openapi.yaml, but its PackageReference to FiniGen has PrivateAssets=\"all\", which keeps FiniGen's analyzers from the projects and packages that use this library",
            output);
        Assert.Contains($"<PackageReference Include=\"FiniGen\" Version=\"{package.Version}\" PrivateAssets=\"none\" />", output);
        Assert.Contains("<FiniGenSkipPrivateAssetsCheck>true</FiniGenSkipPrivateAssetsCheck>", output);

        // Only the check itself from here on (no compile): it names the opt-out, and keeps quiet for an app and for a
        // library without a contract.
        string Check(string properties) => Shell.Dotnet("msbuild -t:FiniGenCheckPrivateAssets -nologo " + properties, library);
        Assert.Contains("warning FG0096", Check(""));
        Assert.DoesNotContain("FG0096", Check("-p:FiniGenSkipPrivateAssetsCheck=true"));
        Assert.DoesNotContain("FG0096", Check("-p:OutputType=Exe"));
        Assert.DoesNotContain("FG0096", Check("-p:FiniGenEnableDefaultContractItems=false"));
    }

    private string CreateLibrary(string folder, string name, string referenceMetadata)
        => package.CreateProject(folder, name, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <MSBuildTreatWarningsAsErrors>true</MSBuildTreatWarningsAsErrors>
                <IsAotCompatible>true</IsAotCompatible>
                <RootNamespace>{name}</RootNamespace>
                <Version>{package.Version}</Version>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FiniGen" Version="{package.Version}" {referenceMetadata} />
              </ItemGroup>
            </Project>
            """, withContract: true);

    private string CreateApp(string folder, string name, string program, string libraryName, string reference)
        => package.CreateProject(folder, name, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <IsAotCompatible>true</IsAotCompatible>
              </PropertyGroup>
              <ItemGroup>
                {reference}
              </ItemGroup>
            </Project>
            """, withContract: false, ("Program.cs", program.Replace(NamespacePlaceholder, libraryName + ".FiniSources")));

    private static string ProjectReference(string libraryDirectory, string name)
        => $"""<ProjectReference Include="{Path.Combine(libraryDirectory, name + ".csproj")}" />""";

    /// <summary>
    /// FiniGen's analyzers reach the app's compiler: the csc command line (logged at normal verbosity) that writes
    /// the app's assembly names FiniGen.dll. Without this the layout, not the analyzer, is at fault.
    /// </summary>
    private static void AssertFiniGenIsInTheCompilationOf(string app, string output)
    {
        var compile = output.Split('\n').Where(l => l.Contains("/out:obj/Debug/net10.0/" + app + ".dll", StringComparison.Ordinal)).ToList();
        Assert.True(compile.Count == 1, "no csc command line for " + app + " in the build output:\n" + Summary(output));
        Assert.Matches(new Regex(@"/analyzer:\S*[/\\]finigen[/\\][^/\\]+[/\\]analyzers[/\\]dotnet[/\\]cs[/\\]FiniGen\.dll", RegexOptions.IgnoreCase), compile[0]);
    }

    /// <summary>
    /// The build fails with exactly the diagnostics the program's trailing comments name, each at its line of the
    /// app's Program.cs.
    /// </summary>
    private static void AssertTheMisusesAreReportedAtTheirLines(string app, string program, int exitCode, string output)
    {
        var expected = program.Replace("\r\n", "\n").Split('\n')
            .Select((text, index) => (Line: index + 1, Match: Regex.Match(text, @"// (FG\d{4})\s*$")))
            .Where(l => l.Match.Success)
            .Select(l => (l.Line, Id: l.Match.Groups[1].Value))
            .ToHashSet();
        var reported = Regex.Matches(output, @"[/\\]" + Regex.Escape(app) + @"[/\\]Program\.cs\((\d+),\d+\): error (FG\d{4}):")
            .Select(m => (Line: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Id: m.Groups[2].Value))
            .ToHashSet();

        var missing = expected.Except(reported).OrderBy(d => d.Line).ToList();
        var unexpected = reported.Except(expected).OrderBy(d => d.Line).ToList();
        Assert.True(
            missing.Count == 0 && unexpected.Count == 0,
            $"{app}: expected {expected.Count} FiniGen errors at the app's lines; missing: {Describe(missing)}; unexpected: {Describe(unexpected)}; dotnet build exited with {exitCode}:\n{Summary(output)}");
        Assert.NotEqual(0, exitCode);
    }

    private static string Describe(IEnumerable<(int Line, string Id)> diagnostics)
    {
        var text = string.Join(", ", diagnostics.Select(d => d.Id + " at line " + d.Line));
        return text.Length == 0 ? "none" : text;
    }

    /// <summary>The errors and warnings of a normal-verbosity build, and its last lines.</summary>
    private static string Summary(string output)
    {
        var lines = output.Split('\n');
        return string.Join('\n', lines.Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal)).Distinct().Concat(lines.TakeLast(12)));
    }

    private static string[] GeneratedByFiniGen(string projectDirectory)
    {
        var generated = Path.Combine(projectDirectory, "obj", "Debug");
        return Directory.Exists(generated)
            ? Directory.GetFiles(generated, "*.cs", SearchOption.AllDirectories).Where(f => f.Contains(Path.DirectorySeparatorChar + "FiniGen.FiniGenGenerator" + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToArray()
            : [];
    }

    private static XElement FiniGenDependency(string nupkg)
    {
        using var archive = ZipFile.OpenRead(nupkg);
        using var stream = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var dependencies = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
        return dependencies.SingleOrDefault(e => (string?)e.Attribute("id") == "FiniGen")
            ?? throw new Xunit.Sdk.XunitException(Path.GetFileName(nupkg) + " declares no dependency on FiniGen: " + string.Join(", ", dependencies.Select(d => d.ToString())));
    }
}
