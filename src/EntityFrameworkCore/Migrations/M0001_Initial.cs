using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>Threads (the saga rows), checkpoint history, and the transactional inbox and outbox.</summary>
internal static class InitialSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t)
    {
        migration.CreateTable(
            name: "threads",
            columns: table => new
            {
                correlation_id = table.Column<Guid>(type: t.Guid, nullable: false),
                thread_id = table.Column<string>(type: t.Text, maxLength: 64, nullable: false),
                graph = table.Column<string>(type: t.Text, maxLength: 200, nullable: false),
                current_state = table.Column<string>(type: t.Text, maxLength: 64, nullable: false),
                version = table.Column<int>(type: t.Int, nullable: false),
                checkpoint = table.Column<string>(type: t.Text, nullable: false),
                waiters = table.Column<string>(type: t.Text, nullable: true),
                recent_commands = table.Column<string>(type: t.Text, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: t.Time, nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: t.Time, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_threads", x => x.correlation_id));
        migration.CreateIndex("ix_threads_thread_id", "threads", "thread_id", unique: true);
        migration.CreateIndex("ix_threads_current_state", "threads", "current_state");

        migration.CreateTable(
            name: "checkpoints",
            columns: table => new
            {
                thread_id = table.Column<string>(type: t.Text, maxLength: 64, nullable: false),
                checkpoint_id = table.Column<string>(type: t.Text, maxLength: 32, nullable: false),
                parent_checkpoint_id = table.Column<string>(type: t.Text, maxLength: 32, nullable: true),
                step = table.Column<int>(type: t.Int, nullable: false),
                source = table.Column<string>(type: t.Text, maxLength: 16, nullable: false),
                state = table.Column<string>(type: t.Text, nullable: false),
                revision = table.Column<long>(type: t.Long, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: t.Time, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_checkpoints", x => new { x.thread_id, x.checkpoint_id }));

        migration.CreateTable(
            name: "inbox",
            columns: table => new
            {
                message_id = table.Column<Guid>(type: t.Guid, nullable: false),
                consumer = table.Column<string>(type: t.Text, maxLength: 200, nullable: false),
                received_at = table.Column<DateTimeOffset>(type: t.Time, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_inbox", x => new { x.message_id, x.consumer }));

        migration.CreateTable(
            name: "outbox_messages",
            columns: table => new
            {
                sequence_number = t.Identity(table.Column<long>(type: t.Long, nullable: false)),
                message_id = table.Column<Guid>(type: t.Guid, nullable: false),
                conversation_id = table.Column<Guid>(type: t.Guid, nullable: true),
                correlation_id = table.Column<Guid>(type: t.Guid, nullable: true),
                initiator_id = table.Column<Guid>(type: t.Guid, nullable: true),
                request_id = table.Column<Guid>(type: t.Guid, nullable: true),
                source_address = table.Column<string>(type: t.Text, nullable: true),
                destination_address = table.Column<string>(type: t.Text, nullable: false),
                response_address = table.Column<string>(type: t.Text, nullable: true),
                fault_address = table.Column<string>(type: t.Text, nullable: true),
                sent_time = table.Column<DateTime>(type: t.UtcDateTime, nullable: false),
                expiration_time = table.Column<DateTime>(type: t.UtcDateTime, nullable: true),
                headers = table.Column<string>(type: t.Text, nullable: true),
                properties = table.Column<string>(type: t.Text, nullable: true),
                content_type = table.Column<string>(type: t.Text, maxLength: 256, nullable: false),
                message_type = table.Column<string>(type: t.Text, nullable: false),
                body = table.Column<string>(type: t.Text, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: t.Time, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_outbox_messages", x => x.sequence_number));
        migration.CreateIndex("ix_outbox_messages_created_at", "outbox_messages", "created_at");
    }
}
