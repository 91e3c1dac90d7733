using System;
using System.Globalization;

namespace Fini.Emulator.Domain;

/// <summary>Wire values of the contract's enums, and the formats the emulator accepts and writes.</summary>
internal static class Wire
{
    public static readonly string[] SourceTypes = ["web", "files", "googledrive", "zendesk", "notion", "confluence"];
    public static readonly string[] IngestSources = ["web", "googledrive", "notion", "zendesk", "confluence"];
    public static readonly string[] Providers = ["notion", "zendesk", "confluence"];
    public static readonly string[] LinkedOperations = [AddArticleToFolder, UpdateArticle, DoNothing];

    public const string Web = "web";
    public const string Files = "files";

    public const string AddArticleToFolder = "ADD_ARTICLE_TO_FOLDER";
    public const string UpdateArticle = "UPDATE_ARTICLE";
    public const string DoNothing = "DO_NOTHING";

    public const string Pending = "PENDING";
    public const string InProgress = "IN_PROGRESS";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";

    public static bool IsOneOf(string? value, string[] allowed) => value is not null && Array.IndexOf(allowed, value) >= 0;

    public static string List(string[] values) => string.Join(", ", values);

    /// <summary>A UUID in its canonical 8-4-4-4-12 form (either case), the only form the emulator accepts.</summary>
    public static bool TryParseUuid(string? value, out Guid id) => Guid.TryParseExact(value, "D", out id);

    /// <summary>An absolute http(s) URL with a host.</summary>
    public static bool TryParseHttpUrl(string? value, out Uri url)
    {
        url = null!;
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length != value.Length)
        {
            return false;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as JavaScript's <c>toISOString</c> writes it.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Timestamps are kept to the millisecond, so the sort key is exactly what clients see.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>A value quoted in an error message, shortened so a huge input does not make a huge message.</summary>
    public static string Quote(string value) => value.Length <= 120 ? $"'{value}'" : $"'{value[..117]}...'";
}
