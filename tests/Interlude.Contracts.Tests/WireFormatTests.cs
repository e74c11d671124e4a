using System.Text.Json;
using Interlude.Contracts;
using MassTransit.Serialization;

namespace Interlude.Contracts.Tests;

/// <summary>The messages as MassTransit's JSON serializer writes and reads them: what queue integrations see.</summary>
public sealed class WireFormatTests
{
    private static readonly JsonSerializerOptions Wire = SystemTextJsonMessageSerializer.Options;

    [Fact]
    public void ResumeRequested_BareNullAnswer_RoundTripsAsBareResume()
    {
        var json = """{"threadId":"t1","resume":null}""";

        var message = JsonSerializer.Deserialize<ResumeRequested>(json, Wire)!;

        Assert.Equal("t1", message.ThreadId);
        Assert.Null(message.ResumeMap);
        Assert.Null(message.Resume);
    }

    [Fact]
    public void ResumeRequested_MapWithNullAnswer_KeepsTheNull()
    {
        var json = """{"threadId":"t1","resumeMap":{"abc":null,"def":{"approved":true}}}""";

        var message = JsonSerializer.Deserialize<ResumeRequested>(json, Wire)!;

        Assert.Equal(JsonValueKind.Null, message.ResumeMap!["abc"].ValueKind);
        Assert.True(message.ResumeMap["def"].GetProperty("approved").GetBoolean());
    }

    [Fact]
    public void StartThread_WritesCamelCaseFieldsAndRawInput()
    {
        var input = JsonDocument.Parse("""{"action_details":"deploy","status":"pending"}""").RootElement;

        var json = JsonSerializer.Serialize(new StartThread { ThreadId = "t1", Graph = "approval", Input = input }, Wire);

        using var document = JsonDocument.Parse(json);
        Assert.Equal("t1", document.RootElement.GetProperty("threadId").GetString());
        Assert.Equal("approval", document.RootElement.GetProperty("graph").GetString());
        Assert.Equal("deploy", document.RootElement.GetProperty("input").GetProperty("action_details").GetString());
    }

    [Fact]
    public void Snapshot_RoundTripsInterruptsAndValues()
    {
        var snapshot = new ThreadStateSnapshot
        {
            ThreadId = "t1",
            Graph = "approval",
            Status = "interrupted",
            Values = JsonDocument.Parse("""{"status":"pending"}""").RootElement,
            Next = ["approval"],
            Interrupts = [new InterruptInfo { Id = new string('a', 32), Node = "approval", When = "during", Value = JsonDocument.Parse("""{"question":"ok?"}""").RootElement }],
            CheckpointId = "c1",
            Metadata = new CheckpointMetadata { Source = "loop" },
        };

        var copy = JsonSerializer.Deserialize<ThreadStateSnapshot>(JsonSerializer.Serialize(snapshot, Wire), Wire)!;

        Assert.Equal("interrupted", copy.Status);
        Assert.Equal("pending", copy.Values.GetProperty("status").GetString());
        Assert.Equal("ok?", copy.Interrupts[0].Value!.Value.GetProperty("question").GetString());
        Assert.Equal(["approval"], copy.Next);
    }

    [Fact]
    public void InterruptRaised_RoundTripsItsAnswerForm_AndOneFromAnOlderSenderHasNone()
    {
        var form = new AnswerFormInfo
        {
            Actions =
            [
                new AnswerActionInfo { Name = "approve", Label = "Approve", Value = JsonDocument.Parse("""{"action":"approve"}""").RootElement },
                new AnswerActionInfo { Name = "edit", Label = "Edit", Schema = JsonDocument.Parse("""{"type":"object"}""").RootElement },
            ],
        };
        var raised = new InterruptRaised { ThreadId = "t1", Graph = "g", Interrupt = new InterruptInfo { Id = new string('a', 32), Node = "n", When = "during", Answer = form } };

        var copy = JsonSerializer.Deserialize<InterruptRaised>(JsonSerializer.Serialize(raised, Wire), Wire)!;
        var old = JsonSerializer.Deserialize<InterruptInfo>($$"""{"id":"{{new string('a', 32)}}","node":"n","when":"during"}""", Wire)!;

        Assert.Equal(["approve", "edit"], copy.Interrupt.Answer!.Actions.Select(a => a.Name));
        Assert.True(copy.Interrupt.Answer.Enforced);
        Assert.Equal("object", copy.Interrupt.Answer.Actions[1].Schema!.Value.GetProperty("type").GetString());
        Assert.Null(old.Answer);
    }

    [Fact]
    public void NodeExecuted_FromAWorkerWithoutChains_ReadsAsOneStep()
    {
        var json = """{"threadId":"t1","taskId":"a1","node":"n","outcome":"completed","writes":{"x":1}}""";

        var message = JsonSerializer.Deserialize<NodeExecuted>(json, Wire)!;

        Assert.Empty(message.Chained);
        Assert.Null(JsonSerializer.Deserialize<ExecuteNode>("""{"threadId":"t1","graph":"g","taskId":"a1","node":"n","values":{}}""", Wire)!.Revision);
    }

    [Fact]
    public void NodeExecuted_Chain_RoundTripsTheFurtherStepsInOrder()
    {
        var chain = new NodeExecuted
        {
            ThreadId = "t1",
            TaskId = "a1",
            Node = "a",
            Outcome = "completed",
            Chained =
            [
                new NodeExecuted { ThreadId = "t1", TaskId = "b2", Node = "b", Outcome = "completed" },
                new NodeExecuted { ThreadId = "t1", TaskId = "c3", Node = "c", Outcome = "interrupted" },
            ],
        };

        var copy = JsonSerializer.Deserialize<NodeExecuted>(JsonSerializer.Serialize(chain, Wire), Wire)!;

        Assert.Equal([("b", "completed"), ("c", "interrupted")], copy.Chained.Select(s => (s.Node, s.Outcome)));
    }

    [Fact]
    public void EveryContract_IsASealedRecordInTheContractsNamespace()
    {
        var types = typeof(StartThread).Assembly.GetExportedTypes().Where(t => t.IsClass).ToList();

        Assert.NotEmpty(types);
        Assert.All(types, t =>
        {
            Assert.Equal("Interlude.Contracts", t.Namespace);
            Assert.True(t.IsSealed, $"{t.Name} should be sealed");
            Assert.NotNull(t.GetMethod("<Clone>$"));
        });
    }
}
