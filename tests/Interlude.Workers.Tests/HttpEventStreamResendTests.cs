using System.Collections.Concurrent;
using System.Net;
using Interlude.Client;
using Interlude.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// Every outbox row sent twice while the host runs (a cleanup delay past the grace period makes the
/// sweeper send delivered rows again): the bus carries both copies with one message id, the streams one.
/// </summary>
public sealed class HttpEventStreamResendTests
{
    [Fact]
    public async Task InterruptEvents_EveryRowSentTwice_SameMessageIdOnTheBusAndOnceOnTheStream()
    {
        await using var host = await InterludeApiHost.StartFreshAsync(
            "--Interlude:Outbox:CleanupDelay=01:00:00",
            "--Interlude:Outbox:GracePeriod=00:00:00",
            "--Interlude:Outbox:SweepInterval=00:00:00.100");
        var deliveries = new Deliveries();
        using var raised = host.Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver<InterruptRaised>(deliveries);
        using var resolved = host.Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver<InterruptResolved>(deliveries);
        using var inbox = await SseStream.OpenAsync(host.Http, "/interrupts/events");

        // multi-question asks a name, then an age: two raises and two resolutions.
        var threadId = InterludeApiHost.NewThreadId("twice");
        await host.PostJsonExpect("/threads", $$$"""{"graph":"multi-question","threadId":"{{{threadId}}}"}""", HttpStatusCode.Created);
        await host.PostJsonExpect($"/threads/{threadId}/resume", """{"resume":"Ada"}""", HttpStatusCode.OK);
        await host.PostJsonExpect($"/threads/{threadId}/resume", """{"resume":36}""", HttpStatusCode.OK);
        var copies = await deliveries.WhenEachTwice(count: 4);

        // A later thread's raise marks the end of what the stream got of the copies.
        var marker = InterludeApiHost.NewThreadId("marker");
        await host.PostJsonExpect("/threads", $$$"""{"graph":"approval","threadId":"{{{marker}}}","input":{"action_details":"refund","status":"pending"}}""", HttpStatusCode.Created);
        var events = new List<SseEvent>();
        while (await inbox.NextAsync() is { } e && e.Data.GetProperty("threadId").GetString() != marker)
        {
            events.Add(e);
        }

        Assert.Equal(4, copies.Count);
        Assert.All(copies, c => Assert.Equal([false, true], c.Order()));
        Assert.Equal(["interrupt-raised", "interrupt-resolved", "interrupt-raised", "interrupt-resolved"], events.Select(e => e.Kind));
        Assert.Equal(4, events.Select(e => e.Data.GetRawText()).Distinct().Count());
    }

    /// <summary>Each consumed message id with whether each copy carried <see cref="InterludeHeaders.Resent"/>.</summary>
    private sealed class Deliveries : IConsumeMessageObserver<InterruptRaised>, IConsumeMessageObserver<InterruptResolved>
    {
        private readonly ConcurrentDictionary<Guid, ConcurrentQueue<bool>> copies = new();
        private readonly SemaphoreSlim consumed = new(0);

        public Task PreConsume(ConsumeContext<InterruptRaised> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<InterruptRaised> context) => Record(context);

        public Task ConsumeFault(ConsumeContext<InterruptRaised> context, Exception exception) => Task.CompletedTask;

        public Task PreConsume(ConsumeContext<InterruptResolved> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<InterruptResolved> context) => Record(context);

        public Task ConsumeFault(ConsumeContext<InterruptResolved> context, Exception exception) => Task.CompletedTask;

        /// <summary>Waits until <paramref name="count"/> message ids were each consumed twice.</summary>
        public async Task<List<bool[]>> WhenEachTwice(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (copies.Count(c => c.Value.Count >= 2) < count)
            {
                await consumed.WaitAsync(timeout.Token);
            }

            return [.. copies.Values.Where(c => c.Count >= 2).Select(c => c.ToArray())];
        }

        private Task Record(ConsumeContext context)
        {
            copies.GetOrAdd(context.MessageId!.Value, _ => new()).Enqueue(context.Headers.Get<bool>(InterludeHeaders.Resent) == true);
            consumed.Release();
            return Task.CompletedTask;
        }
    }
}
