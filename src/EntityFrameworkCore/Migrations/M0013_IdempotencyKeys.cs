using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>
/// Idempotency keys move from the thread row's list of its last 64 commands (<c>recent_commands</c>, JSON of
/// <c>{Key, Outcome, Message}</c>) to a table of their own, kept for a retention period. <c>copyRecentCommands</c>,
/// the database's own SQL, copies the listed keys in under their thread's scope, dated by the thread's last
/// change and with no request hash (unknown: a retry of them repeats their outcome whatever its body); then the
/// column goes. A database that starts at this schema has nothing to copy, but runs the same SQL.
/// </summary>
internal static class IdempotencyKeysSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t, string copyRecentCommands)
    {
        migration.CreateTable(
            name: "idempotency_keys",
            columns: table => new
            {
                scope = table.Column<string>(type: t.Text, maxLength: 64, nullable: false),
                idempotency_key = table.Column<string>(type: t.Text, maxLength: 255, nullable: false),
                thread_id = table.Column<string>(type: t.Text, maxLength: 64, nullable: false),
                request_hash = table.Column<string>(type: t.Text, maxLength: 64, nullable: true),
                outcome = table.Column<string>(type: t.Text, maxLength: 64, nullable: false),
                message = table.Column<string>(type: t.Text, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: t.Time, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_idempotency_keys", x => new { x.scope, x.idempotency_key }));
        migration.CreateIndex("ix_idempotency_keys_created_at", "idempotency_keys", "created_at");
        migration.CreateIndex("ix_idempotency_keys_thread_id", "idempotency_keys", "thread_id");
        migration.Sql(copyRecentCommands);

        // Standard SQL (SQLite has it since 3.35); EF Core's SQLite provider would rebuild the table from a model these migrations do not have.
        migration.Sql("ALTER TABLE threads DROP COLUMN recent_commands");
    }
}
