using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// Plans a command on named interrupts. The checkpoint keeps no resolved interrupts, so the journal
/// is read only for a refusal that depends on them: answering an open interrupt reads nothing more.
/// </summary>
internal static class ResolutionLookup
{
    public static async Task<PlanResult> PlanKnowingResolutions<TMessage>(
        this ThreadSession<TMessage> session,
        IReadOnlyCollection<string> interruptIds,
        Func<IReadOnlyList<ResolvedInterrupt>, PlanResult> plan)
        where TMessage : class
    {
        // A refused plan changed nothing, so planning again with the resolutions is safe.
        var result = plan([]);
        if (result.Rejected is not { } rejection || !ThreadPlanner.DependsOnResolutions(rejection))
        {
            return result;
        }

        return plan(await session.Journal.Resolutions(session.Thread.ThreadId, interruptIds, session.Context.CancellationToken).ConfigureAwait(false));
    }
}
