using System;
using System.Linq;
using System.Security.Cryptography;

namespace Fini.Emulator;

/// <summary>The emulator's generated API keys.</summary>
internal static class ApiKeys
{
    public const string Prefix = "fini_emu_";

    /// <summary><c>fini_emu_</c> + 32 random lowercase hex digits.</summary>
    public static string Generate() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The first 8 characters only, and never the whole key (at most half of a short one): what the command line prints.</summary>
    public static string Preview(string key) => key[..Math.Min(8, key.Length / 2)] + "...";

    public static void Validate(string key, string name)
    {
        if (string.IsNullOrEmpty(key) || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"{name} must be a non-empty key without whitespace.", name);
        }
    }
}
