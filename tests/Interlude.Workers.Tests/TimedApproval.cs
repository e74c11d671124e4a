using System.Text.Json.Nodes;

namespace Interlude.Workers.Tests;

/// <summary>Input of the <c>timed-approval</c> sample.</summary>
internal static class TimedApproval
{
    public static JsonObject Input(double timeoutSeconds) =>
        new() { ["action_details"] = "deploy", ["status"] = "pending", ["timeout_seconds"] = timeoutSeconds };
}
