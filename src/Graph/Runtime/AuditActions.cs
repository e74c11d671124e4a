namespace Interlude.Graph.Runtime;

/// <summary>The values of <c>AuditEntry.Action</c> (the thread's audit) and the command outcomes of <c>AuditEntry.Outcome</c>.</summary>
public static class AuditActions
{
    /// <summary>A thread was started.</summary>
    public const string Start = "start";

    /// <summary>An interrupt was answered.</summary>
    public const string Answer = "answer";

    /// <summary>An interrupt's deadline passed.</summary>
    public const string Timeout = "timeout";

    /// <summary>An interrupt's reminder went out.</summary>
    public const string Reminder = "reminder";

    /// <summary>The thread was cancelled.</summary>
    public const string Cancel = "cancel";

    /// <summary>The state was updated.</summary>
    public const string Update = "update";

    /// <summary>The thread was forked from an earlier checkpoint.</summary>
    public const string Replay = "replay";

    /// <summary>An interrupt's deadline was moved.</summary>
    public const string Extend = "extend";

    /// <summary>A node ran again and no longer asked an interrupt's question.</summary>
    public const string Withdraw = "withdraw";

    /// <summary>The thread failed, closing its open interrupts.</summary>
    public const string Fail = "fail";

    /// <summary>The outcome of an accepted command.</summary>
    public const string Accepted = "accepted";

    /// <summary>The outcome of a reminder.</summary>
    public const string Sent = "sent";
}
