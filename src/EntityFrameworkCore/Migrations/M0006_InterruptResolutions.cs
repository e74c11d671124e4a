using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>
/// One append-only row per resolution of an interrupt, which checkpoints no longer carry. Then
/// <c>copyFromCheckpoints</c>, the database's own SQL, copies in the resolutions that threads
/// written by earlier versions kept in their checkpoint's <c>resolved</c> list (in order, with the answer
/// from the interrupt's row), so that a late answer to them is still told "already resolved". A database
/// that starts at this schema has nothing to copy (null).
/// </summary>
internal static class InterruptResolutionsSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t, string? copyFromCheckpoints)
    {
        migration.CreateTable(
            name: "interrupt_resolutions",
            columns: table => new
            {
                sequence_number = t.Identity(table.Column<long>(type: t.Long, nullable: false)),
                thread_id = table.Column<string>(type: t.Text, maxLength: 64, nullable: false),
                interrupt_id = table.Column<string>(type: t.Text, maxLength: 32, nullable: false),
                outcome = table.Column<string>(type: t.Text, maxLength: 16, nullable: false),
                answer = table.Column<string>(type: t.Text, nullable: true),
                resolved_by = table.Column<string>(type: t.Text, nullable: true),
                resolved_at = table.Column<DateTimeOffset>(type: t.Time, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_interrupt_resolutions", x => x.sequence_number));
        migration.CreateIndex("ix_interrupt_resolutions_thread_id_sequence_number", "interrupt_resolutions", ["thread_id", "sequence_number"]);
        migration.CreateIndex("ix_interrupt_resolutions_thread_id_interrupt_id", "interrupt_resolutions", ["thread_id", "interrupt_id"]);
        if (copyFromCheckpoints is not null)
        {
            migration.Sql(copyFromCheckpoints);
        }
    }
}
