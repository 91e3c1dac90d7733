using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Fini.Emulator.Domain;

/// <summary>
/// The seeded content of the three connected providers, as <c>listProviderResources</c> returns it. Only the Notion
/// item shape is confirmed by Fini's docs; the Zendesk and Confluence field names are the emulator's own choice.
/// </summary>
internal static class ProviderCatalog
{
    private const string ZendeskBase = "https://acme.zendesk.com/hc/en-us/";
    private const string ConfluenceBase = "https://acme.atlassian.net/wiki/spaces/";

    private sealed record Leaf(string ExternalId, string Title, string OriginalUrl, string MimeType, string Object, string? IconLink = null);

    private sealed record Branch(string Id, string Title, string OriginalUrl, string Object, IReadOnlyList<Branch> Children, IReadOnlyList<Leaf> Leaves);

    private static readonly Leaf[] Notion =
    [
        new("123456", "Billing FAQ", "https://www.notion.so/fini/Billing-FAQ-123456", "text/markdown", "page"),
        new("7d1c2b3a4f5e", "Refund policy", "https://www.notion.so/fini/Refund-policy-7d1c2b3a4f5e", "text/markdown", "page", "https://www.notion.so/icons/receipt_gray.svg"),
        new("0a9b8c7d6e5f", "Onboarding guide", "https://www.notion.so/fini/Onboarding-guide-0a9b8c7d6e5f", "text/markdown", "page"),
        new("5e4d3c2b1a09", "Release notes", "https://www.notion.so/fini/5e4d3c2b1a09?v=1", "text/markdown", "database", "https://www.notion.so/icons/calendar_gray.svg"),
    ];

    private static readonly Branch[] Zendesk =
    [
        new("360000000001", "Billing", ZendeskBase + "categories/360000000001-Billing", "category",
        [
            new("360000000101", "Payments", ZendeskBase + "sections/360000000101-Payments", "section", [],
            [
                ZendeskArticle("360000001001", "How to update your card"),
                ZendeskArticle("360000001002", "Why was I charged twice"),
            ]),
            new("360000000102", "Refunds", ZendeskBase + "sections/360000000102-Refunds", "section", [],
            [
                ZendeskArticle("360000001003", "Request a refund"),
            ]),
        ], []),
        new("360000000002", "Account", ZendeskBase + "categories/360000000002-Account", "category",
        [
            new("360000000103", "Security", ZendeskBase + "sections/360000000103-Security", "section", [],
            [
                ZendeskArticle("360000001004", "Enable two-factor authentication"),
                ZendeskArticle("360000001005", "Reset your password"),
            ]),
        ], []),
    ];

    private static readonly Branch[] Confluence =
    [
        new("SUP", "Support", ConfluenceBase + "SUP", "space", [],
        [
            ConfluencePage("SUP", "98305", "Escalation policy"),
            ConfluencePage("SUP", "98306", "On-call handbook"),
        ]),
        new("ENG", "Engineering", ConfluenceBase + "ENG", "space", [],
        [
            ConfluencePage("ENG", "131073", "Incident runbook"),
            ConfluencePage("ENG", "131074", "API rate limits"),
        ]),
    ];

    private static Leaf ZendeskArticle(string id, string title) =>
        new(id, title, ZendeskBase + "articles/" + id + "-" + title.Replace(' ', '-'), "text/html", "article");

    private static Leaf ConfluencePage(string space, string id, string title) =>
        new(id, title, ConfluenceBase + space + "/pages/" + id + "/" + title.Replace(' ', '+'), "text/html", "page");

    /// <summary>Every registrable resource (the leaves) of a provider: externalId, title, originalUrl, mimeType, object.</summary>
    public static IEnumerable<(string ExternalId, string Title, string OriginalUrl, string MimeType, string Object)> Resources(string provider)
    {
        var leaves = provider switch
        {
            "notion" => Notion,
            "zendesk" => Zendesk.SelectMany(c => c.Children).SelectMany(s => s.Leaves),
            "confluence" => Confluence.SelectMany(s => s.Leaves),
            _ => [],
        };
        return leaves.Select(l => (l.ExternalId, l.Title, l.OriginalUrl, l.MimeType, l.Object));
    }

    /// <summary>Writes the discovery array of a provider, leaving out resources for which <paramref name="imported"/> is true.</summary>
    public static void WriteDiscovery(Utf8JsonWriter writer, string provider, Func<string, bool> imported)
    {
        writer.WriteStartArray();
        switch (provider)
        {
            case "notion":
                foreach (var item in Notion.Where(l => !imported(l.ExternalId)))
                {
                    writer.WriteStartObject();
                    writer.WriteString("externalId", item.ExternalId);
                    writer.WriteString("title", item.Title);
                    writer.WriteString("originalUrl", item.OriginalUrl);
                    writer.WriteString("mimeType", item.MimeType);
                    if (item.IconLink is null)
                    {
                        writer.WriteNull("iconLink");
                    }
                    else
                    {
                        writer.WriteString("iconLink", item.IconLink);
                    }

                    writer.WriteString("object", item.Object);
                    writer.WriteEndObject();
                }

                break;

            case "zendesk":
                foreach (var category in Zendesk)
                {
                    var sections = category.Children
                        .Select(s => (Section: s, Articles: s.Leaves.Where(a => !imported(a.ExternalId)).ToList()))
                        .Where(s => s.Articles.Count > 0)
                        .ToList();
                    if (sections.Count == 0)
                    {
                        continue;
                    }

                    writer.WriteStartObject();
                    WriteBranchHeader(writer, "externalId", category);
                    writer.WriteStartArray("sections");
                    foreach (var (section, articles) in sections)
                    {
                        writer.WriteStartObject();
                        WriteBranchHeader(writer, "externalId", section);
                        writer.WriteStartArray("articles");
                        foreach (var article in articles)
                        {
                            WriteLeaf(writer, article);
                        }

                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                break;

            case "confluence":
                foreach (var space in Confluence)
                {
                    var pages = space.Leaves.Where(p => !imported(p.ExternalId)).ToList();
                    if (pages.Count == 0)
                    {
                        continue;
                    }

                    writer.WriteStartObject();
                    WriteBranchHeader(writer, "key", space);
                    writer.WriteStartArray("pages");
                    foreach (var page in pages)
                    {
                        WriteLeaf(writer, page);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                break;
        }

        writer.WriteEndArray();
    }

    private static void WriteBranchHeader(Utf8JsonWriter writer, string idName, Branch branch)
    {
        writer.WriteString(idName, branch.Id);
        writer.WriteString("title", branch.Title);
        writer.WriteString("originalUrl", branch.OriginalUrl);
        writer.WriteString("object", branch.Object);
    }

    private static void WriteLeaf(Utf8JsonWriter writer, Leaf leaf)
    {
        writer.WriteStartObject();
        writer.WriteString("externalId", leaf.ExternalId);
        writer.WriteString("title", leaf.Title);
        writer.WriteString("originalUrl", leaf.OriginalUrl);
        writer.WriteString("mimeType", leaf.MimeType);
        writer.WriteString("object", leaf.Object);
        writer.WriteEndObject();
    }
}
