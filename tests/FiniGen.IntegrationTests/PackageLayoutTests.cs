using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace FiniGen.IntegrationTests;

/// <summary>The .nupkg is laid out the way analyzer packages are made.</summary>
[Collection(PackageCollection.Name)]
public class PackageLayoutTests(PackageFixture package)
{
    [Fact]
    public void ThePackageHoldsExactlyTheAnalyzerAssembliesBuildFilesAndReadme()
    {
        using var archive = ZipFile.OpenRead(package.Package);
        var files = archive.Entries
            .Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/") && !n.StartsWith("package/") && n != "[Content_Types].xml" && !n.EndsWith(".nuspec"))
            .OrderBy(n => n, System.StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            new[]
            {
                "README.md",
                "analyzers/dotnet/cs/FiniGen.CodeFixes.dll",
                "analyzers/dotnet/cs/FiniGen.dll",
                "analyzers/dotnet/cs/Microsoft.Bcl.AsyncInterfaces.dll",
                "analyzers/dotnet/cs/Microsoft.OpenApi.YamlReader.dll",
                "analyzers/dotnet/cs/Microsoft.OpenApi.dll",
                "analyzers/dotnet/cs/SharpYaml.dll",
                "analyzers/dotnet/cs/System.Text.Encodings.Web.dll",
                "analyzers/dotnet/cs/System.Text.Json.dll",
                "buildTransitive/FiniGen.props",
                "buildTransitive/FiniGen.targets",
            },
            files);
    }

    [Fact]
    public void TheNuspecIsADevelopmentDependencyWithNoDependenciesAndFullMetadata()
    {
        using var archive = ZipFile.OpenRead(package.Package);
        using var stream = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("FiniGen", Value("id"));
        Assert.Equal(package.Version, Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("MIT", Value("license"));
        Assert.Contains("openapi", Value("tags"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.NotNull(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository"));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));
    }
}
