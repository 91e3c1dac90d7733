using System;
using System.Collections.Generic;

namespace Fini.Emulator;

/// <summary>
/// A copy of one source record as the API would return it at the moment it was taken (the contract's
/// <c>Document</c>; <c>linkedReason</c> is always <see langword="null"/> and left out).
/// </summary>
public sealed class FiniSourceSnapshot
{
    /// <summary>Source ID (<c>id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>Source type (<c>source</c>): <c>web</c>, <c>files</c>, <c>googledrive</c>, <c>zendesk</c>, <c>notion</c> or <c>confluence</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Provider ID, or the URL itself for <c>web</c> (<c>externalId</c>).</summary>
    public string? ExternalId { get; init; }

    /// <summary>Title (<c>title</c>).</summary>
    public string? Title { get; init; }

    /// <summary>URL of the original content (<c>originalUrl</c>).</summary>
    public string? OriginalUrl { get; init; }

    /// <summary><c>gs://</c> location, set once processed (<c>storageUrl</c>).</summary>
    public string? StorageUrl { get; init; }

    /// <summary>English-processing flag (<c>english</c>).</summary>
    public bool English { get; init; }

    /// <summary>BASER-processing flag (<c>baser</c>).</summary>
    public bool Baser { get; init; }

    /// <summary>Extracted paragraphs (<c>paragraphs</c>); <see langword="null"/> before the first successful run.</summary>
    public IReadOnlyList<string>? Paragraphs { get; init; }

    /// <summary>The previous paragraph snapshot (<c>oldParagraphs</c>).</summary>
    public IReadOnlyList<string>? OldParagraphs { get; init; }

    /// <summary>Outcome of the latest run (<c>success</c>); <see langword="null"/> before any run.</summary>
    public bool? Success { get; init; }

    /// <summary>Error text of the latest run: empty after a success (<c>error</c>).</summary>
    public string? Error { get; init; }

    /// <summary>Creation time (<c>createdAt</c>).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last update time, the primary sort key (<c>updatedAt</c>).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>MIME type (<c>mimeType</c>).</summary>
    public string? MimeType { get; init; }

    /// <summary>Provider object type, e.g. <c>page</c> (<c>type</c>).</summary>
    public string? Type { get; init; }

    /// <summary>ID of the latest ingest or refresh job (<c>linkedJobId</c>).</summary>
    public Guid? LinkedJobId { get; init; }

    /// <summary>Status of that job at the time of the snapshot (<c>linkedJobStatus</c>).</summary>
    public string? LinkedJobStatus { get; init; }

    /// <summary>Linked article ID (<c>linkedKnowledgeId</c>).</summary>
    public Guid? LinkedKnowledgeId { get; init; }

    /// <summary>Operation of the latest knowledge link (<c>linkedOperation</c>).</summary>
    public string? LinkedOperation { get; init; }

    /// <summary>Whether the latest refresh changed the content of a linked source (<c>changed</c>).</summary>
    public bool? Changed { get; init; }
}

/// <summary>A copy of one knowledge article of the emulated workspace.</summary>
public sealed class FiniArticleSnapshot
{
    /// <summary>Article ID (a source's <c>linkedKnowledgeId</c>, a job's <c>hcArticleId</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>Article title.</summary>
    public required string Title { get; init; }

    /// <summary>Folder holding the article.</summary>
    public required Guid ParentFolderId { get; init; }

    /// <summary>Whether the article is still a draft.</summary>
    public required bool IsDraft { get; init; }
}
