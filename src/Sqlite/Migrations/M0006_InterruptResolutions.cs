using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.Sqlite.Migrations;

/// <summary>The interrupt resolutions, with those of existing threads copied out of their checkpoints. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqliteInterludeDbContext))]
[Migration("20261201000006_InterruptResolutions")]
internal sealed class SqliteInterruptResolutions : Migration
{
    // resolvedAt is ISO 8601 text as System.Text.Json writes a DateTimeOffset (up to 7 fraction digits,
    // then an offset or Z); stored as UTC ticks: whole seconds from strftime, plus the fraction's ticks.
    private const string CopyFromCheckpoints = """
        INSERT INTO interrupt_resolutions (thread_id, interrupt_id, outcome, answer, resolved_by, resolved_at)
        SELECT legacy.thread_id, legacy.interrupt_id, legacy.outcome, i.answer, legacy.resolved_by,
            621355968000000000 + CAST(strftime('%s', legacy.at) AS INTEGER) * 10000000
                + CAST(substr(CASE WHEN substr(legacy.at, 20, 1) = '.'
                    THEN substr(legacy.at, 21, length(legacy.at) - 20 - CASE WHEN legacy.at LIKE '%Z' THEN 1 ELSE 6 END)
                    ELSE '' END || '0000000', 1, 7) AS INTEGER)
        FROM (
            SELECT t.thread_id, r.key AS position, json_extract(r.value, '$.id') AS interrupt_id,
                json_extract(r.value, '$.outcome') AS outcome, json_extract(r.value, '$.by') AS resolved_by,
                json_extract(r.value, '$.resolvedAt') AS at
            FROM threads t JOIN json_each(t.checkpoint, '$.resolved') r
        ) legacy
        LEFT JOIN interrupts i ON i.id = legacy.interrupt_id AND i.thread_id = legacy.thread_id
        ORDER BY legacy.thread_id, legacy.position
        """;

    protected override void Up(MigrationBuilder migrationBuilder) =>
        InterruptResolutionsSchema.Up(migrationBuilder, SqliteSchemaTypes.Instance, CopyFromCheckpoints);
}
