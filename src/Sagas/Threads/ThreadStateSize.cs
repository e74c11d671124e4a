using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.Graph;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>The per-thread state limit (<see cref="ThreadOptions.MaxStateBytes"/>): a command whose values would pass it is refused before anything is stored.</summary>
internal static class ThreadStateSize
{
    /// <summary>The refusal (<c>too-large</c>) when the checkpoint's values are larger than <paramref name="limit"/> bytes of JSON; else null.</summary>
    public static Rejection? Check(ThreadCheckpoint checkpoint, int limit)
    {
        var size = Utf8Size(checkpoint.Values);
        return size > limit
            ? new Rejection(RejectionReasons.TooLarge, $"The thread's state would be {size} bytes; a thread's state is at most {limit} bytes (Interlude:Threads:MaxStateBytes).")
            : null;
    }

    /// <summary>The values' compact UTF-8 JSON size, counted as written (no string is built on the command path).</summary>
    private static long Utf8Size(JsonObject values)
    {
        using var writer = new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { Encoder = GraphJson.StateOptions.Encoder });
        values.WriteTo(writer, GraphJson.StateOptions);
        writer.Flush();
        return writer.BytesCommitted;
    }
}
