using System;
using System.Diagnostics;
using System.IO;
using FiniGen.Tests.Infrastructure;
using Xunit;

namespace FiniGen.Tests;

/// <summary>The Fini contract lints clean with Spectral's spectral:oas ruleset (installed from npm on first use).</summary>
public class ContractLintTests
{
    private static readonly string ToolDirectory = Path.Combine(GeneratorHarness.RepoRoot, "tools", "spectral");
    private static readonly string Ruleset = Path.Combine(GeneratorHarness.RepoRoot, "contract", ".spectral.yaml");
    private static readonly Lazy<string> Spectral = new(InstallSpectral);

    [Fact]
    public void TheFiniContractLintsCleanAtEverySeverity()
    {
        var (exitCode, output) = Run(Spectral.Value, "lint \"" + GeneratorHarness.FiniContractPath + "\" --ruleset \"" + Ruleset + "\" --fail-severity=hint", GeneratorHarness.RepoRoot);

        Assert.True(exitCode == 0, "Spectral found problems in the contract:\n" + output);
        Assert.Contains("No results with a severity of 'hint' or higher found!", output);
    }

    [Fact]
    public void TheLintRejectsABrokenContract()
    {
        var broken = Path.Combine(Path.GetTempPath(), "finigen-broken-" + Guid.NewGuid().ToString("N") + ".openapi.yaml");
        File.WriteAllText(broken, File.ReadAllText(GeneratorHarness.FiniContractPath).Replace("operationId: getSource", "operationId: listSources"));
        try
        {
            var (exitCode, output) = Run(Spectral.Value, "lint \"" + broken + "\" --ruleset \"" + Ruleset + "\" --fail-severity=hint", GeneratorHarness.RepoRoot);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("operation-operationId-unique", output);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private static string InstallSpectral()
    {
        var binary = Path.Combine(ToolDirectory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "spectral.cmd" : "spectral");
        if (!File.Exists(binary))
        {
            var (exitCode, output) = Run(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", "ci --no-audit --no-fund", ToolDirectory);
            Assert.True(exitCode == 0, "npm ci in tools/spectral failed:\n" + output);
        }

        return binary;
    }

    private static (int ExitCode, string Output) Run(string fileName, string arguments, string directory)
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
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(fileName + " " + arguments + " did not finish within 5 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
