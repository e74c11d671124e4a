using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>The durable scheduler's table, and each thread's wake-up schedule (its token and time).</summary>
internal static class ScheduledMessagesSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t)
    {
        migration.AddColumn<Guid>("wake_up_token", "threads", type: t.Guid, nullable: true);
        migration.AddColumn<DateTimeOffset>("wake_up_at", "threads", type: t.Time, nullable: true);

        migration.CreateTable(
            name: "scheduled_messages",
            columns: table => new
            {
                token_id = table.Column<Guid>(type: t.Guid, nullable: false),
                due_at = table.Column<DateTimeOffset>(type: t.Time, nullable: false),
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
            constraints: table => table.PrimaryKey("pk_scheduled_messages", x => x.token_id));
        migration.CreateIndex("ix_scheduled_messages_due_at", "scheduled_messages", "due_at");
    }
}
