using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Interlude.Sagas.Persistence.Migrations;

/// <summary>Column types of each provider, so one hand-written migration serves both.</summary>
internal sealed record SchemaTypes(string Guid, string Text, string Int, string Long, string Time, string UtcDateTime, Func<OperationBuilder<AddColumnOperation>, OperationBuilder<AddColumnOperation>> Identity)
{
    public static SchemaTypes For(MigrationBuilder migration) =>
        migration.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL" ? Postgres : Sqlite;

    private static readonly SchemaTypes Sqlite = new(
        "TEXT", "TEXT", "INTEGER", "INTEGER", "INTEGER", "TEXT",
        column => column.Annotation("Sqlite:Autoincrement", true));

    private static readonly SchemaTypes Postgres = new(
        "uuid", "text", "integer", "bigint", "timestamp with time zone", "timestamp with time zone",
        column => column.Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn));
}
