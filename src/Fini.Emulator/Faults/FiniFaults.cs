using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;

namespace Fini.Emulator;

/// <summary>
/// The emulator's fault injection and its request log: the <see cref="Plan"/> in force (null = no faults, the default)
/// and, for every request, which operation it was, which fault it got, whether it reached the handler and whether a
/// write was applied. Thread-safe. Each request's record is complete before its answer is sent: a client that has a
/// response finds its request in the log and its write counted.
/// </summary>
public sealed class FiniFaults
{
    /// <summary>The most requests <see cref="Requests"/> keeps; older ones are dropped from it (the counters keep counting).</summary>
    public const int MaxRecords = 100_000;

    private readonly Lock _gate = new();
    private readonly Queue<Entry> _entries = new();
    private readonly Dictionary<string, long> _perOperationIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _applied = new(StringComparer.Ordinal);
    private readonly Dictionary<FiniFaultKind, int> _faults = [];
    private FiniFaultPlan? _plan;
    private long _sequence;

    internal FiniFaults(FiniFaultPlan? plan)
    {
        plan?.Validate();
        _plan = plan;
    }

    /// <summary>
    /// The plan in force; null (the default) injects nothing. Setting it restarts the per-operation request indexes the
    /// plan's scripts and hashes count from, so a new plan starts from its first entry; the log is kept.
    /// </summary>
    /// <exception cref="ArgumentException">The plan has a setting out of range.</exception>
    public FiniFaultPlan? Plan
    {
        get
        {
            lock (_gate)
            {
                return _plan;
            }
        }

        set
        {
            value?.Validate();
            lock (_gate)
            {
                _plan = value;
                _perOperationIndex.Clear();
            }
        }
    }

    /// <summary>The requests received, oldest first (at most <see cref="MaxRecords"/>).</summary>
    public IReadOnlyList<FiniRequestRecord> Requests
    {
        get
        {
            lock (_gate)
            {
                return _entries.Select(e => e.ToRecord()).ToList();
            }
        }
    }

    /// <summary>The number of requests received in all, or for one operation (<c>(unmatched)</c> for requests that matched no route).</summary>
    public int RequestCount(string? operationId = null)
    {
        lock (_gate)
        {
            return operationId is null ? _requests.Values.Sum() : _requests.GetValueOrDefault(operationId);
        }
    }

    /// <summary>The number of faults injected in all, or of one kind.</summary>
    public int FaultCount(FiniFaultKind? kind = null)
    {
        lock (_gate)
        {
            return kind is { } k ? _faults.GetValueOrDefault(k) : _faults.Values.Sum();
        }
    }

    /// <summary>The number of writes the workspace applied (handled with a 2xx), in all or for one operation, whatever the client saw.</summary>
    public int WritesApplied(string? operationId = null)
    {
        lock (_gate)
        {
            return operationId is null ? _applied.Values.Sum() : _applied.GetValueOrDefault(operationId);
        }
    }

    /// <summary>Requests received per operation.</summary>
    public IReadOnlyDictionary<string, int> RequestsByOperation()
    {
        lock (_gate)
        {
            return new SortedDictionary<string, int>(_requests, StringComparer.Ordinal);
        }
    }

    /// <summary>Faults injected per kind (kinds never injected are left out).</summary>
    public IReadOnlyDictionary<FiniFaultKind, int> FaultsByKind()
    {
        lock (_gate)
        {
            return new SortedDictionary<FiniFaultKind, int>(_faults);
        }
    }

    /// <summary>Writes applied per operation (operations with none are left out).</summary>
    public IReadOnlyDictionary<string, int> WritesAppliedByOperation()
    {
        lock (_gate)
        {
            return new SortedDictionary<string, int>(_applied, StringComparer.Ordinal);
        }
    }

    /// <summary>Forgets the log and the counters, and restarts the plan's per-operation indexes. The plan stays.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _perOperationIndex.Clear();
            _requests.Clear();
            _applied.Clear();
            _faults.Clear();
            _sequence = 0;
        }
    }

    /// <summary>The figures as text: requests per operation, faults per kind, writes applied.</summary>
    public string Summary()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"requests received: {_requests.Values.Sum()}");
            AppendCounts(text, _requests.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
            text.Append(CultureInfo.InvariantCulture, $"; faults injected: {_faults.Values.Sum()}");
            AppendCounts(text, _faults.OrderBy(p => p.Key).Select(p => (FiniFaultKinds.Name(p.Key), p.Value)));
            text.Append(CultureInfo.InvariantCulture, $"; writes applied: {_applied.Values.Sum()}");
            AppendCounts(text, _applied.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
            return text.ToString();
        }
    }

    private static void AppendCounts(StringBuilder text, IEnumerable<(string Name, int Count)> counts)
    {
        var list = counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Count}")).ToList();
        if (list.Count > 0)
        {
            text.Append(" (").Append(string.Join(", ", list)).Append(')');
        }
    }

    /// <summary>Records a request as it arrives and decides its fault (matched routes only).</summary>
    internal Entry Begin(string? operationId, string method, string path, bool isWrite)
    {
        lock (_gate)
        {
            var operation = operationId ?? "(unmatched)";
            var fault = FiniFaultKind.None;
            if (operationId is not null && _plan is { } plan)
            {
                var index = _perOperationIndex.GetValueOrDefault(operationId);
                _perOperationIndex[operationId] = index + 1;
                fault = plan.Decide(operationId, index);
            }

            var entry = new Entry(this, ++_sequence, operation, method, path, isWrite && operationId is not null, fault, _plan);
            _requests[operation] = _requests.GetValueOrDefault(operation) + 1;
            if (fault != FiniFaultKind.None)
            {
                _faults[fault] = _faults.GetValueOrDefault(fault) + 1;
            }

            _entries.Enqueue(entry);
            if (_entries.Count > MaxRecords)
            {
                _entries.Dequeue();
            }

            return entry;
        }
    }

    /// <summary>One request's record while it is being handled. Updated under the owner's lock.</summary>
    internal sealed class Entry(FiniFaults owner, long sequence, string operation, string method, string path, bool isWrite, FiniFaultKind fault, FiniFaultPlan? plan)
    {
        private bool _reachedHandler;
        private int? _handlerStatus;
        private int? _sentStatus;
        private bool _completed;

        public FiniFaultKind Fault => fault;

        public string Operation => operation;

        /// <summary>The plan that decided the fault (its delay and Retry-After apply).</summary>
        public FiniFaultPlan? Plan => plan;

        /// <summary>Records the end of the emulator's own handling: whether the operation's handler ran, and the status it produced (null if it never got to answer).</summary>
        public void Handled(bool reachedHandler, int? status)
        {
            lock (owner._gate)
            {
                _reachedHandler = reachedHandler;
                _handlerStatus = status;
                if (isWrite && reachedHandler && status is >= 200 and < 300)
                {
                    owner._applied[operation] = owner._applied.GetValueOrDefault(operation) + 1;
                }
            }
        }

        public void Finished(int? sentStatus)
        {
            lock (owner._gate)
            {
                _sentStatus = sentStatus;
                _completed = true;
            }
        }

        public FiniRequestRecord ToRecord() => new()
        {
            Sequence = sequence,
            Operation = operation,
            Method = method,
            Path = path,
            IsWrite = isWrite,
            Fault = fault,
            ReachedHandler = _reachedHandler,
            HandlerStatus = _handlerStatus,
            SentStatus = _sentStatus,
            Completed = _completed,
        };
    }
}
