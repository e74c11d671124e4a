using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>One row per interrupt (open, answered, timed out, cancelled): the approval inbox and its audit.</summary>
internal static class InterruptInboxSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t)
    {
        migration.CreateTable(
            name: "interrupts",
            columns: table => new
            {
                id = table.Column<string>(type: t.Text, maxLength: 32, nullable: false),
                thread_id = table.Column<string>(type: t.Text, maxLength: 64, nullable: false),
                graph = table.Column<string>(type: t.Text, maxLength: 200, nullable: false),
                node = table.Column<string>(type: t.Text, maxLength: 200, nullable: false),
                ns = table.Column<string>(type: t.Text, nullable: false),
                when_kind = table.Column<string>(type: t.Text, maxLength: 8, nullable: false),
                value = table.Column<string>(type: t.Text, nullable: true),
                status = table.Column<string>(type: t.Text, maxLength: 16, nullable: false),
                raised_at = table.Column<DateTimeOffset>(type: t.Time, nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: t.Time, nullable: true),
                resolved_at = table.Column<DateTimeOffset>(type: t.Time, nullable: true),
                resolved_by = table.Column<string>(type: t.Text, nullable: true),
                answer = table.Column<string>(type: t.Text, nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_interrupts", x => x.id));
        migration.CreateIndex("ix_interrupts_status_raised_at", "interrupts", ["status", "raised_at"]);
        migration.CreateIndex("ix_interrupts_thread_id", "interrupts", "thread_id");
    }
}
