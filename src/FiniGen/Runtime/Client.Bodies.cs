// FiniGen's client runtime, part three: the bodies that are not JSON. Emitted (like Client.Transport.cs, see there)
// into the clients of contracts with form, multipart or binary bodies, or objects in the query.
#nullable enable

namespace FiniGen.Runtime;

partial class RuntimeClient
{
    // Form and multipart bodies, and objects in the query, are the JSON of the value, flattened: one field per member
    // (arrays as repeated fields, objects as JSON text, nulls left out), so they follow the same names and formats as JSON.
    private static global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, global::System.Text.Json.JsonElement>> Fields(byte[] json)
    {
        var fields = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, global::System.Text.Json.JsonElement>>();
        using var document = global::System.Text.Json.JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == global::System.Text.Json.JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (item.ValueKind != global::System.Text.Json.JsonValueKind.Null)
                    {
                        fields.Add(new(property.Name, item.Clone()));
                    }
                }
            }
            else if (property.Value.ValueKind != global::System.Text.Json.JsonValueKind.Null)
            {
                fields.Add(new(property.Name, property.Value.Clone()));
            }
        }

        return fields;
    }

    private static string FieldText(global::System.Text.Json.JsonElement value)
        => value.ValueKind == global::System.Text.Json.JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static global::System.Net.Http.HttpContent CreateFormContent(byte[] json)
    {
        var pairs = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>>();
        foreach (var field in Fields(json))
        {
            pairs.Add(new(field.Key, FieldText(field.Value)));
        }

        return new global::System.Net.Http.FormUrlEncodedContent(pairs);
    }

    // Members the contract types as binary travel as file parts (their JSON is base64); the rest as text parts.
    private static global::System.Net.Http.HttpContent CreateMultipartContent(string operationId, byte[] json, string[] fileMembers)
    {
        var content = new global::System.Net.Http.MultipartFormDataContent();
        foreach (var field in Fields(json))
        {
            // A part's name travels in its Content-Disposition header: a quote, a backslash or a control character
            // there would end the header (HttpClient refuses such names, and empty ones, with a bare exception).
            if (field.Key.Length == 0)
            {
                content.Dispose();
                throw new RuntimeValidationException(operationId, "request[\"\"]", string.Empty, "multipart field name", "a multipart part needs a name, and this member's is empty");
            }

            foreach (var c in field.Key)
            {
                if (c is '"' or '\\' || c < ' ' || c == '\u007f')
                {
                    content.Dispose();
                    throw new RuntimeValidationException(operationId, "request[\"" + RuntimeJson.Printable(field.Key) + "\"]", RuntimeJson.Printable(field.Key), "multipart field name", "it contains " + RuntimeJson.Describe(c) + ", which a multipart part name cannot hold");
                }
            }

            if (global::System.Array.IndexOf(fileMembers, field.Key) >= 0 && field.Value.ValueKind == global::System.Text.Json.JsonValueKind.String)
            {
                var file = new global::System.Net.Http.ByteArrayContent(field.Value.GetBytesFromBase64());
                file.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
                content.Add(file, field.Key, field.Key);
            }
            else
            {
                content.Add(new global::System.Net.Http.StringContent(FieldText(field.Value)), field.Key);
            }
        }

        return content;
    }

    /// <summary>Sends the caller's stream without disposing it; a seekable stream is rewound for every attempt.</summary>
    private sealed class StreamBodyContent : global::System.Net.Http.HttpContent, IReplayableContent
    {
        private readonly global::System.IO.Stream _stream;
        private readonly long _start;

        public StreamBodyContent(global::System.IO.Stream stream, long start, string mediaType)
        {
            _stream = stream;
            _start = start;
            Headers.ContentType = global::System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
        }

        public bool CanReplay => _stream.CanSeek;

        protected override global::System.Threading.Tasks.Task SerializeToStreamAsync(global::System.IO.Stream stream, global::System.Net.TransportContext? context)
            => SerializeToStreamAsync(stream, context, global::System.Threading.CancellationToken.None);

        // The attempt's token reaches the caller's stream: a stream that stalls ends with the attempt's Timeout.
        protected override async global::System.Threading.Tasks.Task SerializeToStreamAsync(global::System.IO.Stream stream, global::System.Net.TransportContext? context, global::System.Threading.CancellationToken cancellationToken)
        {
            if (_stream.CanSeek)
            {
                _stream.Position = _start;
            }

            await _stream.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _stream.CanSeek ? _stream.Length - _start : 0;
            return _stream.CanSeek;
        }
    }
}
