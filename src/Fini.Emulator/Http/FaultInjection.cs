using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Fini.Emulator.Http;

/// <summary>Answers one request with the fault its <see cref="FiniFaults.Entry"/> was given (see <see cref="FiniFaultKind"/>).</summary>
internal static class FaultInjection
{
    private const string Note = " (fault injected by the Fini emulator)";

    private static readonly byte[] SignInPage = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1>"
        + "<p>A proxy answered in place of the API" + Note + ".</p></body></html>\n");

    private static readonly byte[] MalformedPrefix = Encoding.UTF8.GetBytes("\"fini-emulator\": NaN, ");

    /// <summary>Injects the fault; <paramref name="handle"/> runs the emulator's own handling for the kinds that reach it. Returns the status sent, or null if none was.</summary>
    public static async Task<int?> InjectAsync(HttpContext context, FiniFaults.Entry entry, Func<Task<bool>> handle)
    {
        var plan = entry.Plan!;
        switch (entry.Fault)
        {
            case FiniFaultKind.InternalServerError:
                entry.Handled(false, null);
                await JsonOut.WriteErrorAsync(context, 500, "Internal server error" + Note).ConfigureAwait(false);
                return 500;
            case FiniFaultKind.ServiceUnavailable:
                entry.Handled(false, null);
                await JsonOut.WriteErrorAsync(context, 503, "Service temporarily unavailable" + Note).ConfigureAwait(false);
                return 503;
            case FiniFaultKind.TooManyRequests:
                entry.Handled(false, null);
                var seconds = plan.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers.RetryAfter = seconds;
                await JsonOut.WriteErrorAsync(context, 429, $"Too many requests: retry after {seconds} s{Note}").ConfigureAwait(false);
                return 429;
            case FiniFaultKind.WrongContentType:
                entry.Handled(false, null);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.ContentLength = SignInPage.Length;
                await context.Response.Body.WriteAsync(SignInPage, context.RequestAborted).ConfigureAwait(false);
                return 200;
            case FiniFaultKind.DropBeforeRequest:
                entry.Handled(false, null);
                context.Abort();
                return null;
        }

        // The other kinds let the request be handled (a write is applied), into a buffer, then spoil the answer.
        var original = context.Response.Body;
        byte[] body;
        using (var buffer = new MemoryStream())
        {
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

            body = buffer.ToArray();
        }

        var status = context.Response.StatusCode;
        switch (entry.Fault)
        {
            case FiniFaultKind.Delay:
                try
                {
                    await Task.Delay(plan.Delay, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null; // the client gave up first
                }

                await SendAsync(context, body, body.Length).ConfigureAwait(false);
                return status;
            case FiniFaultKind.TruncatedJson:
                context.Response.ContentLength = body.Length / 2;
                await SendAsync(context, body, body.Length / 2).ConfigureAwait(false);
                return status;
            case FiniFaultKind.MalformedJson:
                var malformed = Malform(body);
                context.Response.ContentLength = malformed.Length;
                await SendAsync(context, malformed, malformed.Length).ConfigureAwait(false);
                return status;
            case FiniFaultKind.DropAfterHandler:
                context.Abort();
                return null;
            case FiniFaultKind.DropDuringResponse:
                // Content-Length still announces the whole body. Ending the request with half of it written makes Kestrel
                // close the connection (a FIN, not a reset, so the client surely reads the status and the half first).
                context.Response.ContentLength = body.Length;
                await SendAsync(context, body, body.Length / 2).ConfigureAwait(false);
                return status;
            default:
                throw new InvalidOperationException($"Unknown fault kind {entry.Fault}.");
        }
    }

    private static async Task SendAsync(HttpContext context, byte[] body, int length)
    {
        try
        {
            await context.Response.Body.WriteAsync(body.AsMemory(0, length), context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing more to send.
        }
    }

    /// <summary>The body with an invalid member (a NaN value, or a name inside an array) right after its first character.</summary>
    private static byte[] Malform(byte[] body)
    {
        if (body.Length == 0)
        {
            return Encoding.UTF8.GetBytes("{\"fini-emulator\": NaN}");
        }

        var result = new byte[body.Length + MalformedPrefix.Length];
        result[0] = body[0];
        MalformedPrefix.CopyTo(result, 1);
        body.AsSpan(1).CopyTo(result.AsSpan(1 + MalformedPrefix.Length));
        return result;
    }
}
