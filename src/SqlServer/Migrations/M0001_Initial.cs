using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.SqlServer.Migrations;

/// <summary>
/// The whole schema the other databases reach at their sixth migration, in one step: a SQL Server
/// database has no earlier Interlude data to upgrade. Its id is that sixth migration's, so the shared
/// migrations after it sort after it; it is frozen: existing databases have it in their history.
/// </summary>
[DbContext(typeof(SqlServerInterludeDbContext))]
[Migration("20261201000006_Initial")]
internal sealed class SqlServerInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var types = SqlServerSchemaTypes.Instance;
        InitialSchema.Up(migrationBuilder, types);
        InterruptInboxSchema.Up(migrationBuilder, types);
        ScheduledMessagesSchema.Up(migrationBuilder, types);
        InboxReceivedAtIndexSchema.Up(migrationBuilder);
        ThreadRunningTasksSchema.Up(migrationBuilder, types);
        InterruptResolutionsSchema.Up(migrationBuilder, types, copyFromCheckpoints: null);
    }
}
