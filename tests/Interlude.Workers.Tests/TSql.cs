using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Interlude.Workers.Tests;

/// <summary>SQL Server's own T-SQL parser (SQL Server 2022), for SQL that no server here can run.</summary>
public static class TSql
{
    /// <summary>Parses <paramref name="sql"/> (batches separated by GO allowed); fails the test on any parse error, naming it and the statement.</summary>
    public static TSqlScript Parse(string sql)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, $"Not valid T-SQL: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}{Environment.NewLine}{sql}");
        return (TSqlScript)fragment;
    }
}
