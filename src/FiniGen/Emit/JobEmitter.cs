using System.Linq;
using FiniGen.Common;
using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>Emits the waiters for operations that queue work (<c>x-finigen-async-job</c>) and the types they use.</summary>
internal static class JobEmitter
{
    public static void EmitTypes(EmitContext context, SourceWriter writer)
    {
        var b = context.Header.BaseName;
        context.WriteFileHeader(writer);
        writer.WriteLines($$"""
            /// <summary>How the client waits for work a call queued: polling with exponential backoff and jitter, up to a timeout.</summary>
            {{context.GeneratedCodeAttribute}}
            public sealed partial class {{b}}JobWaitOptions
            {
                // The longest time a timer or a delay takes; anything longer would fail inside the wait.
                internal static readonly global::System.TimeSpan Longest = global::System.TimeSpan.FromMilliseconds(int.MaxValue);

                private global::System.TimeSpan _timeout = global::System.TimeSpan.FromMinutes(15);
                private global::System.TimeSpan _initialDelay = global::System.TimeSpan.FromMilliseconds(250);
                private global::System.TimeSpan _maxDelay = global::System.TimeSpan.FromSeconds(10);
                private double _backoffFactor = 2;
                private double _jitter = 0.2;

                /// <summary>
                /// How long to wait in all before giving up with <see cref="{{b}}JobTimeoutException"/>; a poll still running then
                /// is cancelled. Longer than zero and at most 24.8 days; default 15 minutes.
                /// </summary>
                /// <exception cref="global::System.ArgumentOutOfRangeException">The value is out of range.</exception>
                public global::System.TimeSpan Timeout
                {
                    get => _timeout;
                    set => _timeout = value > global::System.TimeSpan.Zero && value <= Longest ? value : throw new global::System.ArgumentOutOfRangeException(nameof(Timeout), value, "Timeout must be longer than zero and at most 24.8 days.");
                }

                /// <summary>The pause before the second round of polls. From zero to 24.8 days; default 250 ms.</summary>
                /// <exception cref="global::System.ArgumentOutOfRangeException">The value is out of range.</exception>
                public global::System.TimeSpan InitialDelay
                {
                    get => _initialDelay;
                    set => _initialDelay = value >= global::System.TimeSpan.Zero && value <= Longest ? value : throw new global::System.ArgumentOutOfRangeException(nameof(InitialDelay), value, "InitialDelay must be from zero to 24.8 days.");
                }

                /// <summary>The longest pause between rounds. From zero to 24.8 days; default 10 seconds.</summary>
                /// <exception cref="global::System.ArgumentOutOfRangeException">The value is out of range.</exception>
                public global::System.TimeSpan MaxDelay
                {
                    get => _maxDelay;
                    set => _maxDelay = value >= global::System.TimeSpan.Zero && value <= Longest ? value : throw new global::System.ArgumentOutOfRangeException(nameof(MaxDelay), value, "MaxDelay must be from zero to 24.8 days.");
                }

                /// <summary>How much each pause grows over the last. From 1 to 100; default 2.</summary>
                /// <exception cref="global::System.ArgumentOutOfRangeException">The value is out of range.</exception>
                public double BackoffFactor
                {
                    get => _backoffFactor;
                    set => _backoffFactor = value is >= 1 and <= 100 ? value : throw new global::System.ArgumentOutOfRangeException(nameof(BackoffFactor), value, "BackoffFactor must be from 1 to 100.");
                }

                /// <summary>The random share added to or taken from each pause, so that many waiters do not poll in step. From 0 to 1; default 0.2.</summary>
                /// <exception cref="global::System.ArgumentOutOfRangeException">The value is out of range.</exception>
                public double Jitter
                {
                    get => _jitter;
                    set => _jitter = value is >= 0 and <= 1 ? value : throw new global::System.ArgumentOutOfRangeException(nameof(Jitter), value, "Jitter must be from 0 to 1.");
                }
            }

            /// <summary>How far a wait has come.</summary>
            /// <param name="Total">The items being waited for.</param>
            /// <param name="Finished">The items whose work has ended, either way.</param>
            /// <param name="Failed">The items whose work failed.</param>
            {{context.GeneratedCodeAttribute}}
            public readonly record struct {{b}}JobProgress(int Total, int Finished, int Failed);

            /// <summary>The items whose work ended, split by outcome; a failed item comes with its error.</summary>
            /// <typeparam name="T">The item type the status operation returns.</typeparam>
            {{context.GeneratedCodeAttribute}}
            public sealed partial class {{b}}JobResults<T>
                where T : class
            {
                /// <summary>Creates the results.</summary>
                /// <param name="completed">The items whose work succeeded.</param>
                /// <param name="failed">The items whose work failed, with their errors.</param>
                public {{b}}JobResults(global::System.Collections.Generic.IReadOnlyList<T> completed, global::System.Collections.Generic.IReadOnlyList<(T Item, string? Error)> failed)
                {
                    Completed = completed;
                    Failed = failed;
                }

                /// <summary>The items whose work succeeded, in the order of the IDs waited for.</summary>
                public global::System.Collections.Generic.IReadOnlyList<T> Completed { get; }

                /// <summary>The items whose work failed, with the error each one reports.</summary>
                public global::System.Collections.Generic.IReadOnlyList<(T Item, string? Error)> Failed { get; }
            }

            /// <summary>Queued work did not finish within <see cref="{{b}}JobWaitOptions.Timeout"/>.</summary>
            {{context.GeneratedCodeAttribute}}
            public sealed partial class {{b}}JobTimeoutException : global::System.TimeoutException
            {
                /// <summary>Creates the exception.</summary>
                /// <param name="operationId">The operation whose work was waited for.</param>
                /// <param name="pendingIds">The IDs still not finished.</param>
                /// <param name="timeout">The time waited.</param>
                public {{b}}JobTimeoutException(string operationId, global::System.Collections.Generic.IReadOnlyList<string> pendingIds, global::System.TimeSpan timeout)
                    : this(operationId, pendingIds, Describe(operationId, pendingIds, timeout))
                {
                }

                internal {{b}}JobTimeoutException(string operationId, global::System.Collections.Generic.IReadOnlyList<string> pendingIds, string message)
                    : base(message)
                {
                    OperationId = operationId;
                    PendingIds = pendingIds;
                }

                // The message names the first ten IDs, each cut to 100 characters; PendingIds has them all.
                internal static string Describe(string operationId, global::System.Collections.Generic.IReadOnlyList<string> pendingIds, global::System.TimeSpan timeout)
                {
                    var shown = new global::System.Collections.Generic.List<string>();
                    for (var i = 0; i < pendingIds.Count && i < 10; i++)
                    {
                        shown.Add(pendingIds[i].Length > 100 ? pendingIds[i].Substring(0, 100) + "…" : pendingIds[i]);
                    }

                    return operationId + ": " + pendingIds.Count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " item(s) still unfinished after " + timeout.ToString() + ": " + string.Join(", ", shown)
                        + (pendingIds.Count > 10 ? " and " + (pendingIds.Count - 10).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " more" : string.Empty);
                }

                /// <summary>The operation whose work was waited for.</summary>
                public string OperationId { get; }

                /// <summary>The IDs still not finished.</summary>
                public global::System.Collections.Generic.IReadOnlyList<string> PendingIds { get; }
            }
            """);
    }

    /// <summary>The shared polling loop, written into the client once when any operation has a waiter.</summary>
    public static void WritePollingLoop(EmitContext context, SourceWriter writer)
    {
        var b = context.Qualified(context.Header.BaseName);
        writer.WriteLines($$"""
            private async {{EmitContext.Task}}<{{b}}JobResults<T>> WaitForJobsAsync<T>(
                string operationId,
                global::System.Collections.Generic.List<string> ids,
                global::System.Func<string, {{EmitContext.CancellationToken}}, {{EmitContext.Task}}<T>> read,
                global::System.Func<T, string?> status,
                string[] completed,
                string[] failed,
                global::System.Func<T, string?> error,
                {{b}}JobWaitOptions? options,
                global::System.IProgress<{{b}}JobProgress>? progress,
                {{EmitContext.CancellationToken}} cancellationToken)
                where T : class
            {
                options ??= new {{b}}JobWaitOptions();
                var finished = new global::System.Collections.Generic.Dictionary<string, (T Item, bool Failed)>(global::System.StringComparer.Ordinal);
                var delay = options.InitialDelay;

                // The wait's deadline reaches every poll: a poll that hangs ends with the wait, not after it.
                using var deadline = new global::System.Threading.CancellationTokenSource(options.Timeout);
                using var linked = global::System.Threading.CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                try
                {
                    while (true)
                    {
                        foreach (var id in ids)
                        {
                            if (finished.ContainsKey(id))
                            {
                                continue;
                            }

                            var item = await read(id, linked.Token).ConfigureAwait(false);
                            var state = status(item);
                            if (state is not null && global::System.Array.IndexOf(completed, state) >= 0)
                            {
                                finished[id] = (item, false);
                            }
                            else if (state is not null && global::System.Array.IndexOf(failed, state) >= 0)
                            {
                                finished[id] = (item, true);
                            }
                        }

                        var failedCount = 0;
                        foreach (var entry in finished.Values)
                        {
                            failedCount += entry.Failed ? 1 : 0;
                        }

                        progress?.Report(new {{b}}JobProgress(ids.Count, finished.Count, failedCount));
                        if (finished.Count == ids.Count)
                        {
                            var done = new global::System.Collections.Generic.List<T>();
                            var broken = new global::System.Collections.Generic.List<(T Item, string? Error)>();
                            foreach (var id in ids)
                            {
                                var (item, itemFailed) = finished[id];
                                if (itemFailed)
                                {
                                    broken.Add((item, error(item)));
                                }
                                else
                                {
                                    done.Add(item);
                                }
                            }

                            return new {{b}}JobResults<T>(done, broken);
                        }

                        var jitter = 1 + ((global::System.Random.Shared.NextDouble() * 2) - 1) * options.Jitter;
                        await global::System.Threading.Tasks.Task.Delay(global::System.TimeSpan.FromTicks((long)global::System.Math.Min(delay.Ticks * global::System.Math.Max(jitter, 0), {{b}}JobWaitOptions.Longest.Ticks)), linked.Token).ConfigureAwait(false);
                        delay = global::System.TimeSpan.FromTicks((long)global::System.Math.Min(delay.Ticks * options.BackoffFactor, options.MaxDelay.Ticks));
                    }
                }
                catch (global::System.OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    var pending = new global::System.Collections.Generic.List<string>();
                    foreach (var id in ids)
                    {
                        if (!finished.ContainsKey(id))
                        {
                            pending.Add(id);
                        }
                    }

                    // IDs are the server's text: the message is redacted like any other error.
                    throw new {{b}}JobTimeoutException(operationId, pending, RedactText({{b}}JobTimeoutException.Describe(operationId, pending, options.Timeout), Credential)!);
                }
            }
            """);
    }

    /// <summary>The public waiter for one operation.</summary>
    public static void WriteWaiter(EmitContext context, OperationModel operation, AsyncJobModel job, SourceWriter writer)
    {
        var b = context.Qualified(context.Header.BaseName);
        var item = context.TypeName(job.StatusType);
        var response = operation.Success.Type!;
        var responseType = context.NullableTypeName(response, false);
        writer.WriteLine("/// <summary>Waits until the work <see cref=\"" + operation.MethodName + "Async\"/> queued has finished, polling <see cref=\"" + job.StatusMethod + "Async\"/>.</summary>");
        writer.WriteLine("/// <remarks>");
        writer.WriteLine("/// <para>The call returns as soon as the work is queued. This polls each item with backoff and jitter until its "
            + DocComments.Text(job.StatusProperty) + " is " + string.Join(" or ", job.Completed.Concat(job.Failed).Select(v => "<c>" + DocComments.Text(v) + "</c>")) + ", reporting progress after each round.</para>");
        writer.WriteLine("/// </remarks>");
        writer.WriteLine("/// <param name=\"queued\">What <see cref=\"" + operation.MethodName + "Async\"/> returned.</param>");
        writer.WriteLine("/// <param name=\"options\">Timeout and polling pace; null for the defaults.</param>");
        writer.WriteLine("/// <param name=\"progress\">Told how many items have finished after each round.</param>");
        writer.WriteLine("/// <param name=\"cancellationToken\">Stops the wait.</param>");
        writer.WriteLine("/// <returns>The finished items, split into completed and failed (with their errors).</returns>");
        writer.WriteLine("/// <exception cref=\"" + b + "JobTimeoutException\">Some items had not finished when the timeout passed.</exception>");
        writer.WriteLine("public " + EmitContext.Task + "<" + b + "JobResults<" + item + ">> WaitFor" + operation.MethodName + "Async(" + responseType + " queued, " + b + "JobWaitOptions? options = null, global::System.IProgress<" + b + "JobProgress>? progress = null, " + EmitContext.CancellationToken + " cancellationToken = default)");
        writer.OpenBlock();
        writer.WriteLine("if (queued is null)");
        writer.OpenBlock();
        writer.WriteLine("throw new " + EmitContext.ArgumentNullException + "(nameof(queued));");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("var __ids = new global::System.Collections.Generic.List<string>();");
        writer.WriteLine("var __unique = new global::System.Collections.Generic.HashSet<string>(global::System.StringComparer.Ordinal);");
        var sources = job.IdProperties.Count == 0 ? new[] { "queued" } : job.IdProperties.Select(p => "queued." + p).ToArray();
        foreach (var source in sources)
        {
            writer.WriteLine("foreach (var __id in " + source + ")");
            writer.OpenBlock();
            writer.WriteLine("if (__unique.Add(__id))");
            writer.OpenBlock();
            writer.WriteLine("__ids.Add(__id);");
            writer.CloseBlock();
            writer.CloseBlock();
        }

        var status = "__item." + job.StatusProperty + (job.StatusIsEnum ? (job.StatusIsNullable ? "?.Value" : ".Value") : string.Empty);
        var error = job.ErrorProperty is null ? "null" : "__item." + job.ErrorProperty;
        writer.WriteLine("return WaitForJobsAsync(");
        writer.Indentation++;
        writer.WriteLine(Naming.StringLiteral(operation.OperationId) + ",");
        writer.WriteLine("__ids,");
        writer.WriteLine("(__id, __ct) => " + job.StatusMethod + "Async(__id, cancellationToken: __ct),");
        writer.WriteLine("static __item => " + status + ",");
        writer.WriteLine("new[] { " + string.Join(", ", job.Completed.Select(Naming.StringLiteral)) + " },");
        writer.WriteLine((job.Failed.Count == 0 ? "global::System.Array.Empty<string>()" : "new[] { " + string.Join(", ", job.Failed.Select(Naming.StringLiteral)) + " }") + ",");
        writer.WriteLine("static __item => " + error + ",");
        writer.WriteLine("options,");
        writer.WriteLine("progress,");
        writer.WriteLine("cancellationToken);");
        writer.Indentation--;
        writer.CloseBlock();
    }
}
