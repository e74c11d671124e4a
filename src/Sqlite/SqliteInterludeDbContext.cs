using Interlude.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Interlude.Sqlite;

/// <summary>Interlude's tables on SQLite: a file beside the host, in WAL mode with a busy timeout.</summary>
public sealed class SqliteInterludeDbContext(DbContextOptions<SqliteInterludeDbContext> options) : InterludeDbContext(options)
{
    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset text; as UTC ticks it can, at full precision.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}
