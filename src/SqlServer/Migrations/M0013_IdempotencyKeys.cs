using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.SqlServer.Migrations;

/// <summary>Idempotency keys in a table of their own, those of existing threads copied out of their rows. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqlServerInterludeDbContext))]
[Migration("20261202000013_IdempotencyKeys")]
internal sealed class SqlServerIdempotencyKeys : Migration
{
    private const string CopyRecentCommands = """
        INSERT INTO idempotency_keys (scope, idempotency_key, thread_id, request_hash, outcome, message, created_at)
        SELECT t.thread_id, c.[Key], t.thread_id, NULL, c.Outcome, c.Message, t.updated_at
        FROM threads t
        CROSS APPLY OPENJSON(NULLIF(t.recent_commands, N'')) WITH ([Key] nvarchar(4000) '$.Key', Outcome nvarchar(64) '$.Outcome', Message nvarchar(max) '$.Message') AS c
        WHERE LEN(c.[Key]) BETWEEN 1 AND 255
        """;

    protected override void Up(MigrationBuilder migrationBuilder) => IdempotencyKeysSchema.Up(migrationBuilder, SqlServerSchemaTypes.Instance, CopyRecentCommands);
}
