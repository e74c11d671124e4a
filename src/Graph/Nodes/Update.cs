using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Interlude.Graph.Nodes;

/// <summary>A typed <see cref="NodeResult"/>: writes named by the state's properties.</summary>
/// <typeparam name="TState">The graph's state type.</typeparam>
public sealed class Update<TState> : NodeResult
{
    /// <summary>Writes <paramref name="value"/> to the channel of <paramref name="field"/>.</summary>
    public Update<TState> Set<TValue>(Expression<Func<TState, TValue>> field, TValue value)
    {
        Write(ChannelName.Of(field), value);
        return this;
    }

    /// <summary>Also routes to <paramref name="nodes"/>.</summary>
    public new Update<TState> Goto(params string[] nodes)
    {
        base.Goto(nodes);
        return this;
    }
}

/// <summary>Maps a state property to its channel name (its JSON name).</summary>
public static class ChannelName
{
    /// <summary>The channel of the property <paramref name="field"/> selects (<c>s => s.Total</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="field"/> does not select a property.</exception>
    public static string Of<TState, TValue>(Expression<Func<TState, TValue>> field)
    {
        var body = field.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : field.Body;
        if (body is not MemberExpression { Member: PropertyInfo property })
        {
            throw new ArgumentException($"'{field}' must select a property of {typeof(TState).Name}.", nameof(field));
        }

        return Of(property);
    }

    /// <summary>The channel of <paramref name="property"/>: its <see cref="JsonPropertyNameAttribute"/> name, else its snake_case name.</summary>
    public static string Of(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? GraphJson.StateOptions.PropertyNamingPolicy?.ConvertName(property.Name)
        ?? property.Name;

    /// <summary>The channel names of a state type: its public readable and writable properties.</summary>
    public static IEnumerable<(string Channel, PropertyInfo Property)> All(Type stateType) =>
        stateType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetIndexParameters().Length == 0)
            .Select(p => (Of(p), p));

    internal static JsonSerializerOptions Options => GraphJson.StateOptions;
}
