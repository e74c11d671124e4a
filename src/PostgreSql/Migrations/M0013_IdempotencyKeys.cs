using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.PostgreSql.Migrations;

/// <summary>Idempotency keys in a table of their own, those of existing threads copied out of their rows. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(PostgresInterludeDbContext))]
[Migration("20261202000013_IdempotencyKeys")]
internal sealed class PostgresIdempotencyKeys : Migration
{
    private const string CopyRecentCommands = """
        INSERT INTO idempotency_keys (scope, idempotency_key, thread_id, request_hash, outcome, message, created_at)
        SELECT t.thread_id, c.item ->> 'Key', t.thread_id, NULL, c.item ->> 'Outcome', c.item ->> 'Message', t.updated_at
        FROM threads t
        CROSS JOIN LATERAL jsonb_array_elements(NULLIF(t.recent_commands, '')::jsonb) AS c(item)
        WHERE length(c.item ->> 'Key') BETWEEN 1 AND 255
        ON CONFLICT DO NOTHING
        """;

    protected override void Up(MigrationBuilder migrationBuilder) => IdempotencyKeysSchema.Up(migrationBuilder, PostgresSchemaTypes.Instance, CopyRecentCommands);
}
