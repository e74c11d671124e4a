using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.PostgreSql.Migrations;

/// <summary>The interrupt resolutions, with those of existing threads copied out of their checkpoints. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(PostgresInterludeDbContext))]
[Migration("20261201000006_InterruptResolutions")]
internal sealed class PostgresInterruptResolutions : Migration
{
    private const string CopyFromCheckpoints = """
        INSERT INTO interrupt_resolutions (thread_id, interrupt_id, outcome, answer, resolved_by, resolved_at)
        SELECT t.thread_id, r.item ->> 'id', r.item ->> 'outcome', i.answer, r.item ->> 'by', (r.item ->> 'resolvedAt')::timestamptz
        FROM threads t
        CROSS JOIN LATERAL jsonb_array_elements(t.checkpoint::jsonb -> 'resolved') WITH ORDINALITY AS r(item, position)
        LEFT JOIN interrupts i ON i.id = r.item ->> 'id' AND i.thread_id = t.thread_id
        ORDER BY t.thread_id, r.position
        """;

    protected override void Up(MigrationBuilder migrationBuilder) =>
        InterruptResolutionsSchema.Up(migrationBuilder, PostgresSchemaTypes.Instance, CopyFromCheckpoints);
}
