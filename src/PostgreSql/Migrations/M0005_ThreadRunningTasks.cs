using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.PostgreSql.Migrations;

/// <summary>The thread row's running task ids, filled from each existing checkpoint. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(PostgresInterludeDbContext))]
[Migration("20261201000005_ThreadRunningTasks")]
internal sealed class PostgresThreadRunningTasks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ThreadRunningTasksSchema.Up(migrationBuilder, PostgresSchemaTypes.Instance);
        migrationBuilder.Sql(
            """
            UPDATE threads SET running_tasks = COALESCE(
                (SELECT string_agg(task ->> 'id', ' ')
                 FROM jsonb_array_elements(checkpoint::jsonb -> 'tasks') AS task
                 WHERE task ->> 'status' = 'running'), '')
            """);
    }
}
