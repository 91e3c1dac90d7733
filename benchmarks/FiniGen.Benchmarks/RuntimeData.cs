using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace FiniGen.Benchmarks;

/// <summary>
/// Deterministic, realistic payloads shaped by the contract's <c>Document</c> and <c>IngestSourcesRequest</c> schemas:
/// a mix of web and provider sources at different stages (processed with paragraphs, failed, pending), optional
/// members present, null or absent as the contract allows. Written with Utf8JsonWriter, independent of the three
/// serializers measured.
/// </summary>
public static class RuntimeData
{
    private static readonly string[] s_words =
        "the refund policy applies to annual plans billed through the dashboard customers can request a partial credit within thirty days of renewal and support agents should confirm the workspace owner before changing invoices exports are available as csv or pdf from the billing page when a payment fails the account enters a grace period of fourteen days during which features remain available"
            .Split(' ');

    private static readonly (string Source, int Weight)[] s_sources = { ("web", 50), ("notion", 20), ("zendesk", 10), ("confluence", 10), ("googledrive", 5), ("files", 5) };

    /// <summary>A <c>ListSourcesResponse</c> page of <paramref name="count"/> source records, as UTF-8 JSON.</summary>
    public static byte[] ListSourcesPage(int count)
    {
        var random = new Random(20251126);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("documents");
            var updated = new DateTimeOffset(2025, 11, 20, 9, 30, 0, TimeSpan.Zero);
            for (var i = 0; i < count; i++)
            {
                var source = Pick(random);
                var id = Uuid(random);
                var slug = Sentence(random, 3).Replace(' ', '-');
                var url = source == "web" ? "https://docs.example.com/" + slug + "-" + i.ToString(CultureInfo.InvariantCulture) : "https://www." + source + ".example.com/fini/" + slug + "-" + Uuid(random)[..12];
                var state = random.Next(100);
                var processed = state < 80;
                var failed = state is >= 80 and < 88;
                updated = updated.AddSeconds(-random.Next(5, 4000));

                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("originalUrl", url);
                w.WriteString("title", Capitalize(Sentence(random, random.Next(2, 7))));
                if (random.Next(10) < 8)
                {
                    if (processed) { w.WriteString("storageUrl", "gs://fini-sources/ws-3f2a/" + id + ".md"); } else { w.WriteNull("storageUrl"); }
                }

                w.WriteString("source", source);
                w.WriteString("externalId", source == "web" ? url : random.Next(100000, 999999999).ToString(CultureInfo.InvariantCulture));
                w.WriteBoolean("english", random.Next(10) < 9);
                w.WriteBoolean("baser", random.Next(10) == 0);
                if (processed)
                {
                    w.WriteStartArray("paragraphs");
                    for (var p = random.Next(2, 7); p > 0; p--)
                    {
                        w.WriteStringValue(Paragraph(random));
                    }

                    w.WriteEndArray();
                }
                else if (random.Next(2) == 0)
                {
                    w.WriteNull("paragraphs");
                }

                if (processed && random.Next(10) < 3)
                {
                    w.WriteStartArray("oldParagraphs");
                    for (var p = random.Next(1, 4); p > 0; p--)
                    {
                        w.WriteStringValue(Paragraph(random));
                    }

                    w.WriteEndArray();
                }
                else
                {
                    w.WriteNull("oldParagraphs");
                }

                if (processed || failed) { w.WriteBoolean("success", processed); } else { w.WriteNull("success"); }
                if (processed) { w.WriteString("error", string.Empty); }
                else if (failed) { w.WriteString("error", "Failed to fetch " + url + ": the page requires authentication (HTTP 401 Unauthorized)"); }
                else { w.WriteNull("error"); }

                w.WriteString("createdAt", updated.AddDays(-random.Next(1, 300)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                w.WriteString("updatedAt", updated.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                w.WriteString("mimeType", source == "web" ? "text/html" : "text/markdown");
                if (source == "notion") { w.WriteString("type", "page"); } else { w.WriteNull("type"); }
                w.WriteString("linkedJobId", Uuid(random));
                if (processed && random.Next(10) < 7) { w.WriteString("linkedKnowledgeId", Uuid(random)); } else { w.WriteNull("linkedKnowledgeId"); }
                if (processed && random.Next(10) < 7) { w.WriteString("linkedOperation", random.Next(3) switch { 0 => "ADD_ARTICLE_TO_FOLDER", 1 => "UPDATE_ARTICLE", _ => "DO_NOTHING" }); } else { w.WriteNull("linkedOperation"); }
                w.WriteNull("linkedReason");
                w.WriteString("linkedJobStatus", processed ? "COMPLETED" : failed ? "FAILED" : random.Next(2) == 0 ? "PENDING" : "IN_PROGRESS");
                if (processed) { w.WriteBoolean("changed", random.Next(4) == 0); } else { w.WriteNull("changed"); }
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("hasMore", true);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// <paramref name="count"/> ingest requests as (source, URLs or IDs to add, to refresh, english, baser): web imports
    /// of 3 to 10 URLs, provider imports of 1 to 6 source IDs, some with items to refresh.
    /// </summary>
    public static List<(string Source, string[] Add, string[] Refresh, bool English, bool Baser)> IngestRequests(int count)
    {
        var random = new Random(7);
        var result = new List<(string, string[], string[], bool, bool)>();
        for (var i = 0; i < count; i++)
        {
            var web = i % 3 != 2;
            var source = web ? "web" : new[] { "notion", "zendesk", "confluence", "googledrive" }[random.Next(4)];
            string Item() => web ? "https://docs.example.com/" + Sentence(random, 3).Replace(' ', '-') : Uuid(random);
            var add = Enumerable.Range(0, web ? random.Next(3, 11) : random.Next(1, 7)).Select(_ => Item()).ToArray();
            var refresh = Enumerable.Range(0, random.Next(4) == 0 ? random.Next(1, 4) : 0).Select(_ => Item()).ToArray();
            result.Add((source, add, refresh, true, false));
        }

        return result;
    }

    private static string Pick(Random random)
    {
        var roll = random.Next(100);
        foreach (var (source, weight) in s_sources)
        {
            if (roll < weight)
            {
                return source;
            }

            roll -= weight;
        }

        return "web";
    }

    private static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    private static string Sentence(Random random, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            text.Append(i == 0 ? string.Empty : " ").Append(s_words[random.Next(s_words.Length)]);
        }

        return text.ToString();
    }

    private static string Paragraph(Random random)
    {
        var text = new StringBuilder();
        for (var s = random.Next(1, 4); s > 0; s--)
        {
            text.Append(Capitalize(Sentence(random, random.Next(8, 25)))).Append(s > 1 ? ". " : ".");
        }

        return text.ToString();
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
