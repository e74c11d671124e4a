using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.SqlServer.Migrations;

/// <summary>An interrupt's answer form on its inbox row. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqlServerInterludeDbContext))]
[Migration("20261201000012_AnswerForms")]
internal sealed class SqlServerAnswerForms : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => AnswerFormsSchema.Up(migrationBuilder, SqlServerSchemaTypes.Instance);
}
