using Interlude.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.SqlServer.Migrations;

/// <summary>The thread's audit in the resolutions' table, existing rows given their action. Its id is the same on every database, and frozen.</summary>
[DbContext(typeof(SqlServerInterludeDbContext))]
[Migration("20261201000008_ThreadAudit")]
internal sealed class SqlServerThreadAudit : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => ThreadAuditSchema.Up(migrationBuilder, SqlServerSchemaTypes.Instance);
}
