using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FiniGen.Benchmarks.Stj;

// Hand-written equivalents of the contract's schemas, as a developer would write them for System.Text.Json: the same
// members and wire names, C# enums with their wire names, null members left out when writing.

/// <summary><c>SourceType</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceType>))]
public enum SourceType
{
    [JsonStringEnumMemberName("web")] Web,
    [JsonStringEnumMemberName("files")] Files,
    [JsonStringEnumMemberName("googledrive")] Googledrive,
    [JsonStringEnumMemberName("zendesk")] Zendesk,
    [JsonStringEnumMemberName("notion")] Notion,
    [JsonStringEnumMemberName("confluence")] Confluence,
}

/// <summary><c>IngestSource</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IngestSource>))]
public enum IngestSource
{
    [JsonStringEnumMemberName("web")] Web,
    [JsonStringEnumMemberName("googledrive")] Googledrive,
    [JsonStringEnumMemberName("notion")] Notion,
    [JsonStringEnumMemberName("zendesk")] Zendesk,
    [JsonStringEnumMemberName("confluence")] Confluence,
}

/// <summary><c>LinkedOperation</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LinkedOperation>))]
public enum LinkedOperation
{
    [JsonStringEnumMemberName("ADD_ARTICLE_TO_FOLDER")] AddArticleToFolder,
    [JsonStringEnumMemberName("UPDATE_ARTICLE")] UpdateArticle,
    [JsonStringEnumMemberName("DO_NOTHING")] DoNothing,
}

/// <summary><c>JobStatus</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    [JsonStringEnumMemberName("PENDING")] Pending,
    [JsonStringEnumMemberName("IN_PROGRESS")] InProgress,
    [JsonStringEnumMemberName("COMPLETED")] Completed,
    [JsonStringEnumMemberName("FAILED")] Failed,
}

/// <summary><c>Document</c>.</summary>
public sealed class Document
{
    public required string Id { get; set; }

    public string? OriginalUrl { get; set; }

    public string? Title { get; set; }

    public string? StorageUrl { get; set; }

    public required SourceType Source { get; set; }

    public string? ExternalId { get; set; }

    public bool? English { get; set; }

    public bool? Baser { get; set; }

    public List<string>? Paragraphs { get; set; }

    public List<string>? OldParagraphs { get; set; }

    public bool? Success { get; set; }

    public string? Error { get; set; }

    public required DateTimeOffset CreatedAt { get; set; }

    public required DateTimeOffset UpdatedAt { get; set; }

    public string? MimeType { get; set; }

    public string? Type { get; set; }

    public string? LinkedJobId { get; set; }

    public string? LinkedKnowledgeId { get; set; }

    public LinkedOperation? LinkedOperation { get; set; }

    public JsonElement? LinkedReason { get; set; }

    public JobStatus? LinkedJobStatus { get; set; }

    public bool? Changed { get; set; }
}

/// <summary><c>ListSourcesResponse</c>.</summary>
public sealed class ListSourcesResponse
{
    public required List<Document> Documents { get; set; }

    public required bool HasMore { get; set; }
}

/// <summary><c>IngestSourcesRequest</c>.</summary>
public sealed class IngestSourcesRequest
{
    public IngestSource? Source { get; set; }

    public List<string>? DocumentIdsToAdd { get; set; }

    public List<string>? DocumentIdsToRefresh { get; set; }

    public bool? English { get; set; }

    public bool? Baser { get; set; }
}

/// <summary>System.Text.Json's source generator over the hand-written models.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListSourcesResponse))]
[JsonSerializable(typeof(IngestSourcesRequest))]
public sealed partial class StjContext : JsonSerializerContext
{
    /// <summary>The same options for System.Text.Json's reflection path.</summary>
    public static JsonSerializerOptions ReflectionOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
