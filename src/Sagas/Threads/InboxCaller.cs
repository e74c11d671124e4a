using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>Who reads the inbox, for the rows they may answer (<see cref="AnswerRule"/>).</summary>
/// <param name="By">The caller's name; null when nobody is named.</param>
/// <param name="Roles">The caller's roles.</param>
internal sealed record InboxCaller(string? By, IReadOnlyCollection<string> Roles)
{
    public bool MayAnswer(PendingInterrupt interrupt) =>
        AnswerRule.Refusal(interrupt.Approvers, interrupt.FourEyes, interrupt.StartedBy, By, Roles) is null;
}
