using System;
using System.Threading.Tasks;
using FiniGen.Tests.Infrastructure;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// The options of the generated client: their defaults, and each one checked when it is set (the setter throws an
/// ArgumentException naming the option), never later inside a call. Each option has a probe of its own, so that an
/// option today's client does not have fails its own tests only.
/// </summary>
public class ClientOptionsTests
{
    private static readonly ContractUnderTest Wire = WireContracts.Wire;

    private const string TimeoutProbe = """
        public static object? Default() => new NS.BASEClientOptions().Timeout;

        public static object? Set(string value)
        {
            var options = new NS.BASEClientOptions();
            options.Timeout = value == "null" ? null : value == "infinite" ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(long.Parse(value));
            return options.Timeout;
        }
        """;

    private const string MaxRetriesProbe = """
        public static object? Default() => new NS.BASEClientOptions().MaxRetries;

        public static object? Set(string value)
        {
            var options = new NS.BASEClientOptions();
            options.MaxRetries = int.Parse(value);
            return options.MaxRetries;
        }

        public static object? SetThroughWithOptions(string value)
        {
            using var client = new NS.BASEClient(new NS.BASEClientOptions());
            try
            {
                client.WithOptions(o => o.MaxRetries = int.Parse(value));
            }
            finally
            {
                if (client.Options.MaxRetries != 2)
                {
                    throw new InvalidOperationException("WithOptions changed the original client's options");
                }
            }

            return null;
        }
        """;

    private const string RetryDelayProbe = """
        public static object? Default() => new NS.BASEClientOptions().RetryDelay;

        public static object? Set(string value)
        {
            var options = new NS.BASEClientOptions();
            options.RetryDelay = TimeSpan.FromTicks(long.Parse(value));
            return options.RetryDelay;
        }
        """;

    private const string MaxRetryAfterProbe = """
        public static object? Default() => new NS.BASEClientOptions().MaxRetryAfter;

        public static object? Set(string value)
        {
            var options = new NS.BASEClientOptions();
            options.MaxRetryAfter = TimeSpan.FromTicks(long.Parse(value));
            return options.MaxRetryAfter;
        }
        """;

    private const string MaxResponseSizeProbe = """
        public static object? Default() => new NS.BASEClientOptions().MaxResponseSize;

        public static object? Set(string value)
        {
            var options = new NS.BASEClientOptions();
            options.MaxResponseSize = int.Parse(value);
            return options.MaxResponseSize;
        }
        """;

    private const string BaseAddressProbe = """
        public static object? Set(string value)
        {
            var options = new NS.BASEClientOptions();
            options.BaseAddress = new Uri(value, UriKind.RelativeOrAbsolute);
            return options.BaseAddress;
        }
        """;

    private const string NoLimitProbe = """
        public static async Task<object?> Get(string url, string timeout)
        {
            var options = Options(url);
            options.Timeout = timeout == "null" ? null : System.Threading.Timeout.InfiniteTimeSpan;
            using var client = new NS.BASEClient(options);
            return (await client.GetItemAsync("a")).Name;
        }
        """;

    private static long Ms(double milliseconds) => (long)(milliseconds * TimeSpan.TicksPerMillisecond);

    // ------------------------------------------------------------------ defaults

    [Fact]
    public async Task TheDefaultTimeoutIs100SecondsNotNull()
    {
        var outcome = await Wire.RunAsync(TimeoutProbe, "Default");

        Assert.Equal(TimeSpan.FromSeconds(100), outcome.Returned());
    }

    [Fact]
    public async Task TheDefaultMaxRetriesIs2()
        => Assert.Equal(2, (await Wire.RunAsync(MaxRetriesProbe, "Default")).Returned());

    [Fact]
    public async Task TheDefaultRetryDelayIs500Milliseconds()
        => Assert.Equal(TimeSpan.FromMilliseconds(500), (await Wire.RunAsync(RetryDelayProbe, "Default")).Returned());

    [Fact]
    public async Task TheDefaultMaxRetryAfterIs30Seconds()
        => Assert.Equal(TimeSpan.FromSeconds(30), (await Wire.RunAsync(MaxRetryAfterProbe, "Default")).Returned());

    [Fact]
    public async Task TheDefaultMaxResponseSizeIs16MiB()
        => Assert.Equal(16_777_216, (await Wire.RunAsync(MaxResponseSizeProbe, "Default")).Returned());

    // ------------------------------------------------------------------ checked when set

    public static TheoryData<string> RejectedTimeouts() => new(
        "0",
        Ms(-2).ToString(),
        TimeSpan.FromDays(-1).Ticks.ToString(),
        Ms((double)int.MaxValue + 1).ToString(),
        TimeSpan.FromDays(60).Ticks.ToString());

    [Theory]
    [MemberData(nameof(RejectedTimeouts))]
    public async Task ATimeoutThatIsNotPositiveOrIsTooLongIsRejectedWhenSet(string ticks)
        => AssertRejected(await Wire.RunAsync(TimeoutProbe, "Set", ticks), "Timeout");

    public static TheoryData<string> AcceptedTimeouts() => new("null", "infinite", Ms(1).ToString(), TimeSpan.FromSeconds(100).Ticks.ToString(), Ms(int.MaxValue).ToString());

    [Theory]
    [MemberData(nameof(AcceptedTimeouts))]
    public async Task ATimeoutFromOneMillisecondToIntMaxValueMillisecondsOrNullOrInfiniteIsAccepted(string value)
        => (await Wire.RunAsync(TimeoutProbe, "Set", value)).Returned();

    [Theory]
    [InlineData("-1")]
    [InlineData("11")]
    [InlineData("2147483647")]
    public async Task MaxRetriesOutside0To10IsRejectedWhenSet(string value)
        => AssertRejected(await Wire.RunAsync(MaxRetriesProbe, "Set", value), "MaxRetries");

    [Theory]
    [InlineData("0")]
    [InlineData("10")]
    public async Task MaxRetriesFrom0To10IsAccepted(string value)
        => Assert.Equal(int.Parse(value), (await Wire.RunAsync(MaxRetriesProbe, "Set", value)).Returned());

    [Fact]
    public async Task AnOptionSetThroughWithOptionsIsCheckedThereAndLeavesTheClientAlone()
        => AssertRejected(await Wire.RunAsync(MaxRetriesProbe, "SetThroughWithOptions", "11"), "MaxRetries");

    public static TheoryData<string> RejectedRetryDelays() => new(Ms(-1).ToString(), TimeSpan.FromDays(60).Ticks.ToString(), Ms((double)int.MaxValue + 1).ToString());

    [Theory]
    [MemberData(nameof(RejectedRetryDelays))]
    public async Task ARetryDelayOutside0ToIntMaxValueMillisecondsIsRejectedWhenSet(string ticks)
        => AssertRejected(await Wire.RunAsync(RetryDelayProbe, "Set", ticks), "RetryDelay");

    [Theory]
    [InlineData("0")]
    [InlineData("21474836470000")]
    public async Task ARetryDelayFrom0ToIntMaxValueMillisecondsIsAccepted(string ticks)
        => (await Wire.RunAsync(RetryDelayProbe, "Set", ticks)).Returned();

    [Fact]
    public async Task ANegativeMaxRetryAfterIsRejectedWhenSet()
        => AssertRejected(await Wire.RunAsync(MaxRetryAfterProbe, "Set", Ms(-1).ToString()), "MaxRetryAfter");

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-2147483648")]
    public async Task AMaxResponseSizeBelow1IsRejectedWhenSet(string value)
        => AssertRejected(await Wire.RunAsync(MaxResponseSizeProbe, "Set", value), "MaxResponseSize");

    [Theory]
    [InlineData("1")]
    [InlineData("2147483647")]
    public async Task AMaxResponseSizeOf1OrMoreIsAccepted(string value)
        => Assert.Equal(int.Parse(value), (await Wire.RunAsync(MaxResponseSizeProbe, "Set", value)).Returned());

    [Theory]
    [InlineData("/relative/path/")]
    [InlineData("ftp://files.example.com/")]
    [InlineData("file:///etc/")]
    [InlineData("ws://socket.example.com/")]
    public async Task ABaseAddressThatIsNotAnAbsoluteHttpOrHttpsUriIsRejectedWhenSet(string value)
        => AssertRejected(await Wire.RunAsync(BaseAddressProbe, "Set", value), "BaseAddress");

    [Theory]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("https://inventory.example.com/v2/")]
    public async Task AnAbsoluteHttpOrHttpsBaseAddressIsAccepted(string value)
        => Assert.Equal(new Uri(value), (await Wire.RunAsync(BaseAddressProbe, "Set", value)).Returned());

    [Theory]
    [InlineData("null")]
    [InlineData("infinite")]
    public async Task ANullOrInfiniteTimeoutLetsASlowResponseFinish(string timeout)
    {
        // 1.2 s for the body: longer than nothing, shorter than anyone's patience.
        await using var server = RawHttpServer.Start(RawReply.Trickle(200, System.Text.Encoding.ASCII.GetBytes("{\"name\":\"slow\"}"), 2, TimeSpan.FromMilliseconds(150), contentLength: 15));

        var outcome = await Wire.RunAsync(NoLimitProbe, "Get", server.BaseUrl, timeout);

        Assert.Equal("slow", outcome.Returned());
    }

    private static void AssertRejected(ProbeOutcome outcome, string option)
    {
        var exception = outcome.Threw("ArgumentException");
        Assert.True(
            (exception as ArgumentException)?.ParamName == option || exception.Message.Contains(option, StringComparison.Ordinal),
            "the error does not name " + option + ": ParamName = " + (exception as ArgumentException)?.ParamName + ", message: " + exception.Message);
    }
}
