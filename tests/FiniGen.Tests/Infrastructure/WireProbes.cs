using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace FiniGen.Tests.Infrastructure;

/// <summary>Probe source and assertions the wire tests share.</summary>
public static class WireProbes
{
    /// <summary>
    /// Members every probe starts with (after <see cref="ContractUnderTest.Source"/>): the key, options pointing at a
    /// <see cref="RawHttpServer"/> with a short retry delay, a client that owns its HttpClient (created from options only),
    /// and a valid order.
    /// </summary>
    public static readonly string Common = "    public const string Key = \"" + WireContracts.Key + "\";\n" + """

            public static NS.BASEClientOptions Options(string url) => new NS.BASEClientOptions { BaseAddress = new Uri(url), InventoryKey = Key, RetryDelay = TimeSpan.FromMilliseconds(20) };

            public static NS.BASEClient Own(string url) => new NS.BASEClient(Options(url));

            public static NS.Order Order() => new NS.Order { Sku = "sku-1", Quantity = 2, Price = 9.5, Lines = new List<NS.Line> { new NS.Line { Sku = "sku-1", Count = 2 } } };

            public const string ItemJson = "{\"name\":\"a\",\"title\":\"A\"}";

        """;

    /// <summary>A character as the spec names it in messages: <c>U+000D</c>.</summary>
    public static string CodePoint(int value) => "U+" + value.ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>
    /// The first character of <paramref name="value"/> that the HTTP field-value grammar forbids (or a leading SP/HTAB), as
    /// <c>U+XXXX</c>; for a character outside the BMP, <c>U+1F600|U+D83D</c> (either name will do).
    /// </summary>
    public static string FirstForbidden(string value)
    {
        if (value.Length > 0 && (value[0] is ' ' or '\t'))
        {
            return CodePoint(value[0]);
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\t' or ' ' || (c >= 0x21 && c <= 0x7E))
            {
                continue;
            }

            return char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? CodePoint(char.ConvertToUtf32(c, value[i + 1])) + "|" + CodePoint(c)
                : CodePoint(c);
        }

        return CodePoint(value[^1]);
    }

    /// <summary>Shows control characters of <paramref name="text"/> so that failure messages can be read.</summary>
    public static string Visible(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n\n",
                '\t' => "\\t",
                _ when c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Asserts that nothing reached <paramref name="server"/>: no connection, no byte.</summary>
    public static async Task AssertNothingSentAsync(RawHttpServer server, string why)
    {
        await server.SettleAsync(TimeSpan.FromMilliseconds(100));
        Assert.True(
            server.Connections.Count == 0 && server.BytesReceived == 0,
            why + ": but " + server.Connections.Count + " connection(s) and " + server.BytesReceived + " byte(s) reached the server, parsed as "
                + server.Requests.Count + " request(s) [" + string.Join("; ", server.Requests.Select(r => r.RequestLine)) + "]:\n" + Visible(server.Transcript));
    }

    /// <summary>Asserts that <paramref name="exception"/>'s message names <paramref name="operationId"/>.</summary>
    public static void AssertNamesOperation(Exception exception, string operationId)
        => Assert.True(exception.Message.Contains(operationId, StringComparison.Ordinal), "The message does not name the operation " + operationId + ": " + exception.Message);

    /// <summary>Whether <paramref name="message"/> names a limit of <paramref name="bytes"/> bytes in one of the usual ways.</summary>
    public static bool NamesLimit(string message, long bytes)
    {
        var forms = new[]
        {
            bytes.ToString(CultureInfo.InvariantCulture),
            bytes.ToString("N0", CultureInfo.InvariantCulture),
            bytes.ToString("N0", CultureInfo.InvariantCulture).Replace(',', ' '),
            bytes.ToString("N0", CultureInfo.InvariantCulture).Replace(',', '_'),
        }.ToList();
        if (bytes % (1024 * 1024) == 0)
        {
            forms.Add((bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB");
            forms.Add((bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB");
        }
        else if (bytes % 1024 == 0)
        {
            forms.Add((bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB");
        }

        return forms.Any(f => message.Contains(f, StringComparison.Ordinal));
    }
}
