using System.Linq.Expressions;
using System.Text.Json;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;

namespace Interlude.EntityFrameworkCore;

/// <summary><see cref="AnswerRule"/> as a query over interrupt rows, for <c>mine=true</c>.</summary>
internal static class InboxFilter
{
    /// <summary>
    /// The rows <paramref name="caller"/> may answer: no approver roles, or one of the caller's (each role is
    /// looked for with its JSON quotes in the row's JSON array, as the row was written); and no four-eyes
    /// rule barring them (four eyes needs a named caller who did not start the thread).
    /// </summary>
    public static IQueryable<InterruptRow> MayAnswer(this IQueryable<InterruptRow> rows, InboxCaller caller)
    {
        var row = Expression.Parameter(typeof(InterruptRow), "i");
        var approvers = Expression.Property(row, nameof(InterruptRow.Approvers));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression byRole = Expression.Equal(approvers, Expression.Constant("[]"));
        foreach (var role in caller.Roles.Distinct(StringComparer.Ordinal))
        {
            byRole = Expression.OrElse(byRole, Expression.Call(approvers, contains, Parameter(JsonSerializer.Serialize(role))));
        }

        var by = caller.By;
        rows = rows.Where(Expression.Lambda<Func<InterruptRow, bool>>(byRole, row));
        return by == null
            ? rows.Where(i => !i.FourEyes)
            : rows.Where(i => !i.FourEyes || i.StartedBy == null || i.StartedBy != by);
    }

    /// <summary>A value the query sends as a parameter (as a captured variable is), not inlined into the SQL.</summary>
    private static Expression Parameter(string value) => ((Expression<Func<string>>)(() => value)).Body;
}
