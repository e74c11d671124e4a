using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.SqlServer.Migrations;

/// <summary>A thread's starter and an interrupt's approvers and four-eyes. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqlServerInterludeDbContext))]
[Migration("20261201000007_AnswerRights")]
internal sealed class SqlServerAnswerRights : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => AnswerRightsSchema.Up(migrationBuilder, SqlServerSchemaTypes.Instance);
}
