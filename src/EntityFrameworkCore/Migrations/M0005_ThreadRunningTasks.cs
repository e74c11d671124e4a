using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>
/// The thread row's running task ids, so a node worker checks a redelivered task without loading the
/// checkpoint. Each database package fills it for existing rows from their checkpoints, in its own SQL.
/// </summary>
internal static class ThreadRunningTasksSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t) =>
        migration.AddColumn<string>("running_tasks", "threads", type: t.Text, nullable: false, defaultValue: string.Empty);
}
