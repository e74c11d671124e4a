using Interlude.EntityFrameworkCore.Migrations;

namespace Interlude.Sqlite.Migrations;

/// <summary>SQLite's column types for the shared migrations (times are UTC ticks, see <see cref="UtcTicksConverter"/>).</summary>
internal static class SqliteSchemaTypes
{
    public static SchemaTypes Instance { get; } = new(
        "TEXT", "TEXT", "INTEGER", "INTEGER", "INTEGER", "TEXT", "INTEGER",
        column => column.Annotation("Sqlite:Autoincrement", true));
}
