using Interlude.Contracts;
using Interlude.Graph.Runtime;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Interlude.Sagas.Threads;

/// <summary>
/// One log line per refused command, beside its <see cref="ResumeRejected"/> or <see cref="CommandRejected"/>
/// on the bus: which thread, which command, why, and who sent it. A refusal that names a missing right
/// (<c>forbidden</c>) is a warning; the others (a late or malformed answer, say) are information.
/// </summary>
internal static partial class RefusalLog
{
    /// <summary>The category the lines are written under.</summary>
    public const string Category = "Interlude.Refusals";

    /// <summary>Logs <paramref name="refusal"/> of <paramref name="command"/> through the logger of the message's scope, if it has one.</summary>
    public static void Write(ConsumeContext context, object command, object refusal)
    {
        if (!context.TryGetPayload(out IServiceProvider? services) || services.GetService<ILoggerFactory>() is not { } loggers)
        {
            return;
        }

        var (threadId, name, reason, message) = refusal switch
        {
            ResumeRejected r => (r.ThreadId, nameof(ResumeRequested), r.Reason, r.Message),
            CommandRejected c => (c.ThreadId, c.Command, c.Reason, c.Message),
            _ => throw new ArgumentException($"{refusal.GetType().Name} is not a refusal.", nameof(refusal)),
        };
        var logger = loggers.CreateLogger(Category);
        if (reason == RejectionReasons.Forbidden)
        {
            Forbidden(logger, name, threadId, By(command), reason, message);
        }
        else
        {
            Refused(logger, name, threadId, By(command), reason, message);
        }
    }

    private static string? By(object command) => command switch
    {
        StartThread m => m.By,
        ResumeRequested m => m.By,
        UpdateThreadState m => m.By,
        ReplayThread m => m.By,
        CancelThread m => m.By,
        ExtendInterruptDeadline m => m.By,
        _ => null,
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused {Command} on thread {ThreadId} from {By}: {Reason} ({Detail})")]
    private static partial void Forbidden(ILogger logger, string command, string threadId, string? by, string reason, string detail);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Refused {Command} on thread {ThreadId} from {By}: {Reason} ({Detail})")]
    private static partial void Refused(ILogger logger, string command, string threadId, string? by, string reason, string detail);
}
