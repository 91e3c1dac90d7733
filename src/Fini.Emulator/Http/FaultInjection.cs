using System;
using System.Globalization;
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

    /// <summary>
    /// Injects the fault; <paramref name="handle"/> runs the emulator's own handling (into memory) for the kinds that reach
    /// it. Finishes the request's record before anything is sent, and returns the status sent, or null if none was.
    /// </summary>
    public static async Task<int?> InjectAsync(HttpContext context, FiniFaults.Entry entry, Func<Task<bool>> handle)
    {
        var plan = entry.Plan!;
        switch (entry.Fault)
        {
            case FiniFaultKind.InternalServerError:
                entry.Handled(false, null);
                return await AnswerAsync(context, entry, JsonOut.Error(context, 500, "Internal server error" + Note)).ConfigureAwait(false);
            case FiniFaultKind.ServiceUnavailable:
                entry.Handled(false, null);
                return await AnswerAsync(context, entry, JsonOut.Error(context, 503, "Service temporarily unavailable" + Note)).ConfigureAwait(false);
            case FiniFaultKind.TooManyRequests:
                entry.Handled(false, null);
                var seconds = plan.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers.RetryAfter = seconds;
                return await AnswerAsync(context, entry, JsonOut.Error(context, 429, $"Too many requests: retry after {seconds} s{Note}")).ConfigureAwait(false);
            case FiniFaultKind.WrongContentType:
                entry.Handled(false, null);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.ContentLength = SignInPage.Length;
                return await AnswerAsync(context, entry, SignInPage).ConfigureAwait(false);
            case FiniFaultKind.DropBeforeRequest:
                entry.Handled(false, null);
                entry.Finished(null);
                context.Abort();
                return null;
        }

        // The other kinds let the request be handled (a write is applied), into memory, then spoil the answer.
        var body = await ResponseBuffer.CaptureAsync(context, handle).ConfigureAwait(false);
        if (body is null)
        {
            entry.Finished(null);
            return null;
        }

        switch (entry.Fault)
        {
            case FiniFaultKind.Delay:
                try
                {
                    await Task.Delay(plan.Delay, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    entry.Finished(null);
                    return null; // the client gave up first
                }

                return await AnswerAsync(context, entry, body).ConfigureAwait(false);
            case FiniFaultKind.TruncatedJson:
                context.Response.ContentLength = body.Length / 2;
                return await AnswerAsync(context, entry, body, body.Length / 2).ConfigureAwait(false);
            case FiniFaultKind.MalformedJson:
                var malformed = Malform(body);
                context.Response.ContentLength = malformed.Length;
                return await AnswerAsync(context, entry, malformed).ConfigureAwait(false);
            case FiniFaultKind.DropAfterHandler:
                entry.Finished(null);
                context.Abort();
                return null;
            case FiniFaultKind.DropDuringResponse:
                // Content-Length still announces the whole body. Ending the request with half of it written makes Kestrel
                // close the connection (a FIN, not a reset, so the client surely reads the status and the half first).
                context.Response.ContentLength = body.Length;
                return await AnswerAsync(context, entry, body, body.Length / 2).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"Unknown fault kind {entry.Fault}.");
        }
    }

    /// <summary>Records the status as sent, then sends the first <paramref name="length"/> bytes of the body (all by default).</summary>
    private static async Task<int?> AnswerAsync(HttpContext context, FiniFaults.Entry entry, byte[] body, int? length = null)
    {
        var status = context.Response.StatusCode;
        entry.Finished(status);
        await ResponseBuffer.SendAsync(context, body, length ?? body.Length).ConfigureAwait(false);
        return status;
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
