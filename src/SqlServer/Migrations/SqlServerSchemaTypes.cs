using Interlude.EntityFrameworkCore.Migrations;

namespace Interlude.SqlServer.Migrations;

/// <summary>
/// SQL Server's column types for the shared migrations. Text has no fixed type: EF Core takes it from the
/// column's length, <c>nvarchar(n)</c> for names and ids (so they can be keyed and indexed), <c>nvarchar(max)</c>
/// for JSON and other unbounded text.
/// </summary>
internal static class SqlServerSchemaTypes
{
    public static SchemaTypes Instance { get; } = new(
        "uniqueidentifier", null, "int", "bigint", "datetimeoffset", "datetime2", "bit",
        column => column.Annotation("SqlServer:Identity", "1, 1"));
}
