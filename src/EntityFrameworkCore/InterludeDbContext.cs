using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// One database for threads (the saga rows are the checkpoints), checkpoint history, the interrupt
/// inbox, and the transactional inbox and outbox. Each provider has a subclass with its own migrations.
/// </summary>
public abstract class InterludeDbContext(DbContextOptions options) : DbContext(options)
{
    internal DbSet<GraphThreadState> Threads => Set<GraphThreadState>();

    internal DbSet<CheckpointRow> Checkpoints => Set<CheckpointRow>();

    internal DbSet<InterruptRow> Interrupts => Set<InterruptRow>();

    internal DbSet<InterruptResolutionRow> InterruptResolutions => Set<InterruptResolutionRow>();

    internal DbSet<InboxRow> Inbox => Set<InboxRow>();

    internal DbSet<IdempotencyKeyRow> IdempotencyKeys => Set<IdempotencyKeyRow>();

    internal DbSet<OutboxRow> Outbox => Set<OutboxRow>();

    internal DbSet<ScheduledMessageRow> ScheduledMessages => Set<ScheduledMessageRow>();

    /// <summary>Maps Interlude's tables (threads, checkpoints, interrupts and their resolutions, idempotency keys, inbox, outbox, scheduled messages); an override calls this base first.</summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        MapThreads(modelBuilder.Entity<GraphThreadState>());
        MapCheckpoints(modelBuilder.Entity<CheckpointRow>());
        MapInterrupts(modelBuilder.Entity<InterruptRow>());
        MapInterruptResolutions(modelBuilder.Entity<InterruptResolutionRow>());
        MapInbox(modelBuilder.Entity<InboxRow>());
        MapIdempotencyKeys(modelBuilder.Entity<IdempotencyKeyRow>());
        MapOutbox(modelBuilder.Entity<OutboxRow>());
        MapScheduledMessages(modelBuilder.Entity<ScheduledMessageRow>());
    }

    private static void MapThreads(EntityTypeBuilder<GraphThreadState> thread)
    {
        thread.ToTable("threads");
        thread.HasKey(t => t.CorrelationId);
        thread.Property(t => t.CorrelationId).HasColumnName("correlation_id").ValueGeneratedNever();
        thread.Property(t => t.ThreadId).HasColumnName("thread_id").HasMaxLength(64);
        thread.HasIndex(t => t.ThreadId).IsUnique();
        thread.Property(t => t.Graph).HasColumnName("graph").HasMaxLength(200);
        thread.Property(t => t.GraphVersion).HasColumnName("graph_version");
        thread.Property(t => t.CurrentState).HasColumnName("current_state").HasMaxLength(64);
        thread.HasIndex(t => t.CurrentState);
        thread.Property(t => t.Version).HasColumnName("version").IsConcurrencyToken();
        thread.Property(t => t.Checkpoint).HasColumnName("checkpoint");
        thread.Property(t => t.RunningTasks).HasColumnName("running_tasks");
        thread.Property(t => t.Waiters).HasColumnName("waiters");
        thread.Property(t => t.CreatedAt).HasColumnName("created_at");
        thread.Property(t => t.UpdatedAt).HasColumnName("updated_at");
        thread.Property(t => t.WakeUpToken).HasColumnName("wake_up_token");
        thread.Property(t => t.WakeUpAt).HasColumnName("wake_up_at");
        thread.Property(t => t.StartedBy).HasColumnName("started_by");
    }

    private static void MapCheckpoints(EntityTypeBuilder<CheckpointRow> checkpoint)
    {
        checkpoint.ToTable("checkpoints");
        checkpoint.HasKey(c => new { c.ThreadId, c.CheckpointId });
        checkpoint.Property(c => c.ThreadId).HasColumnName("thread_id").HasMaxLength(64);
        checkpoint.Property(c => c.CheckpointId).HasColumnName("checkpoint_id").HasMaxLength(32);
        checkpoint.Property(c => c.ParentCheckpointId).HasColumnName("parent_checkpoint_id").HasMaxLength(32);
        checkpoint.Property(c => c.Step).HasColumnName("step");
        checkpoint.Property(c => c.Source).HasColumnName("source").HasMaxLength(16);
        checkpoint.Property(c => c.State).HasColumnName("state");
        checkpoint.Property(c => c.Revision).HasColumnName("revision");
        checkpoint.Property(c => c.CreatedAt).HasColumnName("created_at");
    }

    private static void MapInterrupts(EntityTypeBuilder<InterruptRow> interrupt)
    {
        interrupt.ToTable("interrupts");
        interrupt.HasKey(i => i.Id);
        interrupt.Property(i => i.Id).HasColumnName("id").HasMaxLength(32);
        interrupt.Property(i => i.ThreadId).HasColumnName("thread_id").HasMaxLength(64);
        interrupt.Property(i => i.Graph).HasColumnName("graph").HasMaxLength(200);
        interrupt.Property(i => i.GraphVersion).HasColumnName("graph_version");
        interrupt.Property(i => i.Node).HasColumnName("node").HasMaxLength(200);
        interrupt.Property(i => i.Ns).HasColumnName("ns");
        interrupt.Property(i => i.When).HasColumnName("when_kind").HasMaxLength(8);
        interrupt.Property(i => i.Value).HasColumnName("value");
        interrupt.Property(i => i.Status).HasColumnName("status").HasMaxLength(16);
        interrupt.Property(i => i.RaisedAt).HasColumnName("raised_at");
        interrupt.Property(i => i.ExpiresAt).HasColumnName("expires_at");
        interrupt.Property(i => i.ResolvedAt).HasColumnName("resolved_at");
        interrupt.Property(i => i.ResolvedBy).HasColumnName("resolved_by");
        interrupt.Property(i => i.Answer).HasColumnName("answer");
        interrupt.Property(i => i.Approvers).HasColumnName("approvers");
        interrupt.Property(i => i.AnswerForm).HasColumnName("answer_form");
        interrupt.Property(i => i.FourEyes).HasColumnName("four_eyes");
        interrupt.Property(i => i.StartedBy).HasColumnName("started_by");
        interrupt.HasIndex(i => new { i.Status, i.RaisedAt });
        interrupt.HasIndex(i => i.ThreadId);
    }

    private static void MapInterruptResolutions(EntityTypeBuilder<InterruptResolutionRow> resolution)
    {
        resolution.ToTable("interrupt_resolutions");
        resolution.HasKey(r => r.SequenceNumber);
        resolution.Property(r => r.SequenceNumber).HasColumnName("sequence_number").ValueGeneratedOnAdd();
        resolution.Property(r => r.ThreadId).HasColumnName("thread_id").HasMaxLength(64);
        resolution.Property(r => r.InterruptId).HasColumnName("interrupt_id").HasMaxLength(32);
        resolution.Property(r => r.Outcome).HasColumnName("outcome").HasMaxLength(16);
        resolution.Property(r => r.Answer).HasColumnName("answer");
        resolution.Property(r => r.ResolvedBy).HasColumnName("resolved_by");
        resolution.Property(r => r.ResolvedAt).HasColumnName("resolved_at");
        resolution.Property(r => r.Action).HasColumnName("action").HasMaxLength(16);
        resolution.Property(r => r.Scheme).HasColumnName("scheme");
        resolution.Property(r => r.Detail).HasColumnName("detail");
        resolution.HasIndex(r => new { r.ThreadId, r.SequenceNumber });
        resolution.HasIndex(r => new { r.ThreadId, r.InterruptId });
    }

    private static void MapInbox(EntityTypeBuilder<InboxRow> inbox)
    {
        inbox.ToTable("inbox");
        inbox.HasKey(i => new { i.MessageId, i.Consumer });
        inbox.Property(i => i.MessageId).HasColumnName("message_id");
        inbox.Property(i => i.Consumer).HasColumnName("consumer").HasMaxLength(200);
        inbox.Property(i => i.ReceivedAt).HasColumnName("received_at");
        inbox.HasIndex(i => i.ReceivedAt);
    }

    private static void MapIdempotencyKeys(EntityTypeBuilder<IdempotencyKeyRow> key)
    {
        key.ToTable("idempotency_keys");
        key.HasKey(k => new { k.Scope, k.IdempotencyKey });
        key.Property(k => k.Scope).HasColumnName("scope").HasMaxLength(64);
        key.Property(k => k.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(255);
        key.Property(k => k.ThreadId).HasColumnName("thread_id").HasMaxLength(64);
        key.Property(k => k.RequestHash).HasColumnName("request_hash").HasMaxLength(64);
        key.Property(k => k.Outcome).HasColumnName("outcome").HasMaxLength(64);
        key.Property(k => k.Message).HasColumnName("message");
        key.Property(k => k.CreatedAt).HasColumnName("created_at");
        key.HasIndex(k => k.CreatedAt);
        key.HasIndex(k => k.ThreadId);
    }

    private static void MapOutbox(EntityTypeBuilder<OutboxRow> outbox)
    {
        outbox.ToTable("outbox_messages");
        outbox.HasKey(o => o.SequenceNumber);
        outbox.Property(o => o.SequenceNumber).HasColumnName("sequence_number").ValueGeneratedOnAdd();
        MapStoredMessage(outbox);
        outbox.HasIndex(o => o.CreatedAt);
    }

    private static void MapScheduledMessages(EntityTypeBuilder<ScheduledMessageRow> scheduled)
    {
        scheduled.ToTable("scheduled_messages");
        scheduled.HasKey(s => s.TokenId);
        scheduled.Property(s => s.TokenId).HasColumnName("token_id").ValueGeneratedNever();
        scheduled.Property(s => s.DueAt).HasColumnName("due_at");
        MapStoredMessage(scheduled);
        scheduled.HasIndex(s => s.DueAt);
    }

    private static void MapStoredMessage<TRow>(EntityTypeBuilder<TRow> message)
        where TRow : StoredMessageRow
    {
        message.Ignore(o => o.Captured);
        message.Property(o => o.MessageId).HasColumnName("message_id");
        message.Property(o => o.ConversationId).HasColumnName("conversation_id");
        message.Property(o => o.CorrelationId).HasColumnName("correlation_id");
        message.Property(o => o.InitiatorId).HasColumnName("initiator_id");
        message.Property(o => o.RequestId).HasColumnName("request_id");
        message.Property(o => o.SourceAddress).HasColumnName("source_address");
        message.Property(o => o.DestinationAddress).HasColumnName("destination_address");
        message.Property(o => o.ResponseAddress).HasColumnName("response_address");
        message.Property(o => o.FaultAddress).HasColumnName("fault_address");
        message.Property(o => o.SentTime).HasColumnName("sent_time");
        message.Property(o => o.ExpirationTime).HasColumnName("expiration_time");
        message.Property(o => o.Headers).HasColumnName("headers");
        message.Property(o => o.Properties).HasColumnName("properties");
        message.Property(o => o.ContentType).HasColumnName("content_type").HasMaxLength(256);
        message.Property(o => o.MessageType).HasColumnName("message_type");
        message.Property(o => o.Body).HasColumnName("body");
        message.Property(o => o.CreatedAt).HasColumnName("created_at");
    }
}
