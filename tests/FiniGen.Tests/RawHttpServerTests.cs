using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using FiniGen.Tests.Infrastructure;
using Xunit;

namespace FiniGen.Tests;

/// <summary>The raw server the wire tests trust: it splits, records and answers exactly as it says, and never hangs a test.</summary>
public class RawHttpServerTests
{
    [Fact]
    public async Task PipelinedRequestsInOnePacketAreSplitAndEachIsAnswered()
    {
        await using var server = RawHttpServer.Start(r => RawReply.Respond(200, "{\"n\":" + r.Index + "}"));
        using var client = await ConnectAsync(server);

        await SendAsync(client,
            "GET /items/a HTTP/1.1\r\nHost: x\r\nX-Trace-Id: t1\r\n\r\n"
            + "DELETE /items/victim HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
            + "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}"
            + "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"b\r\n4\r\n\":2}\r\n0\r\n\r\n");
        Assert.True(await server.WaitForRequestsAsync(4, TimeSpan.FromSeconds(3)));
        var answers = await ReadAsync(client, "{\"n\":3}");

        var requests = server.Requests;
        Assert.Equal(["GET /items/a HTTP/1.1", "DELETE /items/victim HTTP/1.1", "POST /orders HTTP/1.1", "POST /chunked HTTP/1.1"], requests.Select(r => r.RequestLine));
        Assert.Equal([0, 1, 2, 3], requests.Select(r => r.IndexOnConnection));
        Assert.Equal("t1", requests[0].Header("x-trace-id"));
        Assert.Equal("{\"a\":1}", requests[2].BodyText);
        Assert.Equal("{\"b\":2}", requests[3].BodyText);
        Assert.True(requests[3].Chunked);
        Assert.Equal(4, answers.Split("HTTP/1.1 200 OK").Length - 1);
        Assert.Single(server.Connections);
        Assert.Equal(requests.Sum(r => r.Raw.Length), server.BytesReceived);
    }

    [Fact]
    public async Task AnIncompleteRequestIsRecordedAsBytesButNotCountedAsARequest()
    {
        await using var server = RawHttpServer.Start(RawReply.Respond(204));
        using var client = await ConnectAsync(server);

        await SendAsync(client, "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"partial\":");
        await server.SettleAsync();

        Assert.Empty(server.Requests);
        Assert.Contains("{\"partial\":", server.Transcript);
    }

    [Fact]
    public async Task CloseSendsAFinAndResetSendsAnRst()
    {
        await using var server = RawHttpServer.Start(r => r.Path == "/fin" ? RawReply.Close() : RawReply.Reset());

        using (var fin = await ConnectAsync(server))
        {
            await SendAsync(fin, "GET /fin HTTP/1.1\r\nHost: x\r\n\r\n");
            var read = await fin.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(3));
            Assert.Equal(0, read);
        }

        using var rst = await ConnectAsync(server);
        await SendAsync(rst, "GET /rst HTTP/1.1\r\nHost: x\r\n\r\n");
        var error = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            var buffer = new byte[16];
            while (await rst.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(3)) > 0)
            {
            }

            // A FIN where a reset was expected.
            throw new SocketException((int)SocketError.Success);
        });
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
    }

    [Fact]
    public async Task AHangingConnectionEndsWhenTheServerIsDisposedAndThePortIsFreed()
    {
        var server = RawHttpServer.Start(RawReply.Hang());
        using var client = await ConnectAsync(server);
        await SendAsync(client, "GET /items/a HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.True(await server.WaitForRequestsAsync(1, TimeSpan.FromSeconds(3)));
        var clock = Stopwatch.StartNew();

        server.Dispose();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), "disposing took " + clock.Elapsed);
        var ended = client.ReceiveAsync(new byte[16], SocketFlags.None);
        Assert.True(await Task.WhenAny(ended, Task.Delay(3000)) == ended, "the connection outlived the server");
        using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task ATrickledBodyArrivesAFewBytesAtATime()
    {
        await using var server = RawHttpServer.Start(RawReply.Trickle(200, Encoding.ASCII.GetBytes("{\"name\":\"a\"}"), 4, TimeSpan.FromMilliseconds(50), contentLength: 12));
        using var http = new System.Net.Http.HttpClient();
        var clock = Stopwatch.StartNew();

        var body = await http.GetStringAsync(server.Url("/items/a")).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("{\"name\":\"a\"}", body);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(140), "the body was not trickled: " + clock.Elapsed);
    }

    private static async Task<Socket> ConnectAsync(RawHttpServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(TimeSpan.FromSeconds(3));
        return socket;
    }

    private static async Task SendAsync(Socket socket, string text)
        => await socket.SendAsync(Encoding.Latin1.GetBytes(text), SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(3));

    private static async Task<string> ReadAsync(Socket socket, string until)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (!received.ToString().Contains(until) && DateTime.UtcNow < deadline)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(3));
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}
