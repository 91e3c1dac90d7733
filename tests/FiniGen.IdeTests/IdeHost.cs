using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FiniGen.IntegrationTests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Xunit;

namespace FiniGen.IdeTests;

/// <summary>Packs FiniGen once for the IDE tests; each test opens consumers of that package in a workspace.</summary>
public sealed class IdeHostFixture : IDisposable
{
    private readonly PackageFixture _package = new();

    /// <summary>The packed FiniGen version, which a consumer's analyzer references must come from.</summary>
    public string Version => _package.Version;

    /// <summary>
    /// Writes a consumer project that references the packed FiniGen (as <see cref="PackageFixture.CreateConsumer"/>
    /// does for the integration tests), restores it, and opens it in an MSBuild workspace, as an IDE opens a project.
    /// </summary>
    public async Task<ConsumerSession> OpenConsumerAsync(string name, string program)
        => await ConsumerSession.OpenAsync(CreateRestoredConsumer(name, program), Version);

    /// <summary>The consumer alone, restored (as an IDE restores a project it opens); returns the project file.</summary>
    public string CreateRestoredConsumer(string name, string program)
    {
        var directory = _package.CreateConsumer(name, program, "net10.0");
        Shell.Dotnet("restore", directory);
        return Path.Combine(directory, name + ".csproj");
    }

    /// <summary>
    /// The same consumer without FiniGen: no package reference, and the client FiniGen generated for it checked in as
    /// plain source under Client/, so that the project compiles to the same program.
    /// </summary>
    public string CreatePlainConsumer(string name, string program, IEnumerable<(string HintName, string Text)> generated)
    {
        var directory = _package.CreateConsumer(name, program, "net10.0");
        var project = Path.Combine(directory, name + ".csproj");
        var text = File.ReadAllText(project);
        var reference = "<PackageReference Include=\"FiniGen\" Version=\"" + Version + "\" />";
        Assert.Contains(reference, text);
        File.WriteAllText(project, text.Replace(reference, string.Empty, StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(directory, "Client"));
        foreach (var (hintName, source) in generated)
        {
            File.WriteAllText(Path.Combine(directory, "Client", hintName), source);
        }

        Shell.Dotnet("restore", directory);
        return project;
    }

    public void Dispose() => _package.Dispose();
}

[CollectionDefinition(Name)]
public sealed class IdeCollection : ICollectionFixture<IdeHostFixture>
{
    public const string Name = "IDE host over packed FiniGen";
}

/// <summary>One consumer project loaded in Roslyn's <see cref="MSBuildWorkspace"/>, with its program and contract.</summary>
public sealed class ConsumerSession : IDisposable
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(3);

    private ConsumerSession(MSBuildWorkspace workspace, Project project, string packageVersion)
    {
        Workspace = workspace;
        ProjectId = project.Id;
        ProgramId = project.Documents.Single(d => Path.GetFileName(d.FilePath) == "Program.cs").Id;
        ContractId = project.AdditionalDocuments.Single(d => Path.GetFileName(d.FilePath) == "fini-sources.openapi.yaml").Id;
        FiniGenReferences = project.AnalyzerReferences
            .Where(r => r.FullPath is not null && r.FullPath.Replace('\\', '/').Contains("/finigen/" + packageVersion.ToLowerInvariant() + "/analyzers/dotnet/cs/", StringComparison.Ordinal))
            .ToList();
    }

    public MSBuildWorkspace Workspace { get; }

    public ProjectId ProjectId { get; }

    public DocumentId ProgramId { get; }

    public DocumentId ContractId { get; }

    /// <summary>The analyzer references that MSBuild resolved from the FiniGen package (generator, analyzers, code fixes, their dependencies).</summary>
    public IReadOnlyList<AnalyzerReference> FiniGenReferences { get; }

    public Solution Solution => Workspace.CurrentSolution;

    public Project Project => Solution.GetProject(ProjectId)!;

    public static async Task<ConsumerSession> OpenAsync(string projectPath, string packageVersion)
    {
        var workspace = MSBuildWorkspace.Create();
        try
        {
            using var timeout = new CancellationTokenSource(LoadTimeout);
            Project project;
            try
            {
                project = await workspace.OpenProjectAsync(projectPath, cancellationToken: timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException("the MSBuild workspace did not load " + projectPath + " within " + LoadTimeout + Failures(workspace));
            }

            var failures = workspace.Diagnostics.Where(d => d.Kind == WorkspaceDiagnosticKind.Failure).ToList();
            Assert.True(failures.Count == 0, "the workspace reported failures loading " + projectPath + Failures(workspace));
            return new ConsumerSession(workspace, project, packageVersion);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    public void Dispose() => Workspace.Dispose();

    private static string Failures(MSBuildWorkspace workspace)
        => string.Concat(workspace.Diagnostics.Select(d => "\n  " + d.Kind + ": " + d.Message));
}

/// <summary><c>FINIGEN_IDE_ITERATIONS</c>: how many measured edits the timing tests make per case, when it is set.</summary>
public static class IdeBenchmark
{
    public static int? Iterations
        => Environment.GetEnvironmentVariable("FINIGEN_IDE_ITERATIONS") is not { Length: > 0 } value ? null
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
            : throw new InvalidOperationException("FINIGEN_IDE_ITERATIONS must be a positive whole number, not '" + value + "'");
}
