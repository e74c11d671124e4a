using System.Text.Json.Nodes;

namespace Interlude.Graph.Channels;

/// <summary>The channels of a graph (one per state field) and how writes apply to them.</summary>
public sealed class ChannelSet(IReadOnlyDictionary<string, Reducer> reducers)
{
    /// <summary>The reducer of each channel, by channel name.</summary>
    public IReadOnlyDictionary<string, Reducer> Reducers { get; } = reducers;

    /// <summary>Whether the graph has a channel named <paramref name="channel"/>.</summary>
    public bool Contains(string channel) => Reducers.ContainsKey(channel);

    /// <summary>
    /// Applies the writes of one step to a copy of <paramref name="values"/>. Writes are grouped by
    /// channel and reduced in the order given (the step's task order), so the result is deterministic.
    /// </summary>
    public JsonObject Apply(JsonObject values, IEnumerable<(string Node, JsonObject Writes)> writesByTask)
    {
        var grouped = new Dictionary<string, List<ChannelWrite>>(StringComparer.Ordinal);
        foreach (var (node, writes) in writesByTask)
        {
            foreach (var (channel, value) in writes)
            {
                if (!Reducers.ContainsKey(channel))
                {
                    throw new InvalidUpdateException($"Node '{node}' wrote to unknown channel '{channel}'.");
                }

                if (!grouped.TryGetValue(channel, out var list))
                {
                    grouped[channel] = list = [];
                }

                list.Add(new ChannelWrite(node, value));
            }
        }

        var next = (JsonObject)values.DeepClone();
        foreach (var (channel, writes) in grouped)
        {
            next[channel] = Reducers[channel].Reduce(channel, next[channel], writes);
        }

        return next;
    }
}
