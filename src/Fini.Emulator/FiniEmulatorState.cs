using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Fini.Emulator.Domain;
using Fini.Emulator.Http;

namespace Fini.Emulator;

/// <summary>
/// The in-memory workspace of one emulator: source records, knowledge articles, jobs and provider connections.
/// Thread-safe. Job transitions are computed from timestamps whenever the state is read (through the API or through
/// this class), so nothing runs in the background and a fake <see cref="TimeProvider"/> makes every run deterministic.
/// </summary>
public sealed class FiniEmulatorState
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _step;
    private readonly Dictionary<Guid, SourceRecord> _sources = [];
    private readonly Dictionary<string, SourceRecord> _byExternalId = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, ArticleRecord> _articles = [];
    private readonly Dictionary<Guid, IngestJob> _ingestJobs = [];
    private readonly Dictionary<Guid, KnowledgeJob> _knowledgeJobs = [];
    private readonly List<PendingEvent> _pending = [];
    private readonly HashSet<string> _connected = new(StringComparer.Ordinal);
    private long _sequence;

    internal FiniEmulatorState(TimeProvider timeProvider, TimeSpan jobStepDuration, IEnumerable<string> connectedProviders)
    {
        _time = timeProvider;
        _step = jobStepDuration;
        _connected.UnionWith(connectedProviders);
    }

    /// <summary>The folder that new knowledge articles are created in (<c>parentFolderId</c>).</summary>
    public Guid DefaultFolderId { get; } = Guid.NewGuid();

    /// <summary>The length of each job step (<see cref="FiniEmulatorOptions.JobStepDuration"/>).</summary>
    public TimeSpan JobStepDuration => _step;

    /// <summary>The number of source records in the workspace.</summary>
    public int SourceCount
    {
        get
        {
            lock (_gate)
            {
                Sync();
                return _sources.Count;
            }
        }
    }

    /// <summary>Adds a source record directly, without a request. Returns its ID.</summary>
    /// <exception cref="ArgumentException">The seed is inconsistent (unknown source type, missing or duplicate IDs, a web source without a URL).</exception>
    public Guid AddSource(FiniSourceSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (!Wire.IsOneOf(seed.Source, Wire.SourceTypes))
        {
            throw new ArgumentException($"Source must be one of {Wire.List(Wire.SourceTypes)}.", nameof(seed));
        }

        if (seed.LinkedOperation is not null && !Wire.IsOneOf(seed.LinkedOperation, Wire.LinkedOperations))
        {
            throw new ArgumentException($"LinkedOperation must be one of {Wire.List(Wire.LinkedOperations)}.", nameof(seed));
        }

        lock (_gate)
        {
            var now = Sync();
            var id = seed.Id ?? Guid.NewGuid();
            if (_sources.ContainsKey(id))
            {
                throw new ArgumentException($"A source with ID {id} already exists.", nameof(seed));
            }

            string? externalId = seed.ExternalId;
            string? originalUrl = seed.OriginalUrl;
            if (seed.Source == Wire.Web)
            {
                externalId ??= originalUrl;
                originalUrl ??= externalId;
                if (!Wire.TryParseHttpUrl(originalUrl, out _))
                {
                    throw new ArgumentException("A web source needs an absolute http(s) URL in OriginalUrl or ExternalId.", nameof(seed));
                }
            }
            else
            {
                externalId ??= "emu-" + (++_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (_byExternalId.ContainsKey(ExternalKey(seed.Source, externalId!)))
            {
                throw new ArgumentException($"A {seed.Source} source with external ID '{externalId}' already exists.", nameof(seed));
            }

            var createdAt = Wire.Truncate(seed.CreatedAt ?? now);
            var record = new SourceRecord
            {
                Id = id,
                Source = seed.Source,
                ExternalId = externalId,
                OriginalUrl = originalUrl,
                Title = seed.Title ?? (originalUrl is null ? externalId : ContentRules.TitleFromUrl(originalUrl)),
                MimeType = seed.MimeType ?? (seed.Source == Wire.Web ? "text/html" : "text/markdown"),
                Type = seed.Type,
                English = seed.English,
                Baser = seed.Baser,
                CreatedAt = createdAt,
                UpdatedAt = Wire.Truncate(seed.UpdatedAt ?? createdAt),
                Changed = seed.Changed,
            };

            if (seed.Processed)
            {
                var job = new IngestJob { Id = Guid.NewGuid(), SourceId = id, QueuedAt = createdAt, FinalStatus = Wire.Completed };
                _ingestJobs.Add(job.Id, job);
                record.Job = job;
                record.Revision = 1;
                record.Paragraphs = seed.Paragraphs?.ToList()
                    ?? ContentRules.Paragraphs(record.Source, record.Title!, record.OriginalUrl, record.ExternalId, 1);
                record.OldParagraphs = [];
                record.Success = true;
                record.Error = string.Empty;
                record.StorageUrl = ContentRules.StorageUrl(id);
                record.Changed = seed.Changed ?? false;
            }

            if (seed.LinkToKnowledge)
            {
                var article = new ArticleRecord { Id = Guid.NewGuid(), Title = record.Title ?? externalId!, ParentFolderId = DefaultFolderId };
                _articles.Add(article.Id, article);
                record.LinkedKnowledgeId = article.Id;
                record.LinkedOperation = seed.LinkedOperation ?? Wire.AddArticleToFolder;
            }

            Insert(record);
            return id;
        }
    }

    /// <summary>A snapshot of one source, or <see langword="null"/> when there is none with that ID.</summary>
    public FiniSourceSnapshot? GetSource(Guid id)
    {
        lock (_gate)
        {
            var now = Sync();
            return _sources.TryGetValue(id, out var record) ? Snapshot(record, now) : null;
        }
    }

    /// <summary>Snapshots of every source, in list order (<c>updatedAt</c> descending, then <c>externalId</c> descending).</summary>
    public IReadOnlyList<FiniSourceSnapshot> GetSources()
    {
        lock (_gate)
        {
            var now = Sync();
            var records = _sources.Values.ToList();
            records.Sort(CompareForList);
            return records.Select(r => Snapshot(r, now)).ToList();
        }
    }

    /// <summary>Snapshots of every knowledge article.</summary>
    public IReadOnlyList<FiniArticleSnapshot> GetArticles()
    {
        lock (_gate)
        {
            Sync();
            return _articles.Values.Select(ArticleSnapshot).ToList();
        }
    }

    /// <summary>Whether <paramref name="provider"/> (<c>notion</c>, <c>zendesk</c> or <c>confluence</c>) is connected.</summary>
    public bool IsProviderConnected(string provider)
    {
        lock (_gate)
        {
            return _connected.Contains(provider);
        }
    }

    /// <summary>
    /// Connects or disconnects a provider. While disconnected, its discovery and registration routes answer 400 and its
    /// ingest and refresh jobs fail, as a lapsed connection does.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="provider"/> is not <c>notion</c>, <c>zendesk</c> or <c>confluence</c>.</exception>
    public void SetProviderConnected(string provider, bool connected)
    {
        if (!Wire.IsOneOf(provider, Wire.Providers))
        {
            throw new ArgumentException($"Provider must be one of {Wire.List(Wire.Providers)}.", nameof(provider));
        }

        lock (_gate)
        {
            Sync();
            if (connected)
            {
                _connected.Add(provider);
            }
            else
            {
                _connected.Remove(provider);
            }
        }
    }

    /// <summary>Removes every source, article and job (provider connections are kept).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _sources.Clear();
            _byExternalId.Clear();
            _articles.Clear();
            _ingestJobs.Clear();
            _knowledgeJobs.Clear();
            _pending.Clear();
        }
    }

    // ---- Operations behind the routes. Each takes the lock, applies due transitions, validates, then mutates. ----

    internal FiniSourceSnapshot Get(Guid id) =>
        GetSource(id) ?? throw ApiException.NotFound($"Source {id:D} not found in this workspace");

    internal ListResult List(ListQuery query)
    {
        lock (_gate)
        {
            var now = Sync();
            SourceRecord? cursor = null;
            if (query.Cursor is Guid cursorId && !_sources.TryGetValue(cursorId, out cursor))
            {
                throw ApiException.BadRequest($"cursor {cursorId:D} is not the ID of a source in this workspace: take it from the first or last id of a page");
            }

            var matches = _sources.Values.Where(query.Matches).ToList();
            matches.Sort(CompareForList);

            int start;
            int end;
            bool hasMore;
            if (cursor is null)
            {
                start = 0;
                end = Math.Min(query.Limit, matches.Count);
                hasMore = matches.Count > end;
            }
            else if (!query.Previous)
            {
                // next: toward older records, strictly after the cursor in list order.
                start = FirstIndexAfter(matches, cursor, inclusive: false);
                end = (int)Math.Min(matches.Count, (long)start + query.Limit); // a limit of int.MaxValue must not wrap
                hasMore = end < matches.Count;
            }
            else
            {
                // previous: toward newer records, the page right before the cursor, still newest first.
                end = FirstIndexAfter(matches, cursor, inclusive: true);
                start = Math.Max(0, end - query.Limit);
                hasMore = start > 0;
            }

            var page = matches.Skip(start).Take(end - start).Select(r => Snapshot(r, now)).ToList();
            return new ListResult(page, hasMore);
        }
    }

    internal SourceIdsResult IngestWeb(IReadOnlyList<string> toAdd, IReadOnlyList<string> toRefresh, bool english, bool baser)
    {
        lock (_gate)
        {
            var now = Sync();
            var added = new List<Guid>();
            var updated = new List<Guid>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var url in toAdd.Concat(toRefresh))
            {
                if (!seen.Add(url))
                {
                    continue;
                }

                if (_byExternalId.TryGetValue(ExternalKey(Wire.Web, url), out var record))
                {
                    updated.Add(record.Id);
                }
                else
                {
                    record = new SourceRecord
                    {
                        Id = Guid.NewGuid(),
                        Source = Wire.Web,
                        ExternalId = url,
                        OriginalUrl = url,
                        Title = ContentRules.TitleFromUrl(url),
                        MimeType = "text/html",
                        CreatedAt = now,
                        UpdatedAt = now,
                    };
                    Insert(record);
                    added.Add(record.Id);
                }

                record.English = english;
                record.Baser = baser;
                Queue(record, now);
            }

            return new SourceIdsResult(added, updated);
        }
    }

    internal SourceIdsResult IngestProvider(string source, IReadOnlyList<Guid> toAdd, IReadOnlyList<Guid> toRefresh, bool english, bool baser)
    {
        lock (_gate)
        {
            var now = Sync();
            CheckProviderIds("documentIdsToAdd", toAdd, source);
            CheckProviderIds("documentIdsToRefresh", toRefresh, source);

            var added = new List<Guid>();
            var updated = new List<Guid>();
            var seen = new HashSet<Guid>();
            foreach (var (id, isAdd) in toAdd.Select(id => (id, true)).Concat(toRefresh.Select(id => (id, false))))
            {
                if (!seen.Add(id))
                {
                    continue;
                }

                var record = _sources[id];
                (isAdd ? added : updated).Add(id);
                record.English = english;
                record.Baser = baser;
                Queue(record, now);
            }

            return new SourceIdsResult(added, updated);
        }
    }

    internal void EnsureProviderConnected(string provider)
    {
        lock (_gate)
        {
            if (!_connected.Contains(provider))
            {
                throw ApiException.BadRequest($"The {provider} provider is not connected in this workspace: connect it in the dashboard first");
            }
        }
    }

    /// <summary>External IDs of the provider's sources whose latest run succeeded: discovery leaves them out.</summary>
    internal HashSet<string> ImportedExternalIds(string provider)
    {
        lock (_gate)
        {
            Sync();
            if (!_connected.Contains(provider))
            {
                throw ApiException.BadRequest($"The {provider} provider is not connected in this workspace: connect it in the dashboard first");
            }

            return _sources.Values
                .Where(r => r.Source == provider && r.Success == true && r.ExternalId is not null)
                .Select(r => r.ExternalId!)
                .ToHashSet(StringComparer.Ordinal);
        }
    }

    internal SourceIdsResult Register(string provider, IReadOnlyList<ResourceInput> resources)
    {
        lock (_gate)
        {
            var now = Sync();
            if (!_connected.Contains(provider))
            {
                throw ApiException.BadRequest($"The {provider} provider is not connected in this workspace: connect it in the dashboard first");
            }

            var added = new List<Guid>();
            var updated = new List<Guid>();
            foreach (var resource in resources)
            {
                if (_byExternalId.TryGetValue(ExternalKey(provider, resource.ExternalId), out var record))
                {
                    record.Title = resource.Title;
                    record.OriginalUrl = resource.OriginalUrl;
                    record.MimeType = resource.MimeType;
                    record.Type = resource.Object ?? record.Type;
                    record.UpdatedAt = now;
                    if (!added.Contains(record.Id) && !updated.Contains(record.Id))
                    {
                        updated.Add(record.Id);
                    }

                    continue;
                }

                record = new SourceRecord
                {
                    Id = Guid.NewGuid(),
                    Source = provider,
                    ExternalId = resource.ExternalId,
                    Title = resource.Title,
                    OriginalUrl = resource.OriginalUrl,
                    MimeType = resource.MimeType,
                    Type = resource.Object,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                Insert(record);
                added.Add(record.Id);
            }

            return new SourceIdsResult(added, updated);
        }
    }

    internal IReadOnlyList<Guid> Refresh(IReadOnlyList<Guid> ids)
    {
        lock (_gate)
        {
            var now = Sync();
            for (var i = 0; i < ids.Count; i++)
            {
                if (!_sources.TryGetValue(ids[i], out var record))
                {
                    throw ApiException.BadRequest($"documentIds[{i}]: no source with ID {ids[i]:D} in this workspace");
                }

                if (record.Source == Wire.Files)
                {
                    throw ApiException.BadRequest(
                        $"documentIds[{i}]: source {ids[i]:D} is a raw-file source (source: files) and cannot be refreshed: delete it and upload the file again");
                }
            }

            var queued = ids.Distinct().ToList();
            foreach (var id in queued)
            {
                Queue(_sources[id], now);
            }

            return queued;
        }
    }

    internal DeleteResult Delete(IReadOnlyList<Guid> ids, bool deleteArticles)
    {
        lock (_gate)
        {
            var now = Sync();
            for (var i = 0; i < ids.Count; i++)
            {
                if (!_sources.ContainsKey(ids[i]))
                {
                    throw ApiException.BadRequest($"documentIds[{i}]: no source with ID {ids[i]:D} in this workspace");
                }
            }

            var documents = new List<(Guid, string?, string?)>();
            var articles = new List<FiniArticleSnapshot>();
            foreach (var id in ids.Distinct())
            {
                var record = _sources[id];
                _sources.Remove(id);
                if (record.ExternalId is not null)
                {
                    _byExternalId.Remove(ExternalKey(record.Source, record.ExternalId));
                }

                documents.Add((record.Id, record.Title, record.OriginalUrl));
                if (deleteArticles && record.LinkedKnowledgeId is Guid articleId && _articles.Remove(articleId, out var article))
                {
                    articles.Add(ArticleSnapshot(article));
                }
            }

            // Sources still linked to a deleted article lose the link.
            foreach (var record in _sources.Values)
            {
                if (record.LinkedKnowledgeId is Guid articleId && articles.Any(a => a.Id == articleId))
                {
                    record.LinkedKnowledgeId = null;
                    record.UpdatedAt = now;
                }
            }

            return new DeleteResult(documents, articles);
        }
    }

    internal IReadOnlyList<(Guid DocumentId, Guid JobId)> BulkGenerate(IReadOnlyList<Guid> ids, IReadOnlyCollection<string>? allowedOperations, bool isDraft)
    {
        lock (_gate)
        {
            var now = Sync();
            for (var i = 0; i < ids.Count; i++)
            {
                if (!_sources.ContainsKey(ids[i]))
                {
                    throw ApiException.BadRequest($"documentIds[{i}]: no source with ID {ids[i]:D} in this workspace");
                }
            }

            var jobs = new List<(Guid, Guid)>();
            foreach (var id in ids.Distinct())
            {
                var record = _sources[id];
                var job = new KnowledgeJob
                {
                    Id = Guid.NewGuid(),
                    SourceId = id,
                    CreatedAt = now,
                    AllowedOperations = allowedOperations,
                    IsDraft = isDraft,
                    // Generation reads stored content: without a completed, successful run there is nothing to use.
                    Blocked = record.Job?.FinalStatus != Wire.Completed || record.Success != true,
                };
                _knowledgeJobs.Add(job.Id, job);
                AddEvent(now + _step + _step, job.Id, isKnowledgeJob: true);
                jobs.Add((id, job.Id));
            }

            return jobs;
        }
    }

    internal IReadOnlyList<KnowledgeJobRow> KnowledgeJobs(IReadOnlyList<Guid> ids)
    {
        lock (_gate)
        {
            var now = Sync();
            var unknown = ids.Where(id => !_knowledgeJobs.ContainsKey(id)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                var message = $"Knowledge job not found: {string.Join(", ", unknown.Select(id => id.ToString("D")))}";
                var ingest = unknown.Where(_ingestJobs.ContainsKey).ToList();
                if (ingest.Count > 0)
                {
                    message += $" ({string.Join(", ", ingest.Select(id => id.ToString("D")))}: an ingest or refresh job, a source's linkedJobId, "
                        + "not a knowledge-generation job; poll it with getSource or listSources)";
                }

                throw ApiException.NotFound(message);
            }

            return ids.Distinct().Select(id =>
            {
                var job = _knowledgeJobs[id];
                var started = job.CreatedAt + _step;
                var status = job.FinalStatus ?? (now < started ? Wire.Pending : Wire.InProgress);
                return new KnowledgeJobRow(
                    job.Id,
                    status,
                    job.CreatedAt,
                    status == Wire.Pending ? null : started,
                    job.FinalStatus is null ? null : started + _step,
                    job.HcArticleId);
            }).ToList();
        }
    }

    // ---- Internals (all called under the lock). ----

    private static string ExternalKey(string source, string externalId) => source + "\n" + externalId;

    private static int CompareForList(SourceRecord a, SourceRecord b)
    {
        var order = b.UpdatedAt.CompareTo(a.UpdatedAt);
        if (order == 0)
        {
            order = string.CompareOrdinal(b.ExternalId ?? string.Empty, a.ExternalId ?? string.Empty);
        }

        if (order == 0)
        {
            // Not part of the documented order: makes it total, so cursors never skip or repeat records.
            order = string.CompareOrdinal(b.Id.ToString("D"), a.Id.ToString("D"));
        }

        return order;
    }

    /// <summary>Index of the first record after the cursor in list order (or at it, when <paramref name="inclusive"/>).</summary>
    private static int FirstIndexAfter(List<SourceRecord> sorted, SourceRecord cursor, bool inclusive)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            var order = CompareForList(sorted[middle], cursor);
            if (order < 0 || (order == 0 && !inclusive))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static FiniArticleSnapshot ArticleSnapshot(ArticleRecord article) => new()
    {
        Id = article.Id,
        Title = article.Title,
        ParentFolderId = article.ParentFolderId,
        IsDraft = article.IsDraft,
    };

    private DateTimeOffset Now() => Wire.Truncate(_time.GetUtcNow());

    /// <summary>Applies every transition due by now, in time order, and returns now.</summary>
    private DateTimeOffset Sync()
    {
        var now = Now();
        while (_pending.Count > 0 && _pending[0].Due <= now)
        {
            var due = _pending[0];
            _pending.RemoveAt(0);
            if (due.IsKnowledgeJob)
            {
                CompleteKnowledgeJob(due);
            }
            else
            {
                CompleteIngestJob(due);
            }
        }

        return now;
    }

    private void AddEvent(DateTimeOffset due, Guid jobId, bool isKnowledgeJob)
    {
        var item = new PendingEvent(due, ++_sequence, jobId, isKnowledgeJob);
        var index = _pending.FindLastIndex(e => e.Due <= due) + 1;
        _pending.Insert(index, item);
    }

    private void Insert(SourceRecord record)
    {
        _sources.Add(record.Id, record);
        if (record.ExternalId is not null)
        {
            _byExternalId[ExternalKey(record.Source, record.ExternalId)] = record;
        }
    }

    private void CheckProviderIds(string field, IReadOnlyList<Guid> ids, string source)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (!_sources.TryGetValue(ids[i], out var record))
            {
                throw ApiException.BadRequest(
                    $"{field}[{i}]: no source with ID {ids[i]:D} in this workspace (register provider resources first and send the IDs it returns)");
            }

            if (record.Source != source)
            {
                throw ApiException.BadRequest($"{field}[{i}]: source {ids[i]:D} is a {record.Source} source, but source is '{source}'");
            }
        }
    }

    /// <summary>Queues an ingest or refresh job on a record; its outcome is decided now and applied two steps later.</summary>
    private void Queue(SourceRecord record, DateTimeOffset now)
    {
        var failure = record.Source switch
        {
            Wire.Web => ContentRules.WebFetchError(record.OriginalUrl ?? record.ExternalId ?? string.Empty),
            _ => ContentRules.ProviderFetchError(
                record.Source,
                record.OriginalUrl,
                !Wire.IsOneOf(record.Source, Wire.Providers) || _connected.Contains(record.Source)),
        };
        var job = new IngestJob { Id = Guid.NewGuid(), SourceId = record.Id, QueuedAt = now, Failure = failure };
        _ingestJobs.Add(job.Id, job);
        record.Job = job;
        record.UpdatedAt = now;
        AddEvent(now + _step + _step, job.Id, isKnowledgeJob: false);
    }

    private void CompleteIngestJob(PendingEvent due)
    {
        if (!_ingestJobs.TryGetValue(due.JobId, out var job)
            || !_sources.TryGetValue(job.SourceId, out var record)
            || !ReferenceEquals(record.Job, job))
        {
            return; // the source was deleted, or a newer job replaced this one
        }

        record.UpdatedAt = due.Due;
        if (job.Failure is not null)
        {
            job.FinalStatus = Wire.Failed;
            record.Success = false;
            record.Error = job.Failure;
            record.Changed = false;
            return;
        }

        var hadContent = record.Revision > 0;
        var revision = !hadContent ? 1 : ContentRules.IsStatic(record.OriginalUrl) ? record.Revision : record.Revision + 1;
        var previous = record.Paragraphs ?? [];
        var paragraphs = ContentRules.Paragraphs(
            record.Source,
            record.Title ?? record.ExternalId ?? record.Id.ToString("D"),
            record.OriginalUrl,
            record.ExternalId,
            revision);

        job.FinalStatus = Wire.Completed;
        record.Revision = revision;
        record.OldParagraphs = previous;
        record.Paragraphs = paragraphs;
        record.Success = true;
        record.Error = string.Empty;
        record.StorageUrl = ContentRules.StorageUrl(record.Id);
        record.Changed = hadContent && record.LinkedKnowledgeId is not null && !previous.SequenceEqual(paragraphs);
    }

    private void CompleteKnowledgeJob(PendingEvent due)
    {
        if (!_knowledgeJobs.TryGetValue(due.JobId, out var job))
        {
            return;
        }

        if (!_sources.TryGetValue(job.SourceId, out var record))
        {
            job.FinalStatus = Wire.Failed; // the source was deleted while the job ran
            return;
        }

        job.FinalStatus = Wire.Completed;
        if (job.Blocked)
        {
            return; // COMPLETED with no hcArticleId: a blocked, no-op result
        }

        var linked = record.LinkedKnowledgeId is Guid linkedId && _articles.ContainsKey(linkedId);
        string[] preference = !linked ? [Wire.AddArticleToFolder, Wire.DoNothing]
            : record.Changed == true ? [Wire.UpdateArticle, Wire.AddArticleToFolder, Wire.DoNothing]
            : [Wire.DoNothing, Wire.UpdateArticle, Wire.AddArticleToFolder];
        var operation = preference.FirstOrDefault(o => job.AllowedOperations is null || job.AllowedOperations.Contains(o));
        if (operation is null)
        {
            return; // restrictedOps allowed nothing that fits this source
        }

        var title = record.Title ?? record.ExternalId ?? "Untitled";
        switch (operation)
        {
            case Wire.AddArticleToFolder:
                var article = new ArticleRecord { Id = Guid.NewGuid(), Title = title, ParentFolderId = DefaultFolderId, IsDraft = job.IsDraft };
                _articles.Add(article.Id, article);
                record.LinkedKnowledgeId = article.Id;
                record.Changed = false;
                job.HcArticleId = article.Id;
                break;

            case Wire.UpdateArticle:
                var existing = _articles[record.LinkedKnowledgeId!.Value];
                existing.Title = title;
                existing.IsDraft = job.IsDraft;
                record.Changed = false;
                job.HcArticleId = existing.Id;
                break;
        }

        record.LinkedOperation = operation;
        record.UpdatedAt = due.Due;
    }

    private FiniSourceSnapshot Snapshot(SourceRecord record, DateTimeOffset now) => new()
    {
        Id = record.Id,
        Source = record.Source,
        ExternalId = record.ExternalId,
        Title = record.Title,
        OriginalUrl = record.OriginalUrl,
        StorageUrl = record.StorageUrl,
        English = record.English,
        Baser = record.Baser,
        Paragraphs = record.Paragraphs?.ToArray(),
        OldParagraphs = record.OldParagraphs?.ToArray(),
        Success = record.Success,
        Error = record.Error,
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
        MimeType = record.MimeType,
        Type = record.Type,
        LinkedJobId = record.Job?.Id,
        LinkedJobStatus = record.Job is null ? null
            : record.Job.FinalStatus ?? (now < record.Job.QueuedAt + _step ? Wire.Pending : Wire.InProgress),
        LinkedKnowledgeId = record.LinkedKnowledgeId,
        LinkedOperation = record.LinkedOperation,
        Changed = record.Changed,
    };
}
