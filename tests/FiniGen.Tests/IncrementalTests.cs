using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FiniGen.Tests;

/// <summary>The pipeline caches: keystrokes elsewhere cost nothing, and a contract edit re-emits only what it changes.</summary>
public class IncrementalTests
{
    private static readonly string[] ContractSteps =
    {
        TrackingNames.ContractFiles,
        TrackingNames.AllContractFiles,
        TrackingNames.ContractInputs,
        TrackingNames.ReadContract,
        TrackingNames.EmitParts,
        TrackingNames.ClientIdentities,
        TrackingNames.ShadowedContracts,
    };

    private const string ErrorDescription = "description: Error body of every documented error response (the NestJS default shape `[I]`).";

    [Fact]
    public void UnrelatedCSharpEditLeavesEveryStepCachedAndRegeneratesNothing()
    {
        var (driver, compilation, _) = FirstRun();

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", new CSharpParseOptions(LanguageVersion.CSharp12))));
        var result = driver.GetRunResult().Results[0];

        AssertAllSteps(result, ContractSteps, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void SecondRunOnAClonedCompilationIsFullyCached()
    {
        var (driver, compilation, _) = FirstRun();

        driver = driver.RunGenerators(compilation.Clone());
        var result = driver.GetRunResult().Results[0];

        AssertAllSteps(result, ContractSteps, IncrementalStepRunReason.Cached);
        AssertOutputs(result, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void ContractCommentEditRereadsTheContractButChangesNoOutput()
    {
        var (driver, compilation, text) = FirstRun();

        driver = driver.ReplaceAdditionalText(text, new InMemoryAdditionalText(text.Path, text.GetText()!.ToString() + "\n# a trailing comment\n"));
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results[0];

        Assert.All(Outputs(result, TrackingNames.ReadContract), reason => Assert.Equal(IncrementalStepRunReason.Unchanged, reason));
        AssertAllSteps(result, new[] { TrackingNames.EmitParts }, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void EditingOneSchemaRegeneratesOnlyItsFile()
    {
        var (driver, compilation, text) = FirstRun();
        var original = text.GetText()!.ToString();
        Assert.Contains(ErrorDescription, original);

        var edited = original.Replace(ErrorDescription, "description: The error body, edited.");
        driver = driver.ReplaceAdditionalText(text, new InMemoryAdditionalText(text.Path, edited));
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results[0];

        Assert.All(Outputs(result, TrackingNames.ReadContract), reason => Assert.Equal(IncrementalStepRunReason.Modified, reason));
        var parts = Outputs(result, TrackingNames.EmitParts).ToList();
        Assert.Equal(1, parts.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Contains("The error body, edited.", result.GeneratedSources.Single(s => s.HintName.EndsWith(".Models.Error.g.cs", StringComparison.Ordinal)).SourceText.ToString());
    }

    [Fact]
    public void EditingAnOperationRegeneratesTheClient()
    {
        var (driver, compilation, text) = FirstRun();

        var edited = text.GetText()!.ToString().Replace("operationId: listSources", "operationId: listAllSources");
        driver = driver.ReplaceAdditionalText(text, new InMemoryAdditionalText(text.Path, edited));
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results[0];

        var client = result.GeneratedSources.Single(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("ListAllSourcesAsync(", client);
        Assert.DoesNotContain("ListSourcesAsync(", client);
    }

    [Fact]
    public void PipelineOutputsHoldNoRoslynOrOpenApiObjects()
    {
        var (driver, _, _) = FirstRun();
        var result = driver.GetRunResult().Results[0];

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var step in result.TrackedSteps.Where(s => ContractSteps.Contains(s.Key)).SelectMany(s => s.Value))
        {
            foreach (var (value, _) in step.Outputs)
            {
                AssertPlainValue(value, step.Name ?? "?", visited);
            }
        }

        Assert.True(visited.Count > 100, "The walk visited too little to mean anything: " + visited.Count);
    }

    [Fact]
    public void ReadingTheSameContractTwiceGivesEqualButDistinctModels()
    {
        var contract = GeneratorHarness.FiniContract();
        var file = new Contract.ContractFile(contract.Path, contract.Text, true, contract.Namespace, null, "Consumer");
        var input = new Contract.ContractInput(file, Common.EquatableArray.From(new[] { file }));

        var first = Contract.ContractReader.Read(input, default);
        var second = Contract.ContractReader.Read(input, default);

        Assert.NotNull(first.Model);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotSame(first.Model, second.Model);
    }

    private static (GeneratorDriver Driver, Compilation Compilation, AdditionalText Text) FirstRun()
    {
        var contract = GeneratorHarness.FiniContract();
        var driver = GeneratorHarness.CreateDriver(new[] { contract }, out var texts);
        var compilation = GeneratorHarness.CreateCompilation(null, "class Existing { }");
        driver = driver.RunGenerators(compilation);
        Assert.NotEmpty(driver.GetRunResult().Results[0].GeneratedSources);
        return (driver, compilation, texts[0]);
    }

    private static IEnumerable<IncrementalStepRunReason> Outputs(GeneratorRunResult result, string step)
        => result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static void AssertAllSteps(GeneratorRunResult result, IEnumerable<string> steps, params IncrementalStepRunReason[] allowed)
    {
        foreach (var step in steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), "step " + step + " was not tracked");
            foreach (var reason in Outputs(result, step))
            {
                Assert.True(allowed.Contains(reason), "step " + step + " ran with " + reason);
            }
        }
    }

    private static void AssertOutputs(GeneratorRunResult result, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }

    private static void AssertPlainValue(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        var type = value.GetType();
        Assert.False(value is ISymbol || value is Compilation || value is SyntaxNode || value is SyntaxTree || value is Location || value is SemanticModel,
            path + " holds a " + type.FullName);
        Assert.False(type.Namespace?.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal) == true, path + " holds a " + type.FullName);
        if (!type.IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                AssertPlainValue(item, path + "[" + index++ + "]", visited);
            }

            if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
            {
                return;
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertPlainValue(field.GetValue(value), path + "." + field.Name, visited);
        }
    }
}
