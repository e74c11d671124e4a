using System.Text.Json.Nodes;

namespace Interlude.Graph.Nodes;

/// <summary>
/// Checks an answer before it is accepted. Validators are registered on the graph by name, because
/// the check happens when the resume arrives (the thread's saga), not inside the node that asked.
/// </summary>
/// <param name="Name">Unique within the graph.</param>
/// <param name="Validate">Returns null when the answer is acceptable, or the reason it is not.</param>
public sealed record AnswerValidator(string Name, Func<JsonNode?, string?> Validate);
