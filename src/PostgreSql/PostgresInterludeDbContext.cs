using Interlude.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Interlude.PostgreSql;

/// <summary>Interlude's tables on PostgreSQL: the server store for scale-out.</summary>
public sealed class PostgresInterludeDbContext(DbContextOptions<PostgresInterludeDbContext> options) : InterludeDbContext(options);
