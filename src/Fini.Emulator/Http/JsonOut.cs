using System;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Fini.Emulator.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Fini.Emulator.Http;

/// <summary>Writes response bodies with <see cref="Utf8JsonWriter"/> (no reflection).</summary>
internal static class JsonOut
{
    // Relaxed escaping keeps messages readable (the backticks of the 403 text stay backticks); the body is JSON, not HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly object AnsweredKey = new();

    /// <summary>The status of the answer <see cref="WriteAsync"/> started to write for this request, or null if none.</summary>
    public static int? AnsweredStatus(HttpContext context) =>
        context.Items.TryGetValue(AnsweredKey, out var status) ? (int?)status : null;

    /// <summary>
    /// Sets the status and JSON headers and writes the body to <see cref="HttpResponse.Body"/>, which is the memory buffer of
    /// <see cref="ResponseBuffer.CaptureAsync"/> (so the write never waits on the client).
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        var body = Prepare(context, statusCode, write);
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, int statusCode, string message) =>
        WriteAsync(context, statusCode, w => WriteError(w, statusCode, message));

    /// <summary>Sets the status and JSON headers of the contract's <c>Error</c> body and returns the body, without sending it.</summary>
    public static byte[] Error(HttpContext context, int statusCode, string message) =>
        Prepare(context, statusCode, w => WriteError(w, statusCode, message)).ToArray();

    private static ReadOnlyMemory<byte> Prepare(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        context.Items[AnsweredKey] = statusCode;
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        return buffer.WrittenMemory;
    }

    private static void WriteError(Utf8JsonWriter w, int statusCode, string message)
    {
        w.WriteStartObject();
        w.WriteNumber("statusCode", statusCode);
        w.WriteString("message", message);
        w.WriteString("error", ReasonPhrases.GetReasonPhrase(statusCode));
        w.WriteEndObject();
    }

    /// <summary>
    /// The contract's <c>Document</c>: all 22 members, in the order of the docs' examples. The nullable members are
    /// written as <c>null</c> when unset; the four the contract does not mark nullable (<c>originalUrl</c>, <c>title</c>,
    /// <c>externalId</c>, <c>mimeType</c>) are left out instead, which only happens for seeded records.
    /// </summary>
    public static void WriteDocument(Utf8JsonWriter w, FiniSourceSnapshot s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        WriteIfSet(w, "originalUrl", s.OriginalUrl);
        WriteIfSet(w, "title", s.Title);
        WriteNullable(w, "storageUrl", s.StorageUrl);
        w.WriteString("source", s.Source);
        WriteIfSet(w, "externalId", s.ExternalId);
        w.WriteBoolean("english", s.English);
        w.WriteBoolean("baser", s.Baser);
        WriteStrings(w, "paragraphs", s.Paragraphs);
        WriteStrings(w, "oldParagraphs", s.OldParagraphs);
        WriteNullable(w, "success", s.Success);
        WriteNullable(w, "error", s.Error);
        w.WriteString("createdAt", Wire.Timestamp(s.CreatedAt));
        w.WriteString("updatedAt", Wire.Timestamp(s.UpdatedAt));
        WriteIfSet(w, "mimeType", s.MimeType);
        WriteNullable(w, "type", s.Type);
        WriteNullable(w, "linkedJobId", s.LinkedJobId);
        WriteNullable(w, "linkedKnowledgeId", s.LinkedKnowledgeId);
        WriteNullable(w, "linkedOperation", s.LinkedOperation);
        w.WriteNull("linkedReason");
        WriteNullable(w, "linkedJobStatus", s.LinkedJobStatus);
        WriteNullable(w, "changed", s.Changed);
        w.WriteEndObject();
    }

    public static void WriteIdArray(Utf8JsonWriter w, string name, System.Collections.Generic.IEnumerable<Guid> ids)
    {
        w.WriteStartArray(name);
        foreach (var id in ids)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
    }

    /// <summary>A member the contract does not mark nullable: left out rather than written as null.</summary>
    public static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    public static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    public static void WriteNullable(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is bool b)
        {
            w.WriteBoolean(name, b);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static void WriteNullable(Utf8JsonWriter w, string name, Guid? value)
    {
        if (value is Guid id)
        {
            w.WriteString(name, id);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static void WriteNullable(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is DateTimeOffset time)
        {
            w.WriteString(name, Wire.Timestamp(time));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, System.Collections.Generic.IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
