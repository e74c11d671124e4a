using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Interlude.Graph;

namespace Interlude.Workers.Tests;

/// <summary>
/// The waiting rule (DESIGN.md, "Interfaces"): <c>POST /threads</c> and resume wait at most
/// <c>Interlude:Api:WaitSeconds</c>; a thread still running then gets 202 with its snapshot.
/// The slow node waits on a gate the test opens, so only the API's own wait takes time.
/// </summary>
public sealed class HttpWaitingRuleTests
{
    private const string WaitSeconds = "2";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Start_OfAThreadStillRunningAfterTheWait_Returns202Running_ThenItCompletes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartHost(gate);
        try
        {
            var clock = Stopwatch.StartNew();
            using var response = await host.PostJson("/threads", """{"graph":"http-slow","threadId":"slow-1","input":{}}""");
            clock.Stop();

            var snapshot = await InterludeApiHost.AssertJson(response, HttpStatusCode.Accepted);
            Assert.Equal("/threads/slow-1/state", response.Headers.Location?.OriginalString);
            Assert.Equal("slow-1", snapshot.GetProperty("threadId").GetString());
            Assert.Equal("running", snapshot.GetProperty("status").GetString());
            Assert.Equal(0, snapshot.GetProperty("interrupts").GetArrayLength());
            Assert.Equal(["slow"], snapshot.GetProperty("next").EnumerateArray().Select(n => n.GetString()));
            Assert.True(clock.Elapsed >= Wait * 0.9, $"answered after {clock.Elapsed}, before the wait");
            Assert.Equal("running", (await host.GetState("slow-1")).GetProperty("status").GetString());

            gate.SetResult();
            var done = await WaitForStatus(host, "slow-1", "completed");
            Assert.True(done.GetProperty("values").GetProperty("done").GetBoolean());
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task Resume_OfAThreadStillRunningAfterTheWait_Returns202Running()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartHost(gate);
        try
        {
            var paused = await host.PostJsonExpect("/threads", """{"graph":"http-ask-then-slow","threadId":"slow-2"}""", HttpStatusCode.Created);
            Assert.Equal("interrupted", paused.GetProperty("status").GetString());

            using var response = await host.PostJson("/threads/slow-2/resume", """{"resume":"go"}""");

            var snapshot = await InterludeApiHost.AssertJson(response, HttpStatusCode.Accepted);
            Assert.Equal("/threads/slow-2/state", response.Headers.Location?.OriginalString);
            Assert.Equal("running", snapshot.GetProperty("status").GetString());
            Assert.Equal(0, snapshot.GetProperty("interrupts").GetArrayLength());
            Assert.Equal("go", snapshot.GetProperty("values").GetProperty("answer").GetString());

            gate.SetResult();
            var done = await WaitForStatus(host, "slow-2", "completed");
            Assert.True(done.GetProperty("values").GetProperty("done").GetBoolean());
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task CommandsOnARunningThread_ResumeAndUpdateAreRefused_CancelIsAccepted()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartHost(gate);
        try
        {
            await host.PostJsonExpect("/threads", """{"graph":"http-slow","threadId":"slow-3"}""", HttpStatusCode.Accepted);

            using var resume = await host.PostJson("/threads/slow-3/resume", """{"resume":true}""");
            using var update = await host.PostJson("/threads/slow-3/state", """{"values":{"done":false}}""");
            await InterludeApiHost.AssertProblem(resume, HttpStatusCode.Conflict, "not-interrupted");
            await InterludeApiHost.AssertProblem(update, HttpStatusCode.Conflict, "not-interrupted");

            var cancelled = await host.PostJsonExpect("/threads/slow-3/cancel", "{}", HttpStatusCode.OK);
            Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    private static Task<InterludeApiHost> StartHost(TaskCompletionSource gate)
    {
        var slow = new StateGraph<SlowState>("http-slow")
            .AddNode("slow", async (_, ctx) =>
            {
                await gate.Task.WaitAsync(ctx.CancellationToken);
                return ctx.Update().Set(s => s.Done, true);
            })
            .AddEdge(GraphNames.Start, "slow")
            .AddEdge("slow", GraphNames.End)
            .Compile();
        var askThenSlow = new StateGraph<SlowState>("http-ask-then-slow")
            .AddNode("ask", (_, ctx) => ctx.Update().Set(s => s.Answer, ctx.Interrupt("Go?")?.GetValue<string>()))
            .AddNode("slow", async (_, ctx) =>
            {
                await gate.Task.WaitAsync(ctx.CancellationToken);
                return ctx.Update().Set(s => s.Done, true);
            })
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", "slow")
            .AddEdge("slow", GraphNames.End)
            .Compile();

        // No chains: the resume test reads the thread between ask and slow, which a chain runs in one message.
        return InterludeApiHost.StartWithGraphsAsync([slow, askThenSlow], $"--Interlude:Api:WaitSeconds={WaitSeconds}", "--Interlude:Nodes:MaxChainSteps=1");
    }

    /// <summary>Polls the thread's state until it reaches <paramref name="status"/> (the thread runs on after the 202).</summary>
    private static async Task<JsonElement> WaitForStatus(InterludeApiHost host, string threadId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var state = await host.GetState(threadId);
            if (state.GetProperty("status").GetString() == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, state.GetProperty("status").GetString());
                return state;
            }

            await Task.Delay(20);
        }
    }

    public sealed record SlowState
    {
        public string? Answer { get; init; }

        public bool Done { get; init; }
    }
}
