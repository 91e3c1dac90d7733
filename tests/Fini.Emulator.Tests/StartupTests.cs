using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task Defaults_bind_loopback_on_a_free_port_with_generated_distinct_keys()
    {
        await using var first = await FiniEmulator.StartAsync();
        await using var second = await FiniEmulator.StartAsync();

        Assert.Equal("http", first.BaseAddress.Scheme);
        Assert.Equal("127.0.0.1", first.BaseAddress.Host);
        Assert.True(first.BaseAddress.Port > 0);
        Assert.Equal("/", first.BaseAddress.AbsolutePath);
        Assert.NotEqual(first.BaseAddress.Port, second.BaseAddress.Port);
        foreach (var key in new[] { first.WriteKey, first.ReadKey, second.WriteKey })
        {
            Assert.Matches(new Regex("^fini_emu_[0-9a-f]{32}$"), key);
        }

        Assert.NotEqual(first.WriteKey, first.ReadKey);
        Assert.NotEqual(first.WriteKey, second.WriteKey);
    }

    [Fact]
    public async Task Chosen_port_and_keys_are_used_and_dispose_stops_the_server()
    {
        var port = FreePort();
        var emulator = await FiniEmulator.StartAsync(new FiniEmulatorOptions { Port = port, WriteKey = "fini_local_write", ReadKey = "fini_local_read" });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "fini_local_read");

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), emulator.BaseAddress);
        Assert.Equal("fini_local_write", emulator.WriteKey);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("v2/documents/public")).StatusCode);

        await emulator.DisposeAsync();
        await emulator.DisposeAsync(); // idempotent

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("v2/documents/public?again=1"));
    }

    [Fact]
    public async Task Invalid_options_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => FiniEmulator.StartAsync(new FiniEmulatorOptions { WriteKey = "fini_same", ReadKey = "fini_same" }));
        await Assert.ThrowsAsync<ArgumentException>(() => FiniEmulator.StartAsync(new FiniEmulatorOptions { WriteKey = "has space" }));
        await Assert.ThrowsAsync<ArgumentException>(() => FiniEmulator.StartAsync(new FiniEmulatorOptions { Port = 70000 }));
        await Assert.ThrowsAsync<ArgumentException>(() => FiniEmulator.StartAsync(new FiniEmulatorOptions { JobStepDuration = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public async Task State_seeding_validates_its_input()
    {
        await using var emulator = await FiniEmulator.StartAsync();

        Assert.Throws<ArgumentException>(() => emulator.State.AddSource(new FiniSourceSeed { Source = "sharepoint", ExternalId = "1" }));
        Assert.Throws<ArgumentException>(() => emulator.State.AddSource(new FiniSourceSeed { Source = "web" }));
        emulator.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/a" });
        Assert.Throws<ArgumentException>(() => emulator.State.AddSource(new FiniSourceSeed { ExternalId = "https://docs.example.com/a" }));
        Assert.Throws<ArgumentException>(() => emulator.State.SetProviderConnected("googledrive", true));
        Assert.Equal(1, emulator.State.SourceCount);

        emulator.State.Reset();
        Assert.Equal(0, emulator.State.SourceCount);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
