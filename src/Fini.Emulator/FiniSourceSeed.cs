using System;
using System.Collections.Generic;

namespace Fini.Emulator;

/// <summary>
/// A source record to put straight into the emulator's state (<see cref="FiniEmulatorState.AddSource"/>), for tests
/// and demos. Unset members get defaults that match what the API itself would have produced.
/// </summary>
public sealed class FiniSourceSeed
{
    /// <summary>Source ID; a new one when <see langword="null"/>.</summary>
    public Guid? Id { get; set; }

    /// <summary>Source type, one of the contract's six (default <c>web</c>).</summary>
    public string Source { get; set; } = "web";

    /// <summary>Original URL. Required for <c>web</c> unless <see cref="ExternalId"/> is set (each defaults to the other).</summary>
    public string? OriginalUrl { get; set; }

    /// <summary>External ID; the URL for <c>web</c>, a generated value for other types when <see langword="null"/>. Unique per source type.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Title; derived from the URL when <see langword="null"/>.</summary>
    public string? Title { get; set; }

    /// <summary>MIME type; <c>text/html</c> for web and <c>text/markdown</c> otherwise when <see langword="null"/>.</summary>
    public string? MimeType { get; set; }

    /// <summary>Provider object type (<c>type</c>).</summary>
    public string? Type { get; set; }

    /// <summary>English-processing flag (default <see langword="true"/>).</summary>
    public bool English { get; set; } = true;

    /// <summary>BASER-processing flag (default <see langword="false"/>).</summary>
    public bool Baser { get; set; }

    /// <summary>Creation time; the emulator's current time when <see langword="null"/>.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Last update time (the list's sort key); <see cref="CreatedAt"/> when <see langword="null"/>.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>
    /// <see langword="true"/> (the default): the source was ingested successfully (job <c>COMPLETED</c>, paragraphs,
    /// storage URL). <see langword="false"/>: it was only registered (no job, no content).
    /// </summary>
    public bool Processed { get; set; } = true;

    /// <summary>Paragraphs of a processed source; derived from the title and URL when <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Paragraphs { get; set; }

    /// <summary>Link the source to a new knowledge article (in <see cref="FiniEmulatorState.DefaultFolderId"/>).</summary>
    public bool LinkToKnowledge { get; set; }

    /// <summary>Operation of that link (default <c>ADD_ARTICLE_TO_FOLDER</c>).</summary>
    public string? LinkedOperation { get; set; }

    /// <summary>The <c>changed</c> flag; <see langword="false"/> for a processed source when <see langword="null"/>.</summary>
    public bool? Changed { get; set; }
}
