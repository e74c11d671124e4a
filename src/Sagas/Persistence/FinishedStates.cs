using Interlude.Sagas.Threads;

namespace Interlude.Sagas.Persistence;

/// <summary>The saga states of a finished thread, as stored: what retention may purge.</summary>
internal static class FinishedStates
{
    public static readonly IReadOnlyList<string> Names =
    [
        nameof(GraphThreadStateMachine.Completed),
        nameof(GraphThreadStateMachine.Failed),
        nameof(GraphThreadStateMachine.Cancelled),
    ];
}
