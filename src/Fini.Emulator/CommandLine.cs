using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

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
          --faults <rate>       Inject faults into this share of requests, 0 to 1 (default 0: none)
          --fault-seed <n>      Seed of the faults: the same seed gives the same faults (default 0)
          --fault-kinds <list>  Comma-separated kinds to inject (default all): 500, 503, 429, delay, truncated,
                                malformed, html, drop-before, drop-after, drop-during
          --fault-delay-ms <n>  How long a delay fault holds the response (default 5000)
          --fault-retry-after-s <n>  Retry-After of a 429 fault, in seconds (default 1)
          -h, --help            Show this help
        """;

    private double _faultRate;
    private int _faultSeed;
    private IReadOnlyList<FiniFaultKind>? _faultKinds;
    private TimeSpan _faultDelay = TimeSpan.FromSeconds(5);
    private TimeSpan _faultRetryAfter = TimeSpan.FromSeconds(1);
    private bool _faultOptionWithoutRate;

    public int Port { get; private set; } = 5055;

    public string? WriteKey { get; private set; }

    public string? ReadKey { get; private set; }

    public TimeSpan? JobStep { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>The fault plan from <c>--faults</c> and the other <c>--fault-*</c> options, or null when <c>--faults</c> is absent or 0.</summary>
    public FiniFaultPlan? Faults => _faultRate > 0
        ? new FiniFaultPlan { Rate = _faultRate, Seed = _faultSeed, Kinds = _faultKinds ?? FiniFaultKinds.All, Delay = _faultDelay, RetryAfter = _faultRetryAfter }
        : null;

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
                case "--faults":
                    var rateText = Value();
                    if (!double.TryParse(rateText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate > 1)
                    {
                        throw new FormatException($"--faults must be a share of requests from 0 to 1, such as 0.3, not '{rateText}'.");
                    }

                    result._faultRate = rate;
                    break;
                case "--fault-seed":
                    var seedText = Value();
                    result._faultSeed = int.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
                        ? seed
                        : throw new FormatException($"--fault-seed must be a whole number, not '{seedText}'.");
                    result._faultOptionWithoutRate = true;
                    break;
                case "--fault-kinds":
                    result._faultKinds = ParseKinds(Value());
                    result._faultOptionWithoutRate = true;
                    break;
                case "--fault-delay-ms":
                    result._faultDelay = TimeSpan.FromMilliseconds(ParseWhole("--fault-delay-ms", Value()));
                    result._faultOptionWithoutRate = true;
                    break;
                case "--fault-retry-after-s":
                    result._faultRetryAfter = TimeSpan.FromSeconds(ParseWhole("--fault-retry-after-s", Value()));
                    result._faultOptionWithoutRate = true;
                    break;
                default:
                    throw new FormatException($"Unknown argument '{arg}'. Run with --help for the options.");
            }
        }

        if (result._faultOptionWithoutRate && result._faultRate <= 0)
        {
            throw new FormatException("The --fault-* options need --faults <rate> with a rate above 0.");
        }

        return result;
    }

    private static IReadOnlyList<FiniFaultKind> ParseKinds(string text)
    {
        var kinds = new List<FiniFaultKind>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!FiniFaultKinds.TryParse(name, out var kind))
            {
                throw new FormatException(
                    $"Unknown fault kind '{name}': use {string.Join(", ", FiniFaultKinds.All.Select(FiniFaultKinds.Name))}.");
            }

            if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }
        }

        return kinds.Count > 0 ? kinds : throw new FormatException("--fault-kinds needs at least one kind.");
    }

    private static int ParseWhole(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{name} must be a whole number, not '{text}'.");

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
