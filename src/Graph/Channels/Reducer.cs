using System.Text.Json.Nodes;

namespace Interlude.Graph.Channels;

/// <summary>How the writes of one step to a channel combine with its current value.</summary>
public abstract class Reducer
{
    /// <summary>Combines the current value with the writes of one step, in task order.</summary>
    /// <exception cref="InvalidUpdateException">The writes cannot be combined (two writes to a last-value channel).</exception>
    public abstract JsonNode? Reduce(string channel, JsonNode? current, IReadOnlyList<ChannelWrite> writes);
}

/// <summary>One write to a channel, with the node that made it.</summary>
public sealed record ChannelWrite(string Node, JsonNode? Value);

/// <summary>The writes of one step cannot be applied.</summary>
public sealed class InvalidUpdateException(string message) : Exception(message);

/// <summary>The channel keeps the last value written; two writes in one step are an error.</summary>
public sealed class LastValueReducer : Reducer
{
    /// <summary>The step's only write, or <paramref name="current"/> when the step wrote none.</summary>
    /// <exception cref="InvalidUpdateException">The step wrote the channel more than once.</exception>
    public override JsonNode? Reduce(string channel, JsonNode? current, IReadOnlyList<ChannelWrite> writes)
    {
        if (writes.Count > 1)
        {
            var nodes = string.Join(", ", writes.Select(w => w.Node));
            throw new InvalidUpdateException(
                $"Channel '{channel}' can receive only one value per step, but got {writes.Count} (from {nodes}). Give it a reducer (append or custom) to combine parallel writes.");
        }

        return writes.Count == 0 ? current : writes[0].Value?.DeepClone();
    }
}

/// <summary>The channel is a list; each write appends its value (a JSON array appends its items).</summary>
public sealed class AppendReducer : Reducer
{
    /// <summary>A new list: the current items (a value that is not a list becomes the first one), then each write in task order.</summary>
    public override JsonNode? Reduce(string channel, JsonNode? current, IReadOnlyList<ChannelWrite> writes)
    {
        var list = current is JsonArray existing ? (JsonArray)existing.DeepClone() : [];
        if (current is not null and not JsonArray)
        {
            list.Add(current.DeepClone());
        }

        foreach (var write in writes)
        {
            if (write.Value is JsonArray items)
            {
                foreach (var item in items)
                {
                    list.Add(item?.DeepClone());
                }
            }
            else
            {
                list.Add(write.Value?.DeepClone());
            }
        }

        return list;
    }
}

/// <summary>
/// A list of messages (LangGraph's <c>add_messages</c>): each written message whose <c>id</c> matches
/// one in the list replaces it in place; the others are appended.
/// </summary>
public sealed class MessagesReducer : Reducer
{
    /// <summary>A new list: the current messages with the writes applied in task order (a JSON array writes its items).</summary>
    public override JsonNode? Reduce(string channel, JsonNode? current, IReadOnlyList<ChannelWrite> writes)
    {
        var list = current is JsonArray existing ? (JsonArray)existing.DeepClone() : [];
        foreach (var message in writes.SelectMany(w => w.Value is JsonArray items ? items : [w.Value]))
        {
            var id = (message as JsonObject)?["id"]?.ToJsonString();
            var index = id is null ? -1 : list.ToList().FindIndex(m => (m as JsonObject)?["id"]?.ToJsonString() == id);
            if (index >= 0)
            {
                list[index] = message?.DeepClone();
            }
            else
            {
                list.Add(message?.DeepClone());
            }
        }

        return list;
    }
}

/// <summary>The channel folds each write into its value with a user function (current, update) -> new value.</summary>
public sealed class CustomReducer(Func<JsonNode?, JsonNode?, JsonNode?> fold) : Reducer
{
    /// <summary>Folds each write into <paramref name="current"/> in task order; no writes: the current value.</summary>
    public override JsonNode? Reduce(string channel, JsonNode? current, IReadOnlyList<ChannelWrite> writes)
    {
        var value = current?.DeepClone();
        foreach (var write in writes)
        {
            value = fold(value, write.Value?.DeepClone());
        }

        return value;
    }
}

/// <summary>The reducers a channel can have.</summary>
public static class Reducers
{
    /// <summary>Keeps the last value written (every channel's default); two writes in one step are an error.</summary>
    public static Reducer LastValue { get; } = new LastValueReducer();

    /// <summary>Appends each write to a list, so parallel nodes can all write the channel.</summary>
    public static Reducer Append { get; } = new AppendReducer();

    /// <summary>A list of messages: a message with the <c>id</c> of one already there replaces it, others are appended.</summary>
    public static Reducer Messages { get; } = new MessagesReducer();

    /// <summary>Folds each write into the channel's value with <paramref name="fold"/>: (current, update) -> new value.</summary>
    public static Reducer Custom(Func<JsonNode?, JsonNode?, JsonNode?> fold) => new CustomReducer(fold);
}
