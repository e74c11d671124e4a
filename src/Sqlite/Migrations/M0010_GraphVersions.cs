using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.Sqlite.Migrations;

/// <summary>The graph version of each thread and of its interrupts, existing ones on version 1. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqliteInterludeDbContext))]
[Migration("20261201000010_GraphVersions")]
internal sealed class SqliteGraphVersions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => GraphVersionsSchema.Up(migrationBuilder, SqliteSchemaTypes.Instance);
}
