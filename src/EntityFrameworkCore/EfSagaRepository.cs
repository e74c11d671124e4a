using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using Interlude.Sagas.Threads.Commands;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// The saga repository for threads on EF Core, with optimistic concurrency on
/// <see cref="GraphThreadState.Version"/> (a conflict throws, and the endpoint's retry runs the message
/// again). In a thread message its changes join the message's <see cref="ThreadWriteBatch"/>, with the
/// inbox and outbox rows; elsewhere each change is saved at once.
/// </summary>
internal sealed class EfSagaRepositoryContextFactory(InterludeDbContext db, ISagaConsumeContextFactory<InterludeDbContext, GraphThreadState> factory, CompiledQueries queries, ThreadWriteBatch batch, EfCommandLedger ledger)
    : ISagaRepositoryContextFactory<GraphThreadState>,
      IQuerySagaRepositoryContextFactory<GraphThreadState>,
      ILoadSagaRepositoryContextFactory<GraphThreadState>
{
    public void Probe(ProbeContext context) => context.Add("persistence", "interlude-ef-core");

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<GraphThreadState, T>> next)
        where T : class => next.Send(new EfSagaRepositoryContext<T>(db, context, factory, queries, batch, ledger));

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<GraphThreadState> query, IPipe<SagaRepositoryQueryContext<GraphThreadState, T>> next)
        where T : class
    {
        var instances = await db.Threads.AsTracking().Where(query.FilterExpression).ToListAsync(context.CancellationToken);
        await next.Send(new LoadedSagaRepositoryQueryContext<GraphThreadState, T>(new EfSagaRepositoryContext<T>(db, context, factory, queries, batch, ledger), instances));
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<GraphThreadState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => asyncMethod(new EfSagaReadContext(db, queries, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<GraphThreadState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => asyncMethod(new EfSagaReadContext(db, queries, cancellationToken));
}

/// <summary>One message's view of the thread rows.</summary>
internal sealed class EfSagaRepositoryContext<TMessage> : MassTransit.Context.ConsumeContextScope<TMessage>, SagaRepositoryContext<GraphThreadState, TMessage>
    where TMessage : class
{
    private readonly InterludeDbContext db;
    private readonly ConsumeContext<TMessage> context;
    private readonly ISagaConsumeContextFactory<InterludeDbContext, GraphThreadState> factory;
    private readonly CompiledQueries queries;
    private readonly ThreadWriteBatch batch;
    private readonly EfCommandLedger ledger;

    public EfSagaRepositoryContext(InterludeDbContext db, ConsumeContext<TMessage> context, ISagaConsumeContextFactory<InterludeDbContext, GraphThreadState> factory, CompiledQueries queries, ThreadWriteBatch batch, EfCommandLedger ledger)
        : base(context, db)
    {
        this.db = db;
        this.context = context;
        this.factory = factory;
        this.queries = queries;
        this.batch = batch;
        this.ledger = ledger;
    }

    public Task<SagaConsumeContext<GraphThreadState, TMessage>> Add(GraphThreadState instance) =>
        factory.CreateSagaConsumeContext(db, context, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<GraphThreadState, TMessage>> Insert(GraphThreadState instance)
    {
        var entry = db.Threads.Add(instance);
        try
        {
            await db.SaveChangesAsync(CancellationToken);
            return await factory.CreateSagaConsumeContext(db, context, instance, SagaConsumeContextMode.Insert);
        }
        catch (DbUpdateException)
        {
            entry.State = EntityState.Detached;
            return null!;
        }
    }

    public async Task<SagaConsumeContext<GraphThreadState, TMessage>> Load(Guid correlationId)
    {
        var instance = CommandKey.NamedOf(context.Message) is { } key
            ? await LoadWithKey(correlationId, key)
            : await queries.TrackedThread(db, correlationId, CancellationToken);
        return instance is null ? null! : await factory.CreateSagaConsumeContext(db, context, instance, SagaConsumeContextMode.Load);
    }

    /// <summary>The thread and the row of the key its command names, in one round trip; the key goes to the ledger.</summary>
    private async Task<GraphThreadState?> LoadWithKey(Guid correlationId, CommandKey key)
    {
        GraphThreadState? instance = null;
        IdempotencyKeyRow? row = null;
        await foreach (var read in queries.ThreadWithKey(db, correlationId, key.Scope, key.Key).WithCancellation(CancellationToken))
        {
            row ??= read.Key;
            if (read.Thread.CorrelationId == correlationId)
            {
                instance = read.Thread;
            }
        }

        ledger.Loaded(key, row);
        if (instance is not null)
        {
            db.Threads.Attach(instance);
        }

        return instance;
    }

    public Task Save(SagaConsumeContext<GraphThreadState> context)
    {
        db.Threads.Add(context.Saga);
        return SaveUnlessBatched();
    }

    public Task Update(SagaConsumeContext<GraphThreadState> context)
    {
        // The version is the concurrency token: the UPDATE only matches the row this message loaded.
        context.Saga.Version++;
        if (batch.Open)
        {
            batch.UpdatedThread = context.Saga.CorrelationId;
        }

        return SaveUnlessBatched();
    }

    public Task Delete(SagaConsumeContext<GraphThreadState> context)
    {
        db.Threads.Remove(context.Saga);
        return SaveUnlessBatched();
    }

    public Task Discard(SagaConsumeContext<GraphThreadState> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<GraphThreadState> context)
    {
        db.Entry(context.Saga).State = EntityState.Unchanged;
        return Task.CompletedTask;
    }

    private Task SaveUnlessBatched() => batch.Open ? Task.CompletedTask : db.SaveChangesAsync(CancellationToken);

    public Task<SagaConsumeContext<GraphThreadState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, GraphThreadState instance, SagaConsumeContextMode mode)
        where T : class => factory.CreateSagaConsumeContext(db, consumeContext, instance, mode);
}

/// <summary>Reads thread rows outside a message (the test harness's <c>Exists</c>, tools).</summary>
internal sealed class EfSagaReadContext(InterludeDbContext db, CompiledQueries queries, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<GraphThreadState>, QuerySagaRepositoryContext<GraphThreadState>
{
    public async Task<GraphThreadState> Load(Guid correlationId) =>
        (await queries.Thread(db, correlationId, CancellationToken))!;

    public async Task<SagaRepositoryQueryContext<GraphThreadState>> Query(ISagaQuery<GraphThreadState> query, CancellationToken cancellationToken)
    {
        var ids = await db.Threads.AsNoTracking().Where(query.FilterExpression).Select(t => t.CorrelationId).ToListAsync(cancellationToken);
        return new DefaultSagaRepositoryQueryContext<GraphThreadState>(this, ids);
    }
}
