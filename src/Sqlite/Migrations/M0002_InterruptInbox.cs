using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.Sqlite.Migrations;

/// <summary>The interrupt inbox. Its id is the same on every database, and frozen: existing databases have it in their history.</summary>
[DbContext(typeof(SqliteInterludeDbContext))]
[Migration("20261121000002_InterruptInbox")]
internal sealed class SqliteInterruptInbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => InterruptInboxSchema.Up(migrationBuilder, SqliteSchemaTypes.Instance);
}
