using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Interlude.Sqlite;

/// <summary>Runs the writer connection's batches on the commands it keeps prepared (see <see cref="SqliteWriterConnection"/>); other connections' commands are left alone.</summary>
internal sealed class WriterStatementReuse : DbCommandInterceptor
{
    public static WriterStatementReuse Instance { get; } = new();

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result) =>
        eventData.Connection is SqliteWriterConnection writer && result is SqliteCommand command ? writer.Reuse(command) : result;
}
