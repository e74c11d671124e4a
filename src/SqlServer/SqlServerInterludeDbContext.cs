using Interlude.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Interlude.SqlServer;

/// <summary>
/// Interlude's tables on SQL Server: JSON as <c>nvarchar(max)</c>, times as <c>datetimeoffset</c>, ids as
/// <c>uniqueidentifier</c>, the thread's version column as its concurrency token.
/// </summary>
public sealed class SqlServerInterludeDbContext(DbContextOptions<SqlServerInterludeDbContext> options) : InterludeDbContext(options);
