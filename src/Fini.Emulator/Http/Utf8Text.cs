using System;
using System.Buffers;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Unicode;

namespace Fini.Emulator.Http;

/// <summary>Finds and names invalid UTF-8, for error messages that say what is wrong with the bytes.</summary>
internal static class Utf8Text
{
    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence, or -1 when all of it is valid.</summary>
    public static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }

        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    /// <summary>The bytes of the bad sequence that starts <paramref name="bytes"/>: its lead byte and the continuation bytes that follow it, as many as the lead byte asks for.</summary>
    public static ReadOnlySpan<byte> Sequence(ReadOnlySpan<byte> bytes)
    {
        var lead = bytes[0];
        var wanted = lead switch
        {
            >= 0xC0 and <= 0xDF => 2,
            >= 0xE0 and <= 0xEF => 3,
            >= 0xF0 and <= 0xF7 => 4,
            _ => 1,
        };
        var length = 1;
        while (length < wanted && length < bytes.Length && (bytes[length] & 0xC0) == 0x80)
        {
            length++;
        }

        return bytes[..length];
    }

    /// <summary>What is wrong with a sequence that <see cref="Sequence"/> cut out.</summary>
    public static string Describe(ReadOnlySpan<byte> sequence)
    {
        var lead = sequence[0];
        var second = sequence.Length > 1 ? sequence[1] : (byte)0;
        return lead switch
        {
            >= 0x80 and <= 0xBF => "a continuation byte without a lead byte",
            0xC0 or 0xC1 => "an overlong encoding",
            >= 0xF5 => "a byte that never occurs in UTF-8",
            0xE0 when sequence.Length > 1 && second < 0xA0 => "an overlong encoding",
            0xF0 when sequence.Length > 1 && second < 0x90 => "an overlong encoding",
            0xED when second >= 0xA0 => "a UTF-16 surrogate encoded as UTF-8 (CESU-8), which is no character",
            0xF4 when second >= 0x90 => "a code point above U+10FFFF",
            _ => "a multi-byte sequence cut short",
        };
    }

    /// <summary>Bytes as <c>C0 AF</c>.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) =>
        string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
}
