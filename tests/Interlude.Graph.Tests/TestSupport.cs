using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

/// <summary>Small helpers shared by the graph tests.</summary>
internal static partial class Graphs
{
    public static JsonNode? Json(object? value) => GraphJson.ToNode(value);

    public static ResumeCommand Answer(object? value) => ResumeCommand.Single(GraphJson.ToNode(value));

    public static ResumeCommand Answers(params (string Id, object? Value)[] answers) =>
        ResumeCommand.ByIds(answers.ToDictionary(a => a.Id, a => GraphJson.ToNode(a.Value)));

    /// <summary>Resumes and asserts the answer was accepted.</summary>
    public static async Task ResumeOk(this GraphExecutor executor, ThreadCheckpoint checkpoint, ResumeCommand command)
    {
        var rejection = await executor.ResumeAsync(checkpoint, command);
        Assert.Null(rejection);
    }

    /// <summary>Updates the state and asserts the update was accepted.</summary>
    public static async Task UpdateOk(this GraphExecutor executor, ThreadCheckpoint checkpoint, object values, string? asNode = null)
    {
        var rejection = await executor.UpdateAsync(checkpoint, (JsonObject)GraphJson.ToNode(values)!, asNode);
        Assert.Null(rejection);
    }

    public static string? Text(this ThreadCheckpoint checkpoint, string channel) =>
        checkpoint.Values[channel]?.GetValue<string>();

    public static List<string?> Strings(this ThreadCheckpoint checkpoint, string channel) =>
        checkpoint.Values[channel] is JsonArray array ? [.. array.Select(n => n?.GetValue<string>())] : [];

    public static bool IsInterruptId(string id) => HexId().IsMatch(id);

    public static void AssertInterruptId(string? id)
    {
        Assert.NotNull(id);
        Assert.True(IsInterruptId(id), $"'{id}' is not 32 lower-case hex characters.");
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();
}
