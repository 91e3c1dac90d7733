using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FiniGen.Benchmarks;

/// <summary>
/// The C# of a project that uses the generated Fini client (namespace <c>Consumer.Fini</c>): files of async methods,
/// each a run of calls with literal arguments of every kind FiniGen's analyzers check (UUIDs, URLs, enum members,
/// lists, numbers). All of it is valid: the analyzers find nothing to report, as in a healthy project.
/// </summary>
public static class ConsumerCode
{
    /// <summary>The namespace the client is generated into for these compilations.</summary>
    public const string ClientNamespace = "Consumer.Fini";

    private static readonly string[] s_calls =
    {
        "var r{0} = await client.ListSourcesAsync(limit: 25, source: SourceType.Notion, changed: true); Use(r{0}.Documents.Count);",
        "var r{0} = await client.GetSourceAsync(\"5d9f67a8-d853-4af4-b7ce-23ebba1245e5\"); Use(r{0}.Title);",
        "var r{0} = await client.IngestSourcesAsync(new IngestSourcesRequest {{ Source = IngestSource.Web, DocumentIdsToAdd = new List<string> {{ \"https://docs.example.com/page-{0}\" }}, English = true }}); Use(r{0}.AddedDocumentIds);",
        "var r{0} = await client.CrawlLinksAsync(new CrawlLinksRequest {{ Links = new List<string> {{ \"https://docs.example.com/\" }}, Limit = 5 }}); Use(r{0}.Data);",
        "var r{0} = await client.RefreshSourcesAsync(new RefreshSourcesRequest {{ DocumentIds = new List<string> {{ \"0b8a33e0-3f0c-4d37-9b52-5a0f6a9f1c2d\" }} }}); Use(r{0});",
        "var r{0} = await client.ListProviderResourcesAsync(Provider.Notion); Use(r{0}.Count);",
        "var r{0} = await client.ListSourcesAsync(direction: PaginationDirection.Previous, cursor: \"5d9f67a8-d853-4af4-b7ce-23ebba1245e5\", linkedOperation: LinkedOperation.UpdateArticle); Use(r{0}.HasMore);",
        "var r{0} = await client.IngestSourcesAsync(new IngestSourcesRequest {{ Source = IngestSource.Notion, DocumentIdsToAdd = new List<string> {{ \"7c9e6679-7425-40de-944b-e07fc1f90ae7\" }} }}); Use(r{0}.UpdatedDocumentIds);",
        "var r{0} = await client.DeleteSourcesAsync(new DeleteSourcesRequest {{ DocumentIds = new List<string> {{ \"7c9e6679-7425-40de-944b-e07fc1f90ae7\" }} }}); Use(r{0}.DeletedDocuments.Count);",
        "var r{0} = await client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest {{ DocumentIds = new List<string> {{ \"7c9e6679-7425-40de-944b-e07fc1f90ae7\" }}, Origin = KnowledgeOrigin.Sources }}); Use(r{0}.Jobs.Count);",
    };

    /// <summary>Consumer files with <paramref name="files"/> × <paramref name="methodsPerFile"/> × <paramref name="callsPerMethod"/> calls.</summary>
    public static List<(string Path, string Text)> Files(int files, int methodsPerFile, int callsPerMethod)
    {
        var result = new List<(string, string)>();
        var call = 0;
        for (var f = 0; f < files; f++)
        {
            var text = new StringBuilder();
            text.Append("using System;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\nusing ").Append(ClientNamespace).Append(";\n\nnamespace Consumer;\n\n");
            text.Append("public static class Workflow").Append(f.ToString(CultureInfo.InvariantCulture)).Append("\n{\n");
            text.Append("    private static void Use(object? value) => GC.KeepAlive(value);\n\n");
            for (var m = 0; m < methodsPerFile; m++)
            {
                text.Append("    public static async Task Step").Append(m.ToString(CultureInfo.InvariantCulture)).Append("Async(FiniSourcesClient client)\n    {\n");
                for (var c = 0; c < callsPerMethod; c++, call++)
                {
                    text.Append("        ").Append(string.Format(CultureInfo.InvariantCulture, s_calls[call % s_calls.Length], c)).Append('\n');
                }

                text.Append("    }\n\n");
            }

            text.Append("}\n");
            result.Add(("Consumer/Workflow" + f.ToString(CultureInfo.InvariantCulture) + ".cs", text.ToString()));
        }

        return result;
    }

    /// <summary>A file that has nothing to do with the client: the one the keystroke benchmark edits.</summary>
    public static (string Path, string Text) Unrelated(int edit)
        => ("Consumer/Unrelated.cs", "namespace Consumer;\n\npublic static class Unrelated\n{\n    public const int Edit = " + edit.ToString(CultureInfo.InvariantCulture)
            + ";\n\n    public static int Scale(int value) => value * 3 + Edit;\n}\n");
}
