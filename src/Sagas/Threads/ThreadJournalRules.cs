using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>Rules every <see cref="IThreadJournal"/> follows.</summary>
internal static class ThreadJournalRules
{
    /// <summary>A checkpoint's history row is written when it is created and whenever the thread settles on it.</summary>
    public static bool RecordsCheckpoint(ThreadCheckpoint checkpoint, PlanResult result) =>
        result.CheckpointCreated || checkpoint.Status != ThreadStatus.Running;
}
