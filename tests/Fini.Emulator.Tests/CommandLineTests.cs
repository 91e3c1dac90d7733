using System;
using System.Collections.Generic;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Urls_port_keys_and_step_are_parsed()
    {
        var parsed = CommandLine.Parse(["--urls", "http://127.0.0.1:5055", "--write-key", "fini_w", "--read-key=fini_r", "--job-step-ms", "50"], NoEnvironment);

        Assert.Equal(5055, parsed.Port);
        Assert.Equal("fini_w", parsed.WriteKey);
        Assert.Equal("fini_r", parsed.ReadKey);
        Assert.Equal(TimeSpan.FromMilliseconds(50), parsed.JobStep);
        Assert.Equal(6000, CommandLine.Parse(["--urls=http://localhost:6000;http://127.0.0.1:7000"], NoEnvironment).Port);
        Assert.Equal(0, CommandLine.Parse(["--port", "0"], NoEnvironment).Port);
        Assert.Equal(5055, CommandLine.Parse([], NoEnvironment).Port);
        Assert.True(CommandLine.Parse(["-h"], NoEnvironment).ShowHelp);
    }

    [Fact]
    public void Keys_can_come_from_the_environment_and_arguments_win()
    {
        var environment = new Dictionary<string, string?> { ["FINI_EMULATOR_WRITE_KEY"] = "fini_env_w", ["FINI_EMULATOR_READ_KEY"] = "fini_env_r" };

        var fromEnvironment = CommandLine.Parse([], name => environment.GetValueOrDefault(name));
        var overridden = CommandLine.Parse(["--write-key", "fini_arg_w"], name => environment.GetValueOrDefault(name));

        Assert.Equal("fini_env_w", fromEnvironment.WriteKey);
        Assert.Equal("fini_env_r", fromEnvironment.ReadKey);
        Assert.Equal("fini_arg_w", overridden.WriteKey);
    }

    [Theory]
    [InlineData("--urls", "http://0.0.0.0:5055")]
    [InlineData("--urls", "https://127.0.0.1:5055")]
    [InlineData("--port", "99999")]
    [InlineData("--port", "abc")]
    [InlineData("--job-step-ms", "-1")]
    [InlineData("--verbose", "1")]
    public void Invalid_arguments_are_rejected(string name, string value)
    {
        Assert.Throws<FormatException>(() => CommandLine.Parse([name, value], NoEnvironment));
    }

    [Fact]
    public void Fault_options_build_a_plan_and_no_faults_is_the_default()
    {
        var plan = CommandLine.Parse(["--faults", "0.3", "--fault-seed", "-7", "--fault-kinds", "500, drop-after,HTML,500", "--fault-delay-ms=1500", "--fault-retry-after-s", "0"], NoEnvironment).Faults;

        Assert.NotNull(plan);
        Assert.Equal(0.3, plan.Rate);
        Assert.Equal(-7, plan.Seed);
        Assert.Equal([FiniFaultKind.InternalServerError, FiniFaultKind.DropAfterHandler, FiniFaultKind.WrongContentType], plan.Kinds);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), plan.Delay);
        Assert.Equal(TimeSpan.Zero, plan.RetryAfter);
        Assert.Empty(plan.ScriptedOperations);

        var defaults = CommandLine.Parse(["--faults=1"], NoEnvironment).Faults;
        Assert.NotNull(defaults);
        Assert.Equal(0, defaults.Seed);
        Assert.Equal(FiniFaultKinds.All, defaults.Kinds);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.Delay);
        Assert.Equal(TimeSpan.FromSeconds(1), defaults.RetryAfter);

        Assert.Null(CommandLine.Parse([], NoEnvironment).Faults);
        Assert.Null(CommandLine.Parse(["--faults", "0"], NoEnvironment).Faults);
        Assert.Contains("--faults <rate>", CommandLine.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--faults", "1.5")]
    [InlineData("--faults", "-0.1")]
    [InlineData("--faults", "abc")]
    [InlineData("--fault-kinds", "500,teapot")]
    [InlineData("--fault-kinds", ",")]
    [InlineData("--fault-seed", "x")]
    [InlineData("--fault-delay-ms", "-5")]
    public void Invalid_fault_options_are_rejected(string name, string value)
    {
        var arguments = name == "--faults" ? new[] { name, value } : ["--faults", "0.5", name, value];
        var error = Assert.Throws<FormatException>(() => CommandLine.Parse(arguments, NoEnvironment));
        Assert.Contains(name == "--fault-kinds" ? "kind" : name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fault_settings_without_a_rate_are_rejected()
    {
        var error = Assert.Throws<FormatException>(() => CommandLine.Parse(["--fault-seed", "3"], NoEnvironment));
        Assert.Contains("--faults <rate>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_is_rejected()
    {
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--write-key"], NoEnvironment));
    }

    [Theory]
    [InlineData("fini_emu_0123456789abcdef0123456789abcdef", "fini_emu...")]
    [InlineData("fini_w_test1", "fini_w...")]
    [InlineData("abc", "a...")]
    public void Key_previews_never_show_a_whole_key(string key, string preview)
    {
        Assert.Equal(preview, ApiKeys.Preview(key));
    }
}
