using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.Sqlite.Migrations;

/// <summary>Idempotency keys in a table of their own, those of existing threads copied out of their rows. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqliteInterludeDbContext))]
[Migration("20261202000013_IdempotencyKeys")]
internal sealed class SqliteIdempotencyKeys : Migration
{
    private const string CopyRecentCommands = """
        INSERT OR IGNORE INTO idempotency_keys (scope, idempotency_key, thread_id, request_hash, outcome, message, created_at)
        SELECT t.thread_id, json_extract(c.value, '$.Key'), t.thread_id, NULL, json_extract(c.value, '$.Outcome'), json_extract(c.value, '$.Message'), t.updated_at
        FROM threads t JOIN json_each(NULLIF(t.recent_commands, '')) c
        WHERE length(json_extract(c.value, '$.Key')) BETWEEN 1 AND 255
        """;

    protected override void Up(MigrationBuilder migrationBuilder) => IdempotencyKeysSchema.Up(migrationBuilder, SqliteSchemaTypes.Instance, CopyRecentCommands);
}
