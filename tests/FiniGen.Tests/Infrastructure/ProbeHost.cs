using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FiniGen.Tests.Infrastructure;

/// <summary>
/// A client generated from a test contract, compiled once per contract text and loaded once, against which probes run:
/// small C# sources compiled at test time (once per source text) with static methods the tests call with arguments.
/// </summary>
/// <remarks>
/// Probes are compiled separately from the client, each on its own: a probe that uses client API that does not exist
/// yet fails its own test (with the compiler's errors) while every other probe of the contract still runs, and the test
/// project itself keeps compiling against today's generated code.
/// </remarks>
public sealed class ProbeHost
{
    private static readonly ConcurrentDictionary<string, Lazy<ProbeHost>> Hosts = new(StringComparer.Ordinal);
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);
    private readonly ConcurrentDictionary<string, Lazy<(Assembly? Assembly, string? Errors)>> _probes = new(StringComparer.Ordinal);
    private readonly MetadataReference _clientReference;
    private readonly HostContext _context;
    private readonly string _assemblyName;

    private ProbeHost(string path, string contract)
    {
        var started = Stopwatch.StartNew();
        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract(path, contract) }, null);
        _assemblyName = "Generated" + Hash(contract);
        output = output.WithAssemblyName(_assemblyName);
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var image = stream.ToArray();
        _clientReference = MetadataReference.CreateFromImage(image);
        _context = new HostContext(_assemblyName);
        _context.Client = _context.LoadFromStream(new MemoryStream(image));
        GenerationTime = started.Elapsed;
    }

    /// <summary>How long generating and compiling the client took (once per contract text).</summary>
    public TimeSpan GenerationTime { get; }

    /// <summary>The generated client for <paramref name="contract"/> at <paramref name="path"/> (which names the namespace and the client).</summary>
    public static ProbeHost For(string path, string contract)
        => Hosts.GetOrAdd(path + "\n" + contract, _ => new Lazy<ProbeHost>(() => new ProbeHost(path, contract))).Value;

    /// <summary>The generated type named <paramref name="fullName"/>.</summary>
    public Type Type(string fullName) => _context.Client!.GetType(fullName, throwOnError: true)!;

    /// <summary>
    /// Compiles <paramref name="members"/> (the body of <c>public static class Probe.Probes</c>) against the client, once per
    /// text, and runs <c>Probes.<paramref name="method"/>(<paramref name="arguments"/>)</c>. The method returns a <see cref="Task"/>,
    /// a <c>Task&lt;T&gt;</c> or a value. Whatever the method throws is returned in <see cref="ProbeOutcome.Exception"/>;
    /// a probe that has not finished after <paramref name="limit"/> (default 20 s) fails the test.
    /// </summary>
    public async Task<ProbeOutcome> RunAsync(string members, string method, TimeSpan? limit, params object?[] arguments)
    {
        var (assembly, errors) = _probes.GetOrAdd(members, m => new Lazy<(Assembly?, string?)>(() => Compile(m))).Value;
        if (assembly is null)
        {
            Assert.Fail("The probe does not compile against today's generated client (it uses client API that does not exist yet):\n" + errors);
        }

        var target = assembly!.GetType("Probe.Probes", throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException("No probe method " + method);
        var clock = Stopwatch.StartNew();
        object? value = null;
        Exception? exception = null;
        try
        {
            var returned = target.Invoke(null, arguments);
            if (returned is Task task)
            {
                var within = limit ?? TimeSpan.FromSeconds(20);
                var finished = await Task.WhenAny(task, Task.Delay(within)).ConfigureAwait(false);
                if (finished != task)
                {
                    Assert.Fail("The probe " + method + " did not finish within " + within.TotalSeconds + " s: the call hangs.");
                }

                await task.ConfigureAwait(false);
                var resultProperty = task.GetType().GetProperty("Result");
                value = resultProperty is not null && task.GetType().IsGenericType && task.GetType().GetGenericArguments()[0].Name != "VoidTaskResult"
                    ? resultProperty.GetValue(task)
                    : null;
            }
            else
            {
                value = returned;
            }
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            exception = wrapped.InnerException;
        }
        catch (Exception thrown) when (thrown is not Xunit.Sdk.XunitException)
        {
            exception = thrown;
        }

        return new ProbeOutcome(method, value, exception, clock.Elapsed);
    }

    /// <inheritdoc cref="RunAsync(string, string, TimeSpan?, object?[])"/>
    public Task<ProbeOutcome> RunAsync(string members, string method, params object?[] arguments) => RunAsync(members, method, null, arguments);

    private (Assembly?, string?) Compile(string members)
    {
        var source = "#nullable enable\n#pragma warning disable CS1591, CS0618, CS0612, CS8602, CS8604, CS8625\nusing System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Net;\nusing System.Net.Http;\nusing System.Text;\nusing System.Threading;\nusing System.Threading.Tasks;\n\nnamespace Probe;\n\npublic static class Probes\n{\n"
            + members + "\n}\n";
        var compilation = CSharpCompilation.Create(
            "Probe" + Hash(members),
            new[] { CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Probe.cs") },
            CompileCheck.Net80.Append(_clientReference),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        if (!emitted.Success)
        {
            return (null, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())));
        }

        stream.Position = 0;
        lock (_context)
        {
            return (_context.LoadFromStream(stream), null);
        }
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private sealed class HostContext(string clientName) : AssemblyLoadContext("probes-" + clientName, isCollectible: false)
    {
        public Assembly? Client { get; set; }

        protected override Assembly? Load(AssemblyName assemblyName) => assemblyName.Name == clientName ? Client : null;
    }
}

/// <summary>What a probe did: its return value or the exception it threw, and how long it took.</summary>
public sealed record ProbeOutcome(string Method, object? Value, Exception? Exception, TimeSpan Elapsed)
{
    /// <summary>Asserts that the probe threw an exception of the type named <paramref name="typeName"/> (or a subclass of it; generic arity ignored) and returns it.</summary>
    public Exception Threw(string typeName)
    {
        Assert.True(Exception is not null, Method + " was expected to throw " + typeName + " but returned " + Describe(Value) + " after " + Elapsed.TotalMilliseconds.ToString("0") + " ms");
        Assert.True(Is(Exception!, typeName), Method + " was expected to throw " + typeName + " but threw " + Exception!.GetType().FullName + " after " + Elapsed.TotalMilliseconds.ToString("0") + " ms: " + Exception);
        return Exception!;
    }

    /// <summary>Asserts that the probe returned without throwing and returns its value.</summary>
    public object? Returned()
    {
        Assert.True(Exception is null, Method + " was expected to succeed but threw " + Exception?.GetType().FullName + ": " + Exception);
        return Value;
    }

    /// <summary>Whether <paramref name="exception"/> is of the type named <paramref name="typeName"/> or derives from it.</summary>
    public static bool Is(Exception exception, string typeName)
    {
        for (var type = exception.GetType(); type is not null; type = type.BaseType)
        {
            var name = type.Name.Split('`')[0];
            if (name == typeName || type.FullName?.Split('`')[0] == typeName)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Method + ": " + (Exception is null ? "returned " + Describe(Value) : "threw " + Exception.GetType().FullName + ": " + Exception.Message) + " in " + Elapsed.TotalMilliseconds.ToString("0") + " ms";

    private static string Describe(object? value) => value switch
    {
        null => "(nothing)",
        string s => "\"" + s + "\"",
        _ => value.ToString() ?? value.GetType().Name,
    };
}

/// <summary>Reads members of generated types the test project cannot name.</summary>
public static class Reflect
{
    /// <summary>The value of the public instance property <paramref name="name"/> of <paramref name="target"/>.</summary>
    public static object? Get(object target, string name)
    {
        var property = target.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new Xunit.Sdk.XunitException(target.GetType().FullName + " has no property " + name + "; it has " + string.Join(", ", target.GetType().GetProperties().Select(p => p.Name)));
        return property.GetValue(target);
    }

    /// <summary>Every string reachable from <paramref name="target"/>'s public properties (strings, string collections and dictionaries, nested objects), for leak checks.</summary>
    public static IEnumerable<string> Strings(object? target, int depth = 4)
    {
        if (target is null || depth < 0)
        {
            yield break;
        }

        if (target is string text)
        {
            yield return text;
            yield break;
        }

        if (target is System.Collections.IDictionary dictionary)
        {
            foreach (System.Collections.DictionaryEntry entry in dictionary)
            {
                foreach (var s in Strings(entry.Key, depth - 1).Concat(Strings(entry.Value, depth - 1)))
                {
                    yield return s;
                }
            }

            yield break;
        }

        if (target is System.Text.Json.JsonElement element)
        {
            yield return element.GetRawText();
            yield break;
        }

        if (target is System.Collections.IEnumerable sequence)
        {
            foreach (var item in sequence)
            {
                foreach (var s in Strings(item, depth - 1))
                {
                    yield return s;
                }
            }

            yield break;
        }

        var type = target.GetType();
        if (type.IsPrimitive || type.IsEnum || target is decimal or DateTimeOffset or DateTime or Guid or TimeSpan or Uri)
        {
            yield return target.ToString() ?? string.Empty;
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            object? value;
            try
            {
                value = property.GetValue(target);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            foreach (var s in Strings(value, depth - 1))
            {
                yield return s;
            }
        }
    }
}
