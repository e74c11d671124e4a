using Microsoft.Data.Sqlite;

namespace Interlude.Sqlite;

/// <summary>
/// The group commit's one writer connection, which keeps the prepared statements of the SQL it runs.
/// Microsoft.Data.Sqlite prepares a statement per command, and EF Core creates a command per batch, so
/// every batch would compile the same INSERTs and UPDATEs again; here a batch whose SQL the writer ran
/// before runs on the command that holds that SQL already prepared. Only the writer's loop uses it, one
/// batch at a time, so nothing here is shared between threads.
/// </summary>
internal sealed class SqliteWriterConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>Enough for every batch shape a graph's messages write; SQL beyond it is prepared per use, as before.</summary>
    private const int MaxPrepared = 256;

    private readonly Dictionary<string, PreparedCommand> prepared = new(StringComparer.Ordinal);

    /// <summary>The command to run <paramref name="command"/>'s SQL on: one prepared before, given its parameters and transaction, or the command itself.</summary>
    public SqliteCommand Reuse(SqliteCommand command)
    {
        if (!prepared.TryGetValue(command.CommandText, out var reused))
        {
            if (prepared.Count >= MaxPrepared)
            {
                return command;
            }

            reused = new PreparedCommand(command.CommandText, this);
            prepared.Add(command.CommandText, reused);
        }

        if (reused.Leased)
        {
            return command;
        }

        reused.Lease(command);
        command.Dispose();
        return reused;
    }

    /// <summary>Finalizes the prepared statements first: they belong to this SQLite handle, which closing returns to the pool (disposing closes too).</summary>
    public override void Close()
    {
        ForgetPrepared();
        base.Close();
    }

    private void ForgetPrepared()
    {
        foreach (var command in prepared.Values)
        {
            command.Release();
        }

        prepared.Clear();
    }

    /// <summary>A command whose statements stay prepared when EF Core disposes it after a batch.</summary>
    private sealed class PreparedCommand(string sql, SqliteConnection connection) : SqliteCommand(sql, connection)
    {
        private bool released;

        /// <summary>Between <see cref="Lease"/> and EF Core disposing it: one batch runs on it.</summary>
        public bool Leased { get; private set; }

        /// <summary>Takes what EF Core set on its own command for this batch: parameters, transaction and timeout.</summary>
        public void Lease(SqliteCommand command)
        {
            Leased = true;
            Parameters.Clear();
            foreach (SqliteParameter parameter in command.Parameters)
            {
                Parameters.Add(parameter);
            }

            command.Parameters.Clear();
            Transaction = command.Transaction;
            CommandTimeout = command.CommandTimeout;
        }

        /// <summary>Disposes it for good, its prepared statements with it.</summary>
        public void Release()
        {
            released = true;
            Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (released || !disposing)
            {
                base.Dispose(disposing);
                return;
            }

            // The end of a batch: the statements stay prepared for the next batch of the same SQL.
            Parameters.Clear();
            Transaction = null;
            Leased = false;
        }
    }
}
