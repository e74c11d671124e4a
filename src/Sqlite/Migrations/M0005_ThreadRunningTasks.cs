using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.Sqlite.Migrations;

/// <summary>The thread row's running task ids, filled from each existing checkpoint. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqliteInterludeDbContext))]
[Migration("20261201000005_ThreadRunningTasks")]
internal sealed class SqliteThreadRunningTasks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ThreadRunningTasksSchema.Up(migrationBuilder, SqliteSchemaTypes.Instance);
        migrationBuilder.Sql(
            """
            UPDATE threads SET running_tasks = COALESCE(
                (SELECT group_concat(json_extract(task.value, '$.id'), ' ')
                 FROM json_each(threads.checkpoint, '$.tasks') AS task
                 WHERE json_extract(task.value, '$.status') = 'running'), '')
            """);
    }
}
