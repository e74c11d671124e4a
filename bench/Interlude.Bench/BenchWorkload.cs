using System.Text.Json.Nodes;

namespace Interlude.Bench;

/// <summary>
/// The graph a cycle runs: start to its interrupt, then resume with <c>true</c> to the end. In memory the
/// benchmark's own graph; on RabbitMQ the stock host's <c>approval</c>, since the worker processes are the
/// shipped executable and know only its sample graphs (and <c>--workers 0</c> must run the same graph).
/// </summary>
internal sealed record BenchWorkload(string Graph, string InputJson)
{
    public static BenchWorkload For(BenchOptions options) =>
        options.OnRabbitMq ? new BenchWorkload("approval", """{"action_details":"bench"}""") : new BenchWorkload(BenchGraph.Name, "{}");

    public JsonObject Input() => JsonNode.Parse(InputJson)!.AsObject();
}
