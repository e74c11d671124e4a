using System.Text;
using Interlude.Graph;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>The per-thread state limit (<see cref="ThreadOptions.MaxStateBytes"/>): a command whose values would pass it is refused before anything is stored.</summary>
internal static class ThreadStateSize
{
    /// <summary>The refusal (<c>too-large</c>) when the checkpoint's values are larger than <paramref name="limit"/> bytes of JSON; else null.</summary>
    public static Rejection? Check(ThreadCheckpoint checkpoint, int limit)
    {
        var size = Encoding.UTF8.GetByteCount(GraphJson.Compact(checkpoint.Values));
        return size > limit
            ? new Rejection(RejectionReasons.TooLarge, $"The thread's state would be {size} bytes; a thread's state is at most {limit} bytes (Interlude:Threads:MaxStateBytes).")
            : null;
    }
}
