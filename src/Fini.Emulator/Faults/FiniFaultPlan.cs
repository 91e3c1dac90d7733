using System;
using System.Collections.Generic;
using System.Linq;
using Fini.Emulator.Http;

namespace Fini.Emulator;

/// <summary>
/// Which requests get which fault (see <see cref="FiniFaultKind"/>). Deterministic: the <c>n</c>-th request to an operation
/// gets the same fault on every run with the same plan, whatever the interleaving with other operations.
/// </summary>
/// <remarks>
/// <para>
/// A <b>script</b> (<see cref="Script"/>, <see cref="Always"/>) fixes the faults of one operation: its <c>n</c>-th
/// request gets the script's <c>n</c>-th entry (<see cref="FiniFaultKind.None"/> for a clean one), and requests past
/// the end are clean, or all get the last entry for <see cref="Always"/>.
/// </para>
/// <para>
/// Operations without a script get a random fault with probability <see cref="Rate"/>, drawn from
/// <see cref="Kinds"/> by a hash of <see cref="Seed"/>, the operation and the request's index.
/// </para>
/// <para>
/// Operations are named by the contract's operationIds (<c>listSources</c>, <c>ingestSources</c>, ...). Requests that
/// match no route (404) never get a fault.
/// </para>
/// </remarks>
public sealed class FiniFaultPlan
{
    private readonly Dictionary<string, (FiniFaultKind[] Sequence, bool RepeatLast)> _scripts = new(StringComparer.Ordinal);

    /// <summary>The operationIds of the contract, which scripts may name.</summary>
    public static IReadOnlyList<string> Operations => EmulatorApi.OperationIds;

    /// <summary>Probability, from 0 to 1, that a request to an operation without a script gets a fault. Default 0.</summary>
    public double Rate { get; set; }

    /// <summary>Seed of the random faults. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>The kinds random faults are drawn from, with equal weight. Default <see cref="FiniFaultKinds.All"/>.</summary>
    public IReadOnlyList<FiniFaultKind> Kinds { get; set; } = FiniFaultKinds.All;

    /// <summary>How long a <see cref="FiniFaultKind.Delay"/> holds the response back. Default 5 s.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>Retry-After</c> of a <see cref="FiniFaultKind.TooManyRequests"/>, sent in whole seconds (rounded up). Default 1 s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The operations that have a script.</summary>
    public IReadOnlyCollection<string> ScriptedOperations => _scripts.Keys;

    /// <summary>A plan of random faults: each request gets one with probability <paramref name="rate"/>.</summary>
    /// <param name="rate">Probability from 0 to 1.</param>
    /// <param name="seed">Seed; the same seed gives the same faults.</param>
    /// <param name="kinds">The kinds to draw from; none for all of them.</param>
    public static FiniFaultPlan Random(double rate, int seed, params FiniFaultKind[] kinds) => new()
    {
        Rate = rate,
        Seed = seed,
        Kinds = kinds.Length == 0 ? FiniFaultKinds.All : kinds,
    };

    /// <summary>
    /// Scripts the faults of <paramref name="operationId"/>: its <c>n</c>-th request gets <paramref name="sequence"/>[n]
    /// (<see cref="FiniFaultKind.None"/> for a clean one); later requests are clean. Replaces an earlier script.
    /// </summary>
    /// <returns>This plan.</returns>
    /// <exception cref="ArgumentException">The operation is not one of <see cref="Operations"/>, or the sequence is empty.</exception>
    public FiniFaultPlan Script(string operationId, params FiniFaultKind[] sequence) => Add(operationId, sequence, repeatLast: false);

    /// <summary>Every request to <paramref name="operationId"/> gets <paramref name="kind"/>. Replaces an earlier script.</summary>
    /// <returns>This plan.</returns>
    /// <exception cref="ArgumentException">The operation is not one of <see cref="Operations"/>.</exception>
    public FiniFaultPlan Always(string operationId, FiniFaultKind kind) => Add(operationId, [kind], repeatLast: true);

    /// <summary>The fault of the request with zero-based <paramref name="index"/> among the requests to <paramref name="operationId"/>.</summary>
    public FiniFaultKind Decide(string operationId, long index)
    {
        ArgumentNullException.ThrowIfNull(operationId);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (_scripts.TryGetValue(operationId, out var script))
        {
            var sequence = script.Sequence;
            return index < sequence.Length ? sequence[index] : script.RepeatLast ? sequence[^1] : FiniFaultKind.None;
        }

        if (Rate <= 0 || Kinds.Count == 0)
        {
            return FiniFaultKind.None;
        }

        var hash = Mix((ulong)(uint)Seed ^ (Fnv1a(operationId) * 0x9E3779B97F4A7C15UL) ^ ((ulong)index * 0xD1B54A32D192ED03UL));
        var draw = (hash >> 11) * (1.0 / (1UL << 53));
        if (draw >= Rate)
        {
            return FiniFaultKind.None;
        }

        return Kinds[(int)(Mix(hash) % (ulong)Kinds.Count)];
    }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">Rate outside 0..1, an empty or invalid kind list, or a negative delay.</exception>
    internal void Validate()
    {
        if (double.IsNaN(Rate) || Rate is < 0 or > 1)
        {
            throw new ArgumentException("Faults.Rate must be between 0 and 1.");
        }

        if (Kinds is null || Kinds.Count == 0 || Kinds.Any(k => k == FiniFaultKind.None || !FiniFaultKinds.All.Contains(k)))
        {
            throw new ArgumentException("Faults.Kinds must list at least one fault kind, and not None.");
        }

        if (Delay < TimeSpan.Zero || RetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("Faults.Delay and Faults.RetryAfter must not be negative.");
        }
    }

    /// <summary>A one-line description, for the command line's banner.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Rate > 0)
        {
            parts.Add(FormattableString.Invariant($"{Rate:0.###} of requests, seed {Seed}, kinds {string.Join(",", Kinds.Select(FiniFaultKinds.Name))}"));
        }

        foreach (var (operation, script) in _scripts.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            parts.Add($"{operation}: {string.Join(",", script.Sequence.Select(FiniFaultKinds.Name))}{(script.RepeatLast ? " (always)" : string.Empty)}");
        }

        parts.Add(FormattableString.Invariant($"delay {Delay.TotalMilliseconds:0} ms, Retry-After {RetryAfterSeconds} s"));
        return string.Join("; ", parts);
    }

    internal long RetryAfterSeconds => (long)Math.Ceiling(RetryAfter.TotalSeconds);

    private FiniFaultPlan Add(string operationId, FiniFaultKind[] sequence, bool repeatLast)
    {
        ArgumentNullException.ThrowIfNull(operationId);
        ArgumentNullException.ThrowIfNull(sequence);
        if (!EmulatorApi.OperationIds.Contains(operationId, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown operation '{operationId}': use one of {string.Join(", ", EmulatorApi.OperationIds)}.", nameof(operationId));
        }

        if (sequence.Length == 0)
        {
            throw new ArgumentException("A script needs at least one entry.", nameof(sequence));
        }

        if (sequence.Any(k => k != FiniFaultKind.None && !FiniFaultKinds.All.Contains(k)))
        {
            throw new ArgumentException("A script may only hold FiniFaultKind values.", nameof(sequence));
        }

        _scripts[operationId] = ((FiniFaultKind[])sequence.Clone(), repeatLast);
        return this;
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    // SplitMix64's finalizer: a well-mixed 64-bit value from any input.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
