using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Fini.Emulator.Tests.Support;

/// <summary>HTTP/1.1 by hand over a socket, for requests no HttpClient would send: exact bytes, lying lengths, early closes.</summary>
internal static class RawHttp
{
    /// <summary>Whether <paramref name="bytes"/> hold a whole response head and as much body as its Content-Length says.</summary>
    private static bool IsComplete(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        foreach (var line in Encoding.ASCII.GetString(bytes[..end]).Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return bytes.Length - end - 4 >= long.Parse(line["Content-Length:".Length..].Trim());
            }
        }

        return false;
    }

    /// <summary>A request head with <c>Connection: close</c>, the write key and the given extra header lines.</summary>
    public static byte[] Head(Harness harness, string method, string target, params string[] headers)
    {
        var text = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {harness.WriteKey}\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }

    /// <summary>
    /// Sends <paramref name="head"/>, then lets <paramref name="sendBody"/> write the rest (in the background, so that an
    /// answer that comes before the body is all sent is read all the same), and reads the response until the server
    /// closes the connection or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<RawResponse> SendAsync(Harness harness, byte[] head, Func<Stream, CancellationToken, Task>? sendBody = null, TimeSpan? timeout = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(harness.Emulator.BaseAddress.Host, harness.Emulator.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(head);
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            try
            {
                if (sendBody is not null)
                {
                    await sendBody(stream, stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The server answered and closed before the body was all sent, or the answer is in.
            }
        });

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var received = new MemoryStream();
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(chunk, cancel.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(chunk, 0, read);
                if (IsComplete(received.GetBuffer().AsSpan(0, (int)received.Length)))
                {
                    break; // the server may keep the connection open a while, reading what the client still sends
                }
            }
        }
        catch (OperationCanceledException)
        {
            await stop.CancelAsync();
            return new RawResponse(null, [], string.Empty, TimedOut: true);
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer: what arrived is the answer.
        }
        catch (IOException)
        {
            return new RawResponse(null, [], string.Empty, TimedOut: false);
        }

        await stop.CancelAsync();
        client.Close(); // ends a body that is still being sent
        await sending;
        return RawResponse.Parse(received.ToArray());
    }
}

/// <summary>A response read off the socket; <see cref="Status"/> is null when the server closed without answering.</summary>
internal sealed record RawResponse(int? Status, Dictionary<string, string> Headers, string Body, bool TimedOut)
{
    public static RawResponse Parse(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return new RawResponse(null, [], string.Empty, TimedOut: false);
        }

        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"Not an HTTP response: {text}");
        var lines = text[..end].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines[1..])
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new RawResponse(int.Parse(lines[0].Split(' ')[1]), headers, text[(end + 4)..], TimedOut: false);
    }

    /// <summary>Asserts the contract's error body with <paramref name="status"/> and returns its message.</summary>
    public string Error(int status, string? messageContains = null)
    {
        Assert.False(TimedOut, "No answer came before the timeout.");
        Assert.True(Status == status, $"Expected {status}, got {Status?.ToString() ?? "no response"}: {Body}");
        Assert.StartsWith("application/json", Headers.GetValueOrDefault("Content-Type"), StringComparison.Ordinal);
        var body = JsonNode.Parse(Body)!.AsObject();
        Assert.Equal(["statusCode", "message", "error"], System.Linq.Enumerable.Select(body, p => p.Key));
        Assert.Equal(status, body["statusCode"]!.GetValue<int>());
        Assert.Equal(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), body["error"]!.GetValue<string>());
        var message = body["message"]!.GetValue<string>();
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, message, StringComparison.Ordinal);
        }

        return message;
    }
}
