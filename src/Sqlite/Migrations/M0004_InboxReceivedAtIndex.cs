using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.Sqlite.Migrations;

/// <summary>The inbox's receive-time index. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqliteInterludeDbContext))]
[Migration("20261201000004_InboxReceivedAtIndex")]
internal sealed class SqliteInboxReceivedAtIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => InboxReceivedAtIndexSchema.Up(migrationBuilder);
}
