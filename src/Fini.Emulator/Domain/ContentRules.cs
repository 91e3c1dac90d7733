using System;
using System.Collections.Generic;
using System.Globalization;

namespace Fini.Emulator.Domain;

/// <summary>
/// The emulator's deterministic stand-ins for fetching and processing content. Every rule here is documented in
/// the emulator's README: which inputs fail, what the extracted paragraphs look like, when content counts as changed.
/// </summary>
internal static class ContentRules
{
    /// <summary>Relative paths the crawl "finds" under every seed URL, in this order.</summary>
    public static readonly string[] CrawlPaths =
    [
        "getting-started",
        "getting-started/installation",
        "getting-started/first-steps",
        "billing",
        "billing/refunds",
        "billing/invoices",
        "billing/payment-methods",
        "account",
        "account/security",
        "account/settings",
        "api",
        "api/authentication",
        "api/rate-limits",
        "faq",
        "changelog",
    ];

    /// <summary>Hosts under <c>.invalid</c> (RFC 2606) never resolve.</summary>
    public static bool IsUnresolvable(Uri url) =>
        url.Host.Equals("invalid", StringComparison.OrdinalIgnoreCase)
        || url.Host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase);

    /// <summary>A path containing <c>/private</c> sits behind authentication.</summary>
    public static bool IsPrivate(Uri url) => url.AbsolutePath.Contains("/private", StringComparison.OrdinalIgnoreCase);

    /// <summary>A path containing <c>/static</c> never changes upstream, so refreshing it never marks it changed.</summary>
    public static bool IsStatic(string? originalUrl) =>
        originalUrl is not null
        && Uri.TryCreate(originalUrl, UriKind.Absolute, out var url)
        && url.AbsolutePath.Contains("/static", StringComparison.OrdinalIgnoreCase);

    /// <summary>The error of a web fetch, or <see langword="null"/> when the fetch succeeds.</summary>
    public static string? WebFetchError(string url)
    {
        if (!Wire.TryParseHttpUrl(url, out var parsed))
        {
            return $"Failed to fetch {url}: not an absolute http(s) URL";
        }

        if (IsUnresolvable(parsed))
        {
            return $"Failed to fetch {url}: getaddrinfo ENOTFOUND {parsed.Host}";
        }

        if (IsPrivate(parsed))
        {
            return $"Failed to fetch {url}: the page requires authentication (HTTP 401 Unauthorized)";
        }

        return null;
    }

    /// <summary>The error of a provider fetch, or <see langword="null"/> when it succeeds.</summary>
    public static string? ProviderFetchError(string source, string? originalUrl, bool connected)
    {
        if (!connected)
        {
            return $"The {source} connection expired or lost permission on this resource: reconnect {source} in the dashboard, then refresh the source";
        }

        if (originalUrl is not null && Uri.TryCreate(originalUrl, UriKind.Absolute, out var url) && IsPrivate(url))
        {
            return $"The {source} connection lost permission on this resource ({originalUrl}): share it with the Fini integration, then refresh the source";
        }

        return null;
    }

    /// <summary>A page title from a URL: its last path segment in words, or its host.</summary>
    public static string TitleFromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return url;
        }

        var segments = parsed.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return parsed.Host;
        }

        var words = Uri.UnescapeDataString(segments[^1]).Replace('-', ' ').Replace('_', ' ').Trim();
        var dot = words.LastIndexOf('.');
        if (dot > 0)
        {
            words = words[..dot];
        }

        if (words.Length == 0)
        {
            return parsed.Host;
        }

        return char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }

    /// <summary>
    /// The paragraphs "extracted" from a source at an upstream revision: three lines derived from its title and URL,
    /// plus a revision line from revision 2 on (so every refresh of a non-static source yields different content).
    /// </summary>
    public static List<string> Paragraphs(string source, string title, string? originalUrl, string? externalId, int revision)
    {
        var location = originalUrl ?? externalId ?? title;
        var paragraphs = new List<string>
        {
            title,
            $"{title} is a {source} source served by the Fini emulator; this text stands for the content of {location}.",
            $"Key facts about {title.ToLowerInvariant()}: what it covers, who it is for, and where to find more help.",
        };
        if (revision > 1)
        {
            paragraphs.Add($"Revision {revision.ToString(CultureInfo.InvariantCulture)}: the upstream content was edited since the previous fetch.");
        }

        return paragraphs;
    }

    /// <summary>Where a processed source is "stored".</summary>
    public static string StorageUrl(Guid sourceId) => $"gs://fini-emulator-sources/documents/{sourceId:D}.md";

    /// <summary>The child URLs "found" under one seed: the crawl paths appended to the seed's directory.</summary>
    public static IEnumerable<string> CrawlChildren(Uri seed)
    {
        var builder = new UriBuilder(seed) { Query = string.Empty, Fragment = string.Empty };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        var root = builder.Uri.AbsoluteUri;
        foreach (var path in CrawlPaths)
        {
            yield return root + path;
        }
    }
}
