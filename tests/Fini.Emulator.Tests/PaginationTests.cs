using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class PaginationTests
{
    private const int Count = 120;
    private const int PageSize = 25;

    /// <summary>120 sources, three per timestamp, so the externalId tie-break is exercised on every page.</summary>
    private static List<Guid> Seed(Harness h)
    {
        for (var i = 0; i < Count; i++)
        {
            h.State.AddSource(new FiniSourceSeed
            {
                OriginalUrl = $"https://docs.example.com/page-{i:D3}",
                UpdatedAt = Harness.Start.AddMinutes(-(i / 3)),
                English = i % 2 == 0,
            });
        }

        return h.State.GetSources().Select(s => s.Id).ToList();
    }

    [Fact]
    public async Task Walking_forward_with_next_visits_every_source_once_in_order()
    {
        await using var h = await Harness.StartAsync();
        var expected = Seed(h);

        var seen = new List<Guid>();
        var (page, hasMore) = await h.ListAsync($"limit={PageSize}");
        var pages = 1;
        seen.AddRange(Ids(page));
        while (hasMore)
        {
            (page, hasMore) = await h.ListAsync($"limit={PageSize}&cursor={seen[^1]}&direction=next");
            Assert.NotEmpty(page);
            seen.AddRange(Ids(page));
            pages++;
        }

        Assert.Equal(5, pages);
        Assert.Equal(expected, seen);
        Assert.Equal(Count, seen.Distinct().Count());

        // The default direction is next.
        Assert.Equal(expected.Skip(PageSize).Take(PageSize), Ids((await h.ListAsync($"limit={PageSize}&cursor={expected[PageSize - 1]}")).Documents));
    }

    [Fact]
    public async Task Walking_back_with_previous_from_the_last_page_visits_every_newer_source_once_in_order()
    {
        await using var h = await Harness.StartAsync();
        var expected = Seed(h);

        // Start from the oldest page (the last 20 records: 120 = 4 x 25 + 20) and walk back toward newer ones.
        var lastPage = expected.Skip(100).ToList();
        var collected = new List<List<Guid>> { lastPage };
        var cursor = lastPage[0];
        var hasMore = true;
        while (hasMore)
        {
            var (page, more) = await h.ListAsync($"limit={PageSize}&cursor={cursor}&direction=previous");
            var ids = Ids(page);
            Assert.Equal(PageSize, ids.Count);
            collected.Insert(0, ids);
            cursor = ids[0];
            hasMore = more;
        }

        var seen = collected.SelectMany(p => p).ToList();
        Assert.Equal(expected, seen);
        Assert.Equal(Count, seen.Distinct().Count());

        // Previous from the first record of the list: nothing newer.
        var (top, topHasMore) = await h.ListAsync($"limit={PageSize}&cursor={expected[0]}&direction=previous");
        Assert.Empty(top);
        Assert.False(topHasMore);
    }

    [Fact]
    public async Task Cursors_work_together_with_filters_in_both_directions()
    {
        await using var h = await Harness.StartAsync();
        var english = Seed(h).Where(id => h.State.GetSource(id)!.English).ToList();
        Assert.Equal(Count / 2, english.Count);

        var forward = new List<Guid>();
        var (page, hasMore) = await h.ListAsync("english=true&limit=7");
        forward.AddRange(Ids(page));
        while (hasMore)
        {
            (page, hasMore) = await h.ListAsync($"english=true&limit=7&cursor={forward[^1]}&direction=next");
            forward.AddRange(Ids(page));
        }

        Assert.Equal(english, forward);

        var middle = english[30];
        var (back, backHasMore) = await h.ListAsync($"english=true&limit=7&cursor={middle}&direction=previous");
        Assert.Equal(english.Skip(23).Take(7), Ids(back));
        Assert.True(backHasMore);
    }

    private static List<Guid> Ids(System.Text.Json.Nodes.JsonArray documents) =>
        documents.Select(d => Guid.Parse(d!["id"]!.GetValue<string>())).ToList();
}
