using Interlude.Contracts;
using Interlude.Graph.Runtime;
using MassTransit;
using MassTransit.Saga;

namespace Interlude.Sagas.Threads;

/// <summary>Answers <see cref="ListInterrupts"/>: the open interrupts of every paused thread, oldest first.</summary>
public sealed class ListInterruptsConsumer(IQuerySagaRepository<GraphThreadState> query, ILoadSagaRepository<GraphThreadState> load)
    : IConsumer<ListInterrupts>
{
    public async Task Consume(ConsumeContext<ListInterrupts> context)
    {
        var request = context.Message;
        if (request.Status is not (null or "pending"))
        {
            await context.RespondAsync(new InterruptList { Items = [] });
            return;
        }

        var paused = nameof(GraphThreadStateMachine.Interrupted);
        var ids = await query.Find(new SagaQuery<GraphThreadState>(t => t.CurrentState == paused));
        var pending = new List<PendingInterrupt>();
        foreach (var id in ids)
        {
            var thread = await load.Load(id);
            if (thread is null || thread.CurrentState != paused || (request.Graph is not null && thread.Graph != request.Graph))
            {
                continue;
            }

            var checkpoint = ThreadCheckpoint.FromJson(thread.Checkpoint);
            pending.AddRange(checkpoint.OpenInterrupts.Select(i => i.ToPending(thread.ThreadId, thread.Graph)));
        }

        var page = Math.Max(1, request.Page);
        var size = Math.Clamp(request.PageSize, 1, 1000);
        var items = pending
            .OrderBy(i => i.RaisedAt)
            .ThenBy(i => i.ThreadId, StringComparer.Ordinal)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .Skip((page - 1) * size)
            .Take(size)
            .ToList();
        await context.RespondAsync(new InterruptList { Items = items });
    }
}
