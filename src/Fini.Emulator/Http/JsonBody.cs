using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Fini.Emulator.Http;

/// <summary>A request's JSON object body, read with <see cref="JsonDocument"/> (no reflection), with typed, validating accessors.</summary>
internal sealed class JsonBody : IDisposable
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;
    private readonly JsonDocument _document;

    private JsonBody(JsonDocument document)
    {
        _document = document;
    }

    public JsonElement Root => _document.RootElement;

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw ApiException.BadRequest("Invalid request body: Content-Type must be application/json");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > MaxBodyBytes)
        {
            throw ApiException.BadRequest("Invalid request body: larger than 16 MB");
        }

        if (buffer.Length == 0)
        {
            throw ApiException.BadRequest("Invalid request body: a JSON object is required");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is long line && e.BytePositionInLine is long column
                ? $" (line {line + 1}, byte {column + 1})"
                : string.Empty;
            throw ApiException.BadRequest($"Invalid request body: malformed JSON{where}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiException.BadRequest("Invalid request body: expected a JSON object");
        }

        return new JsonBody(document);
    }

    public void Dispose() => _document.Dispose();

    /// <summary>The member's value; absent and JSON <c>null</c> both count as not set.</summary>
    public bool TryGet(string name, out JsonElement value) =>
        Root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw ApiException.BadRequest($"{name} must be a string");
    }

    public bool? OptionalBoolean(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.BadRequest($"{name} must be a boolean"),
        };
    }

    /// <summary>An optional integer of at least 1.</summary>
    public int? OptionalLimit(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw ApiException.BadRequest($"{name} must be an integer");
        }

        return number >= 1 ? number : throw ApiException.BadRequest($"{name} must be at least 1");
    }

    /// <summary>An optional array of strings; <see langword="null"/> when absent.</summary>
    public IReadOnlyList<string>? OptionalStringArray(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"{name} must be an array of strings");
        }

        var items = new List<string>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw ApiException.BadRequest($"{name}[{index}] must be a string");
            }

            items.Add(item.GetString()!);
            index++;
        }

        return items;
    }

    /// <summary>A required, non-empty array of strings.</summary>
    public IReadOnlyList<string> RequiredStringArray(string name, string what)
    {
        var items = OptionalStringArray(name);
        if (items is null)
        {
            throw ApiException.BadRequest($"{name} is required: a non-empty array of {what}");
        }

        return items.Count > 0 ? items : throw ApiException.BadRequest($"{name} must not be empty: send at least one of the {what}");
    }
}
