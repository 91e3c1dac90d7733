using System;
using System.Collections.Generic;

namespace Fini.Emulator.Domain;

/// <summary>One source record, mutable under the state's lock.</summary>
internal sealed class SourceRecord
{
    public required Guid Id { get; init; }

    public required string Source { get; init; }

    public string? ExternalId { get; set; }

    public string? Title { get; set; }

    public string? OriginalUrl { get; set; }

    public string? StorageUrl { get; set; }

    public bool English { get; set; } = true;

    public bool Baser { get; set; }

    public List<string>? Paragraphs { get; set; }

    public List<string>? OldParagraphs { get; set; }

    public bool? Success { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? MimeType { get; set; }

    public string? Type { get; set; }

    /// <summary>The latest ingest or refresh job (its ID is <c>linkedJobId</c>).</summary>
    public IngestJob? Job { get; set; }

    public Guid? LinkedKnowledgeId { get; set; }

    public string? LinkedOperation { get; set; }

    public bool? Changed { get; set; }

    /// <summary>Upstream revision of the content last extracted; 0 before the first successful run.</summary>
    public int Revision { get; set; }
}

/// <summary>An ingest or refresh job. Its outcome (the failure text, or none) is decided when it is queued.</summary>
internal sealed class IngestJob
{
    public required Guid Id { get; init; }

    public required Guid SourceId { get; init; }

    public required DateTimeOffset QueuedAt { get; init; }

    public string? Failure { get; init; }

    /// <summary><c>COMPLETED</c> or <c>FAILED</c> once applied; <see langword="null"/> while it runs.</summary>
    public string? FinalStatus { get; set; }
}

/// <summary>A knowledge-generation job from <c>bulkGenerateKnowledge</c>.</summary>
internal sealed class KnowledgeJob
{
    public required Guid Id { get; init; }

    public required Guid SourceId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The operations the pipeline may use; <see langword="null"/> means all of them.</summary>
    public IReadOnlyCollection<string>? AllowedOperations { get; init; }

    /// <summary>The source had no usable processed content when the job was queued: the job is a no-op.</summary>
    public bool Blocked { get; init; }

    public bool IsDraft { get; init; } = true;

    public string? FinalStatus { get; set; }

    public Guid? HcArticleId { get; set; }
}

/// <summary>A knowledge article, created by knowledge generation (or seeded) and linked to sources.</summary>
internal sealed class ArticleRecord
{
    public required Guid Id { get; init; }

    public required string Title { get; set; }

    public required Guid ParentFolderId { get; init; }

    public bool IsDraft { get; set; } = true;
}

/// <summary>A job transition due at a point in time: applied, in order, the next time the state is read.</summary>
internal readonly record struct PendingEvent(DateTimeOffset Due, long Sequence, Guid JobId, bool IsKnowledgeJob);
