namespace Interlude.Graph.Runtime;

/// <summary>
/// Who may answer an interrupt that narrows it (<see cref="Nodes.InterruptOptions.Approvers"/>,
/// <see cref="Nodes.InterruptOptions.FourEyes"/>): the one rule the planner refuses answers by and the
/// inbox marks its rows with.
/// </summary>
public static class AnswerRule
{
    /// <summary>Why <paramref name="by"/> with <paramref name="roles"/> may not answer; null when they may.</summary>
    /// <param name="approvers">The interrupt's approver roles; empty: anyone.</param>
    /// <param name="fourEyes">Whether the thread's starter is barred.</param>
    /// <param name="startedBy">Who started the thread; null when nobody was named.</param>
    /// <param name="by">Who answers; null when nobody is named.</param>
    /// <param name="roles">The answerer's roles.</param>
    public static string? Refusal(IReadOnlyCollection<string> approvers, bool fourEyes, string? startedBy, string? by, IReadOnlyCollection<string>? roles)
    {
        if (approvers.Count > 0 && !approvers.Any(a => roles?.Contains(a, StringComparer.Ordinal) == true))
        {
            return $"Only a caller with one of the roles {string.Join(", ", approvers)} may answer it.";
        }

        if (fourEyes && by is null)
        {
            return "It needs four eyes: the answer must name who gives it.";
        }

        return fourEyes && string.Equals(by, startedBy, StringComparison.Ordinal)
            ? $"It needs four eyes: '{by}' started the thread and may not answer it."
            : null;
    }
}
