using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>
/// A database's column types, so that one hand-written migration serves every database package. A null
/// <see cref="Text"/> leaves the type to the provider, from the column's length (SQL Server's bounded and unbounded text differ).
/// </summary>
internal sealed record SchemaTypes(
    string Guid,
    string? Text,
    string Int,
    string Long,
    string Time,
    string UtcDateTime,
    string Bool,
    Func<OperationBuilder<AddColumnOperation>, OperationBuilder<AddColumnOperation>> Identity);
