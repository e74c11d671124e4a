using Interlude.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Interlude.PostgreSql.Migrations;

/// <summary>PostgreSQL's column types for the shared migrations.</summary>
internal static class PostgresSchemaTypes
{
    public static SchemaTypes Instance { get; } = new(
        "uuid", "text", "integer", "bigint", "timestamp with time zone", "timestamp with time zone", "boolean",
        column => column.Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn));
}
