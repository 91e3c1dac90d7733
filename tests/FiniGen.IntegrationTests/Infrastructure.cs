using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Xunit;

namespace FiniGen.IntegrationTests;

/// <summary>Runs a command and returns its exit code and its whole output.</summary>
public static class Shell
{
    public static (int ExitCode, string Output) Run(string fileName, string arguments, string directory, TimeSpan? timeout = null, params (string Name, string? Value)[] environment)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(fileName + " " + arguments + " did not finish in time:\n" + output);
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    public static string Dotnet(string arguments, string directory, params (string Name, string? Value)[] environment)
    {
        var (exitCode, output) = Run("dotnet", arguments, directory, null, environment);
        Assert.True(exitCode == 0, "dotnet " + arguments + " failed (" + exitCode + "):\n" + output);
        return output;
    }
}

/// <summary>Packs FiniGen once per test run, with a version of its own so that no cached package is ever used.</summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        RepoRoot = FindRepoRoot();
        Root = Path.Combine(Path.GetTempPath(), "finigen-it-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Version = "0.1.0-it." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Guid.NewGuid().ToString("N")[..6];
        using (ReleaseBuildLock(RepoRoot))
        {
            Shell.Dotnet("pack \"" + Path.Combine(RepoRoot, "src", "FiniGen.Package", "FiniGen.Package.csproj") + "\" -c Release -o \"" + Feed + "\" -p:Version=" + Version, RepoRoot);
        }

        Package = Path.Combine(Feed, "FiniGen." + Version + ".nupkg");
        Assert.True(File.Exists(Package), "the pack did not produce " + Package);
    }

    public string RepoRoot { get; }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string Package { get; }

    /// <summary>Creates a consumer project in a folder of its own, referencing the packed FiniGen from the local feed.</summary>
    public string CreateConsumer(string name, string program, string targetFrameworks = "net8.0;net10.0", params (string Path, string Text)[] files)
        => CreateProject(name, name, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>{targetFrameworks}</TargetFrameworks>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- The trimming, single-file and AOT analyzers: generated code must not warn under them. -->
                <IsAotCompatible>true</IsAotCompatible>
                <RootNamespace>{name}</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FiniGen" Version="{Version}" />
              </ItemGroup>
            </Project>
            """, withContract: true, [("Program.cs", program), .. files]);

    /// <summary>
    /// Creates <paramref name="folder"/> (relative to <see cref="Root"/>) holding <c>{name}.csproj</c>, a nuget.config
    /// that adds the local feed, the given files and, with <paramref name="withContract"/>, the Fini contract in
    /// <c>contract/</c>.
    /// </summary>
    public string CreateProject(string folder, string name, string project, bool withContract, params (string Path, string Text)[] files)
    {
        var directory = Path.Combine(Root, folder);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="finigen-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), project);
        if (withContract)
        {
            Directory.CreateDirectory(Path.Combine(directory, "contract"));
            File.Copy(Path.Combine(RepoRoot, "contract", "fini-sources.openapi.yaml"), Path.Combine(directory, "contract", "fini-sources.openapi.yaml"));
        }

        foreach (var (path, text) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return directory;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the folder is in the temp directory.
        }
    }

    /// <summary>
    /// Held while a test builds src/ in Release: the integration and IDE test assemblies run side by side under
    /// <c>dotnet test FiniGen.sln</c>, and two processes building the same project write the same obj folder.
    /// </summary>
    public static IDisposable ReleaseBuildLock(string repoRoot)
    {
        var name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(repoRoot))))[..16];
        var path = Path.Combine(Path.GetTempPath(), "finigen-release-build-" + name + ".lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock between processes (flock on Unix), released when the stream closes.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e)
            {
                if (waited.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException("another test process has held " + path + " for 10 minutes", e);
                }

                Thread.Sleep(200);
            }
        }
    }

    public static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FiniGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("FiniGen.sln not found");
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "packed FiniGen";
}

/// <summary>
/// Tests that build or run samples/QuickStart run one at a time: a publish restores the project for a runtime
/// identifier, which rewrites the obj folder that a concurrent dotnet run reads.
/// </summary>
[CollectionDefinition(Name)]
public sealed class QuickstartCollection
{
    public const string Name = "quickstart";
}
