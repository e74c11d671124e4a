using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>The command a change of a thread came from, for its audit: what, who, and by which authentication scheme.</summary>
internal sealed record AuditContext(string Action, string? By, string? Scheme, DateTimeOffset At, JsonNode? Detail = null);

/// <summary>
/// What one committed change appends to the thread's audit (both journals keep the same entries): a row
/// for a command on the whole thread, one per interrupt it resolved, extended or reminded of.
/// </summary>
internal static class AuditTrail
{
    public static IEnumerable<AuditEntry> For(AuditContext? command, PlanResult result)
    {
        if (command is { Action: not (AuditActions.Answer or AuditActions.Extend) })
        {
            yield return Entry(command.Action, command.By, command.Scheme, null, null, AuditActions.Accepted, command.Detail, command.At);
        }

        foreach (var resolved in result.Resolved)
        {
            yield return Entry(
                command?.Action ?? ActionOf(resolved.Outcome), resolved.By ?? command?.By, command?.Scheme, resolved.Interrupt.Id,
                resolved.Answer, resolved.Outcome, null, resolved.ResolvedAt);
        }

        foreach (var extended in command is { Action: AuditActions.Extend } ? result.Extended : [])
        {
            yield return Entry(AuditActions.Extend, command!.By, command.Scheme, extended.Id, null, AuditActions.Accepted, new JsonObject { ["expiresAt"] = extended.ExpiresAt }, command.At);
        }

        foreach (var reminder in result.Reminders)
        {
            yield return Entry(AuditActions.Reminder, null, null, reminder.Id, null, AuditActions.Sent, new JsonObject { ["expiresAt"] = reminder.ExpiresAt }, reminder.RemindAt ?? reminder.RaisedAt);
        }
    }

    /// <summary>Whether an entry is a resolution of an interrupt (what a late answer is refused by).</summary>
    public static bool IsResolution(string outcome) => outcome is not (AuditActions.Accepted or AuditActions.Sent);

    /// <summary>The action of a resolution no command caused (the thread's own wake-up, a node's re-run, a failure).</summary>
    public static string ActionOf(string outcome) => outcome switch
    {
        ResolutionOutcomes.Answered => AuditActions.Answer,
        ResolutionOutcomes.TimedOut => AuditActions.Timeout,
        ResolutionOutcomes.Updated => AuditActions.Update,
        ResolutionOutcomes.Withdrawn => AuditActions.Withdraw,
        _ => AuditActions.Fail,
    };

    private static AuditEntry Entry(string action, string? by, string? scheme, string? interruptId, JsonNode? answer, string outcome, JsonNode? detail, DateTimeOffset at) => new()
    {
        At = at,
        Action = action,
        By = by,
        Scheme = scheme,
        InterruptId = interruptId,
        Answer = JsonBridge.ToElement(answer),
        Outcome = outcome,
        Detail = JsonBridge.ToElement(detail),
    };
}
