using Interlude.Contracts;

namespace Interlude.AspNetCore.Events;

/// <summary>A thread event as the streams carry it: its SSE kind, its thread and the message itself.</summary>
internal sealed record ThreadEvent(string Kind, string ThreadId, object Message)
{
    public const string Snapshot = "snapshot";
    public const string Step = "step";
    public const string InterruptRaised = "interrupt-raised";
    public const string InterruptResolved = "interrupt-resolved";
    public const string Reminder = "reminder";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>After a terminal event a thread stream closes.</summary>
    public bool IsTerminal => Kind is Completed or Failed or Cancelled;

    public static bool IsTerminalStatus(string status) => status is "completed" or "failed" or "cancelled";

    public static ThreadEvent Of(StepCompleted m) => new(Step, m.ThreadId, m);

    public static ThreadEvent Of(Contracts.InterruptRaised m) => new(InterruptRaised, m.ThreadId, m);

    public static ThreadEvent Of(Contracts.InterruptResolved m) => new(InterruptResolved, m.ThreadId, m);

    public static ThreadEvent Of(InterruptReminderDue m) => new(Reminder, m.ThreadId, m);

    public static ThreadEvent Of(ThreadCompleted m) => new(Completed, m.ThreadId, m);

    public static ThreadEvent Of(ThreadFailed m) => new(Failed, m.ThreadId, m);

    public static ThreadEvent Of(ThreadCancelled m) => new(Cancelled, m.ThreadId, m);
}
