using System.Text.Json;
using Interlude.Contracts;
using Interlude.AspNetCore.Events;

namespace Interlude.Workers.Tests;

/// <summary>What a thread stream drops because its opening snapshot already shows it.</summary>
public sealed class ThreadStreamFilterTests
{
    private static readonly JsonElement NoWrites = JsonDocument.Parse("{}").RootElement;

    [Fact]
    public void Filter_EventsOlderThanTheSnapshot_AreDropped_NewOnesPass()
    {
        var filter = new ThreadStreamFilter(Snapshot(step: 2, checkpoint: "c2", open: "i1"));

        Assert.False(filter.Accept(Step(1, "c1")));
        Assert.False(filter.Accept(Step(2, "c2")));
        Assert.False(filter.Accept(Raised("i1")));
        Assert.False(filter.Accept(Resolved("i0")));
        Assert.True(filter.Accept(Resolved("i1")));
        Assert.False(filter.Accept(Resolved("i1")));
        Assert.True(filter.Accept(Step(3, "c3")));
        Assert.False(filter.Accept(Step(3, "c3")));
        Assert.True(filter.Accept(Raised("i2")));
        Assert.False(filter.Accept(Raised("i2")));
        Assert.True(filter.Accept(ThreadEvent.Of(new ThreadCompleted { ThreadId = "t", Graph = "g", Values = NoWrites })));
    }

    [Fact]
    public void Filter_AfterTheThreadMovedOn_AnEarlierStepNumberPasses()
    {
        // A replay forks back to an earlier step: once something new was seen, step numbers may go down.
        var filter = new ThreadStreamFilter(Snapshot(step: 5, checkpoint: "c5", open: "i1"));

        Assert.True(filter.Accept(Resolved("i1")));
        Assert.True(filter.Accept(Step(2, "f2")));
    }

    [Fact]
    public void Filter_Reminder_PassesWhileItsInterruptIsOpen_NotAfterItClosed()
    {
        var filter = new ThreadStreamFilter(Snapshot(step: 2, checkpoint: "c2", open: "i1"));

        Assert.True(filter.Accept(Reminder("i1")));
        Assert.False(filter.Accept(Reminder("i0")));
        Assert.True(filter.Accept(Resolved("i1")));
        Assert.False(filter.Accept(Reminder("i1")));
        Assert.True(filter.Accept(Raised("i2")));
        Assert.True(filter.Accept(Reminder("i2")));
    }

    private static ThreadStateSnapshot Snapshot(int step, string checkpoint, string open) => new()
    {
        ThreadId = "t",
        Graph = "g",
        Status = "interrupted",
        Values = NoWrites,
        Step = step,
        CheckpointId = checkpoint,
        Metadata = new CheckpointMetadata { Source = "loop" },
        Interrupts = [new InterruptInfo { Id = open, Node = "n", When = "during" }],
    };

    private static ThreadEvent Step(int step, string checkpoint) =>
        ThreadEvent.Of(new StepCompleted { ThreadId = "t", Step = step, CheckpointId = checkpoint, Writes = NoWrites });

    private static ThreadEvent Raised(string id) =>
        ThreadEvent.Of(new InterruptRaised { ThreadId = "t", Graph = "g", Interrupt = new InterruptInfo { Id = id, Node = "n", When = "during" } });

    private static ThreadEvent Resolved(string id) =>
        ThreadEvent.Of(new InterruptResolved { ThreadId = "t", InterruptId = id, Outcome = "answered" });

    private static ThreadEvent Reminder(string id) =>
        ThreadEvent.Of(new InterruptReminderDue { ThreadId = "t", Graph = "g", InterruptId = id, Node = "n", ExpiresAt = DateTimeOffset.UnixEpoch });
}
