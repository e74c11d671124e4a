using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.PostgreSql.Migrations;

/// <summary>Threads (the saga rows), checkpoint history, and the transactional inbox and outbox. Its id is the same on every database, and frozen: existing databases have it in their history.</summary>
[DbContext(typeof(PostgresInterludeDbContext))]
[Migration("20261121000001_Initial")]
internal sealed class PostgresInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => InitialSchema.Up(migrationBuilder, PostgresSchemaTypes.Instance);
}
