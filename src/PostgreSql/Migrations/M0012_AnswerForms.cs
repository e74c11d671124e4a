using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.PostgreSql.Migrations;

/// <summary>An interrupt's answer form on its inbox row. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(PostgresInterludeDbContext))]
[Migration("20261201000012_AnswerForms")]
internal sealed class PostgresAnswerForms : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => AnswerFormsSchema.Up(migrationBuilder, PostgresSchemaTypes.Instance);
}
