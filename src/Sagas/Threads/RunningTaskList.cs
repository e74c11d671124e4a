using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>
/// <see cref="GraphThreadState.RunningTasks"/>: the ids of the tasks the thread waits for, space-separated,
/// so a node worker tells a redelivered task from one still awaited with one small read, not the checkpoint.
/// </summary>
internal static class RunningTaskList
{
    public static string Of(ThreadCheckpoint checkpoint) =>
        string.Join(' ', checkpoint.Tasks.Where(t => t.Status == GraphTaskStatus.Running).Select(t => t.Id));

    /// <summary>Whether <paramref name="list"/> (null: no such thread) names <paramref name="taskId"/>.</summary>
    public static bool Contains(string? list, string taskId)
    {
        if (list is null)
        {
            return false;
        }

        foreach (var range in list.AsSpan().Split(' '))
        {
            if (list.AsSpan(range).SequenceEqual(taskId))
            {
                return true;
            }
        }

        return false;
    }
}
