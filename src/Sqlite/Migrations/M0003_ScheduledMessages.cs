using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.Sqlite.Migrations;

/// <summary>Scheduled messages. Its id is the same on every database, and frozen: existing databases have it in their history.</summary>
[DbContext(typeof(SqliteInterludeDbContext))]
[Migration("20261121000003_ScheduledMessages")]
internal sealed class SqliteScheduledMessages : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => ScheduledMessagesSchema.Up(migrationBuilder, SqliteSchemaTypes.Instance);
}
