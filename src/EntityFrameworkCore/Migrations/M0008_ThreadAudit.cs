using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>
/// The interrupt resolutions become the thread's whole audit, in the same append-only table: what each
/// entry records (<c>action</c>), the caller's authentication scheme and a detail. A thread-level entry has
/// an empty <c>interrupt_id</c>. Existing rows, all resolutions, get the action their outcome implies
/// (standard SQL, the same on every database).
/// </summary>
internal static class ThreadAuditSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t)
    {
        migration.AddColumn<string>("action", "interrupt_resolutions", type: t.Text, maxLength: 16, nullable: false, defaultValue: string.Empty);
        migration.AddColumn<string>("scheme", "interrupt_resolutions", type: t.Text, nullable: true);
        migration.AddColumn<string>("detail", "interrupt_resolutions", type: t.Text, nullable: true);
        migration.Sql(
            """
            UPDATE interrupt_resolutions SET action = CASE outcome
                WHEN 'answered' THEN 'answer' WHEN 'timed-out' THEN 'timeout' WHEN 'cancelled' THEN 'cancel'
                WHEN 'updated' THEN 'update' WHEN 'withdrawn' THEN 'withdraw' ELSE 'fail' END
            """);
    }
}
