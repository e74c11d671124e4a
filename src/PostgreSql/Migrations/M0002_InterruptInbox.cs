using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.PostgreSql.Migrations;

/// <summary>The interrupt inbox. Its id is the same on every database, and frozen: existing databases have it in their history.</summary>
[DbContext(typeof(PostgresInterludeDbContext))]
[Migration("20261121000002_InterruptInbox")]
internal sealed class PostgresInterruptInbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => InterruptInboxSchema.Up(migrationBuilder, PostgresSchemaTypes.Instance);
}
