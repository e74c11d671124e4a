namespace Interlude.Sagas.Telemetry;

/// <summary>The attribute names of Interlude's spans and the tag names of its metrics.</summary>
internal static class TelemetryTags
{
    public const string ThreadId = "interlude.thread.id";

    public const string Graph = "interlude.graph";

    public const string GraphVersion = "interlude.graph.version";

    public const string Node = "interlude.node";

    public const string TaskId = "interlude.task.id";

    public const string Step = "interlude.step";

    public const string InterruptId = "interlude.interrupt.id";

    public const string Outcome = "interlude.outcome";

    public const string Reason = "interlude.reason";

    /// <summary>The thread's status after the transaction (running, interrupted, completed, ...).</summary>
    public const string Status = "interlude.thread.status";
}
