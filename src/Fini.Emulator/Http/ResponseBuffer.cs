using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Fini.Emulator.Http;

/// <summary>
/// Every answer is made in memory first and sent in one write afterwards, so that the request's record (handled, write
/// applied, status sent) is complete before the client can have a byte of it.
/// </summary>
internal static class ResponseBuffer
{
    /// <summary>
    /// Runs <paramref name="handle"/> with the response body going to memory (status and headers are set as usual, nothing
    /// is sent). Returns the body, or null when <paramref name="handle"/> says the client went away.
    /// </summary>
    public static async Task<byte[]?> CaptureAsync(HttpContext context, Func<Task<bool>> handle)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            if (!await handle().ConfigureAwait(false))
            {
                return null;
            }
        }
        finally
        {
            context.Response.Body = original;
        }

        return buffer.ToArray();
    }

    /// <summary>Sends the first <paramref name="length"/> bytes of <paramref name="body"/>. Returns false when the client went away first.</summary>
    public static async Task<bool> SendAsync(HttpContext context, byte[] body, int length)
    {
        try
        {
            await context.Response.Body.WriteAsync(body.AsMemory(0, length), context.RequestAborted).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            return false; // the client went away; nothing more to send
        }
    }
}
