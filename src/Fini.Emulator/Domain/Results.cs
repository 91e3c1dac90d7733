using System;
using System.Collections.Generic;

namespace Fini.Emulator.Domain;

/// <summary><c>{addedDocumentIds, updatedDocumentIds}</c> of ingest and register.</summary>
internal sealed record SourceIdsResult(IReadOnlyList<Guid> Added, IReadOnlyList<Guid> Updated);

/// <summary>One page of <c>listSources</c>.</summary>
internal sealed record ListResult(IReadOnlyList<FiniSourceSnapshot> Documents, bool HasMore);

/// <summary>What <c>deleteSources</c> removed.</summary>
internal sealed record DeleteResult(
    IReadOnlyList<(Guid Id, string? Title, string? OriginalUrl)> Documents,
    IReadOnlyList<FiniArticleSnapshot> Articles);

/// <summary>One row of <c>checkKnowledgeJobs</c>.</summary>
internal sealed record KnowledgeJobRow(
    Guid Id,
    string JobStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    Guid? HcArticleId);

/// <summary>One resource of <c>registerProviderResources</c>, validated.</summary>
internal sealed record ResourceInput(string ExternalId, string Title, string OriginalUrl, string MimeType, string? Object);

/// <summary>The filters and paging of <c>listSources</c>, validated.</summary>
internal sealed class ListQuery
{
    public int Limit { get; init; } = 50;

    public Guid? Cursor { get; init; }

    /// <summary><c>direction=previous</c> (toward newer records); only meaningful with a cursor.</summary>
    public bool Previous { get; init; }

    public string? Source { get; init; }

    public bool? English { get; init; }

    public Guid? Id { get; init; }

    public string? Title { get; init; }

    public string? OriginalUrl { get; init; }

    public Guid? ArticleId { get; init; }

    public string? LinkedOperation { get; init; }

    public bool? Changed { get; init; }

    public bool Matches(SourceRecord record)
    {
        if (Source is not null && record.Source != Source)
        {
            return false;
        }

        if (English is bool english && record.English != english)
        {
            return false;
        }

        if (Id is Guid id && record.Id != id)
        {
            return false;
        }

        if (Title is not null && (record.Title is null || !record.Title.Contains(Title, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (OriginalUrl is not null
            && (record.OriginalUrl is null || !record.OriginalUrl.Contains(OriginalUrl, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (ArticleId is Guid articleId && record.LinkedKnowledgeId != articleId)
        {
            return false;
        }

        if (LinkedOperation is not null && record.LinkedOperation != LinkedOperation)
        {
            return false;
        }

        // changed=true: the linked sources whose latest refresh changed them; changed=false: every other source.
        var changed = record.Changed == true && record.LinkedKnowledgeId is not null;
        return Changed is not bool wanted || changed == wanted;
    }
}
