using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.Sqlite.Migrations;

/// <summary>A thread's starter and an interrupt's approvers and four-eyes. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqliteInterludeDbContext))]
[Migration("20261201000007_AnswerRights")]
internal sealed class SqliteAnswerRights : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => AnswerRightsSchema.Up(migrationBuilder, SqliteSchemaTypes.Instance);
}
