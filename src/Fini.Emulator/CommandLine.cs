using System;
using System.Collections.Generic;
using System.Globalization;

namespace Fini.Emulator;

/// <summary>The command line of <c>dotnet run --project src/Fini.Emulator -- [options]</c>.</summary>
internal sealed class CommandLine
{
    public const string Usage = """
        Fini emulator: an in-memory fake of the Fini sources API, on 127.0.0.1 only.

        Usage: dotnet run --project src/Fini.Emulator -- [options]

          --urls <url>          Address to listen on, e.g. http://127.0.0.1:5055 (host 127.0.0.1 or localhost)
          --port <n>            Port to listen on (0 = any free port; the default is 5055)
          --write-key <key>     API key with the read and write scopes (default: generated, or FINI_EMULATOR_WRITE_KEY)
          --read-key <key>      API key with the read scope only (default: generated, or FINI_EMULATOR_READ_KEY)
          --job-step-ms <n>     Length of each job step in milliseconds (default 300)
          -h, --help            Show this help
        """;

    public int Port { get; private set; } = 5055;

    public string? WriteKey { get; private set; }

    public string? ReadKey { get; private set; }

    public TimeSpan? JobStep { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Parses the arguments; <paramref name="environment"/> supplies the key variables.</summary>
    /// <exception cref="FormatException">An argument is unknown, missing its value, or invalid.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var result = new CommandLine
        {
            WriteKey = NullIfEmpty(environment("FINI_EMULATOR_WRITE_KEY")),
            ReadKey = NullIfEmpty(environment("FINI_EMULATOR_READ_KEY")),
        };

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inline = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{arg} needs a value.");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "-h":
                case "--help":
                    result.ShowHelp = true;
                    break;
                case "--urls":
                    result.Port = PortFromUrls(Value());
                    break;
                case "--port":
                    result.Port = ParsePort(Value());
                    break;
                case "--write-key":
                    result.WriteKey = Value();
                    break;
                case "--read-key":
                    result.ReadKey = Value();
                    break;
                case "--job-step-ms":
                    var text = Value();
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
                    {
                        throw new FormatException($"--job-step-ms must be a whole number of milliseconds, not '{text}'.");
                    }

                    result.JobStep = TimeSpan.FromMilliseconds(milliseconds);
                    break;
                default:
                    throw new FormatException($"Unknown argument '{arg}'. Run with --help for the options.");
            }
        }

        return result;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new FormatException($"The port must be a number from 0 to 65535, not '{text}'.");

    /// <summary>The port of the first URL of an ASP.NET-style <c>--urls</c> list; the host must be a loopback name.</summary>
    private static int PortFromUrls(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var head, ..]
            ? head
            : throw new FormatException("--urls needs a URL, e.g. http://127.0.0.1:5055");
        if (!Uri.TryCreate(first, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
        {
            throw new FormatException($"--urls must be an http URL such as http://127.0.0.1:5055, not '{first}' (the emulator serves plain HTTP).");
        }

        if (url.Host is not ("127.0.0.1" or "localhost"))
        {
            throw new FormatException($"The emulator binds 127.0.0.1 only; use http://127.0.0.1:<port> instead of '{first}'.");
        }

        return url.Port;
    }
}
