using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Fini.Emulator;

CommandLine commandLine;
try
{
    commandLine = CommandLine.Parse(args, Environment.GetEnvironmentVariable);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (commandLine.ShowHelp)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

var options = new FiniEmulatorOptions
{
    Port = commandLine.Port,
    WriteKey = commandLine.WriteKey,
    ReadKey = commandLine.ReadKey,
    RequestLog = line => Console.WriteLine(line),
    Faults = commandLine.Faults,
};
if (commandLine.JobStep is TimeSpan step)
{
    options.JobStepDuration = step;
}

FiniEmulator emulator;
try
{
    emulator = await FiniEmulator.StartAsync(options);
}
catch (Exception e) when (e is IOException or ArgumentException)
{
    Console.Error.WriteLine($"The emulator could not start: {e.Message}");
    return 1;
}

await using (emulator)
{
    var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopped.TrySetResult();
    };
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stopped.TrySetResult();
    });

    Console.WriteLine($"Fini emulator listening on {emulator.BaseAddress}");
    Console.WriteLine($"  write key (read + write scopes): {ApiKeysPreview(emulator.WriteKey)}");
    Console.WriteLine($"  read key  (read scope):          {ApiKeysPreview(emulator.ReadKey)}");
    if (commandLine.WriteKey is null || commandLine.ReadKey is null)
    {
        Console.WriteLine("  Generated keys are never printed in full: pass --write-key/--read-key (or set FINI_EMULATOR_WRITE_KEY/FINI_EMULATOR_READ_KEY) to choose them.");
    }

    Console.WriteLine($"  job step: {emulator.State.JobStepDuration.TotalMilliseconds} ms; providers connected: notion, zendesk, confluence");
    if (emulator.Faults.Plan is { } plan)
    {
        Console.WriteLine($"  faults: {plan}");
    }

    Console.WriteLine("Press Ctrl+C to stop.");
    await stopped.Task;
    if (emulator.Faults.Plan is not null)
    {
        Console.WriteLine(emulator.Faults.Summary());
    }

    Console.WriteLine("Stopping.");
}

return 0;

static string ApiKeysPreview(string key) => ApiKeys.Preview(key);
