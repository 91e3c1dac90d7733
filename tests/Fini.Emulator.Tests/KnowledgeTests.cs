using System;
using System.Linq;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

public sealed class KnowledgeTests
{
    [Fact]
    public async Task Bulk_queues_one_job_per_source_and_links_the_source_when_the_job_completes()
    {
        await using var h = await Harness.StartAsync();
        var a = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/a", Title = "Alpha" });
        var b = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/b" });

        var jobs = await h.BulkAsync(a, b, a);

        Assert.Equal(2, jobs.Count); // one per distinct source
        Assert.Equal(["documentId", "backgroundJobId"], jobs[0]!.AsObject().Select(p => p.Key));
        Assert.Equal(a.ToString(), jobs[0]!["documentId"]!.GetValue<string>());
        var jobA = Guid.Parse(jobs[0]!["backgroundJobId"]!.GetValue<string>());

        var pending = await h.JobStatusAsync(jobA);
        Assert.Equal(["id", "jobStatus", "createdAt", "startedAt", "completedAt", "hcArticleId"], pending.Select(p => p.Key));
        Assert.Equal(jobA.ToString(), pending["id"]!.GetValue<string>());
        Assert.Equal("PENDING", pending["jobStatus"]!.GetValue<string>());
        Assert.Equal("2025-01-15T09:00:00.000Z", pending["createdAt"]!.GetValue<string>());
        Assert.Null(pending["startedAt"]);
        Assert.Null(pending["completedAt"]);
        Assert.Null(pending["hcArticleId"]);

        h.Steps(1);
        var running = await h.JobStatusAsync(jobA);
        Assert.Equal("IN_PROGRESS", running["jobStatus"]!.GetValue<string>());
        Assert.Equal("2025-01-15T09:00:01.000Z", running["startedAt"]!.GetValue<string>());
        Assert.Null(running["completedAt"]);
        Assert.Null((await h.GetSourceAsync(a))["linkedKnowledgeId"]);

        h.Steps(1);
        var done = await h.JobStatusAsync(jobA);
        Assert.Equal("COMPLETED", done["jobStatus"]!.GetValue<string>());
        Assert.Equal("2025-01-15T09:00:02.000Z", done["completedAt"]!.GetValue<string>());
        var articleId = done["hcArticleId"]!.GetValue<string>();

        var source = await h.GetSourceAsync(a);
        Assert.Equal(articleId, source["linkedKnowledgeId"]!.GetValue<string>());
        Assert.Equal("ADD_ARTICLE_TO_FOLDER", source["linkedOperation"]!.GetValue<string>());
        Assert.Equal([a], await h.ListIdsAsync($"articleId={articleId}"));
        var article = h.State.GetArticles().Single(x => x.Id == Guid.Parse(articleId));
        Assert.Equal("Alpha", article.Title);
        Assert.True(article.IsDraft);

        // Several jobs in one status call, one row each, in request order; the read key is enough.
        var jobB = jobs[1]!["backgroundJobId"]!.GetValue<string>();
        var rows = (await h.PostAsync("v2/knowledge/public/jobs/status", $$"""{"jobIds":["{{jobB}}","{{jobA}}"]}""", h.ReadKey)).Ok()["jobs"]!.AsArray();
        Assert.Equal([jobB, jobA.ToString()], rows.Select(r => r!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Bulk_on_a_source_whose_ingest_has_not_completed_is_a_no_op_without_an_article()
    {
        await using var h = await Harness.StartAsync();
        var id = Assert.Single((await h.IngestWebAsync("https://docs.example.com/a")).Added);
        var failed = Assert.Single((await h.IngestWebAsync("https://docs.example.com/private/a")).Added);

        var job = Guid.Parse((await h.BulkAsync(id))[0]!["backgroundJobId"]!.GetValue<string>());
        h.Steps(2);
        var failedJob = Guid.Parse((await h.BulkAsync(failed))[0]!["backgroundJobId"]!.GetValue<string>());
        h.Steps(2);

        foreach (var jobId in new[] { job, failedJob })
        {
            var status = await h.JobStatusAsync(jobId);
            Assert.Equal("COMPLETED", status["jobStatus"]!.GetValue<string>());
            Assert.Null(status["hcArticleId"]);
        }

        Assert.Null((await h.GetSourceAsync(id))["linkedKnowledgeId"]);
        Assert.Empty(h.State.GetArticles());
    }

    [Fact]
    public async Task RestrictedOps_limit_what_the_job_may_do()
    {
        await using var h = await Harness.StartAsync();
        var id = h.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/a" });

        var response = (await h.PostAsync("v2/knowledge/public/bulk", $$"""
            {"documentIds":["{{id}}"],"origin":"sources","restrictedOps":["DO_NOTHING"],"instructions":"Keep it short","botId":"35b4838a-4136-4f6c-a530-8f17cb47566d","isDraft":false}
            """)).Ok();
        h.Steps(2);

        var status = await h.JobStatusAsync(Guid.Parse(response["jobs"]![0]!["backgroundJobId"]!.GetValue<string>()));
        Assert.Equal("COMPLETED", status["jobStatus"]!.GetValue<string>());
        Assert.Null(status["hcArticleId"]);
        var source = await h.GetSourceAsync(id);
        Assert.Equal("DO_NOTHING", source["linkedOperation"]!.GetValue<string>());
        Assert.Null(source["linkedKnowledgeId"]);
    }

    [Fact]
    public async Task Unknown_job_ids_and_ingest_job_ids_are_404()
    {
        await using var h = await Harness.StartAsync();
        var id = Assert.Single((await h.IngestWebAsync("https://docs.example.com/a")).Added);
        var ingestJob = (await h.GetSourceAsync(id))["linkedJobId"]!.GetValue<string>();
        var knowledgeJob = (await h.BulkAsync(id))[0]!["backgroundJobId"]!.GetValue<string>();

        (await h.PostAsync("v2/knowledge/public/jobs/status", """{"jobIds":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"]}"""))
            .Error(404, "Knowledge job not found: 5d9f67a8-d853-4af4-b7ce-23ebba1245e5");
        var message = (await h.PostAsync("v2/knowledge/public/jobs/status", $$"""{"jobIds":["{{knowledgeJob}}","{{ingestJob}}"]}"""))
            .Error(404, ingestJob);
        Assert.Contains("linkedJobId", message, StringComparison.Ordinal);
        Assert.DoesNotContain(knowledgeJob, message, StringComparison.Ordinal);
    }
}
