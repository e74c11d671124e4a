using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>
/// The graph version a thread runs on, on its row and on its interrupts' rows (the inbox filters by it).
/// Threads and interrupts written before versions existed ran the only version there was: 1.
/// </summary>
internal static class GraphVersionsSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t)
    {
        migration.AddColumn<int>("graph_version", "threads", type: t.Int, nullable: false, defaultValue: 1);
        migration.AddColumn<int>("graph_version", "interrupts", type: t.Int, nullable: false, defaultValue: 1);
    }
}
