using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Interlude.Workers.Tests;

/// <summary>
/// The tables, columns (type, nullability, identity), primary keys and indexes that a T-SQL script
/// creates (less the columns it drops), one line each, so that two scripts can be compared. Names compare as SQL Server's default
/// collation does (case-insensitively); EF Core's own history table is left out.
/// </summary>
public static class TSqlSchema
{
    public static IReadOnlySet<string> Of(string sql)
    {
        var schema = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in TSql.Parse(sql).Batches.SelectMany(b => b.Statements).SelectMany(Flatten))
        {
            switch (statement)
            {
                case CreateTableStatement create when !IsHistory(create.SchemaObjectName):
                    var table = create.SchemaObjectName.BaseIdentifier.Value;
                    schema.UnionWith(create.Definition.ColumnDefinitions.Select(c => Column(table, c)));
                    schema.UnionWith(create.Definition.TableConstraints.OfType<UniqueConstraintDefinition>().Where(k => k.IsPrimaryKey)
                        .Select(k => $"{table} primary key {k.ConstraintIdentifier?.Value} ({Names(k.Columns.Select(c => c.Column))})"));
                    break;
                case AlterTableAddTableElementStatement alter when !IsHistory(alter.SchemaObjectName):
                    schema.UnionWith(alter.Definition.ColumnDefinitions.Select(c => Column(alter.SchemaObjectName.BaseIdentifier.Value, c)));
                    break;
                case AlterTableDropTableElementStatement drop when !IsHistory(drop.SchemaObjectName):
                    var from = drop.SchemaObjectName.BaseIdentifier.Value;
                    foreach (var column in drop.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
                    {
                        schema.RemoveWhere(line => line.StartsWith($"{from}.{column.Name.Value} ", StringComparison.OrdinalIgnoreCase));
                    }

                    break;
                case CreateIndexStatement index:
                    schema.Add($"{index.OnName.BaseIdentifier.Value} {(index.Unique ? "unique " : "")}index {index.Name.Value} ({Names(index.Columns.Select(c => c.Column))})");
                    break;
            }
        }

        return schema;
    }

    /// <summary>Statements inside IF blocks too (an idempotent script wraps each in one).</summary>
    private static IEnumerable<TSqlStatement> Flatten(TSqlStatement statement) => statement switch
    {
        IfStatement branch => new[] { branch.ThenStatement, branch.ElseStatement }.OfType<TSqlStatement>().SelectMany(Flatten),
        BeginEndBlockStatement block => block.StatementList.Statements.SelectMany(Flatten),
        _ => [statement],
    };

    private static bool IsHistory(SchemaObjectName name) => name.BaseIdentifier.Value.StartsWith("__EF", StringComparison.Ordinal);

    private static string Column(string table, ColumnDefinition column)
    {
        var nullable = column.Constraints.OfType<NullableConstraintDefinition>().SingleOrDefault()?.Nullable ?? true;
        return $"{table}.{column.ColumnIdentifier.Value} {Text(column.DataType)}{(nullable ? " null" : " not null")}{(column.IdentityOptions is null ? "" : " identity")}";
    }

    private static string Names(IEnumerable<ColumnReferenceExpression> columns) =>
        string.Join(", ", columns.Select(c => c.MultiPartIdentifier.Identifiers[^1].Value));

    private static string Text(TSqlFragment fragment) =>
        string.Concat(fragment.ScriptTokenStream.Skip(fragment.FirstTokenIndex).Take(fragment.LastTokenIndex - fragment.FirstTokenIndex + 1).Select(t => t.Text)).ToLowerInvariant();
}
