using System.Text.Json;
using Interlude.Contracts;
using MassTransit;
using Microsoft.Extensions.Configuration;

// Starts an `approval` thread by publishing StartThread, answers its interrupt by publishing
// ResumeRequested, and prints the events it receives, all over RabbitMQ. Run it beside a host with
// Interlude:Transport=RabbitMQ (role All or Worker); it takes the same Interlude:RabbitMQ:* keys.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var rabbit = configuration.GetSection("Interlude:RabbitMQ");
var prefix = rabbit["Prefix"] ?? "";
var answer = configuration["Answer"] ?? "true";
var threadId = configuration["ThreadId"] ?? $"queue-client-{Guid.NewGuid():N}";
var finished = new TaskCompletionSource<(bool Ok, string Outcome)>(TaskCreationOptions.RunContinuationsAsynchronously);

var bus = Bus.Factory.CreateUsingRabbitMq(transport =>
{
    transport.Host(rabbit["Host"] ?? "localhost", ushort.Parse(rabbit["Port"] ?? "5672"), rabbit["VirtualHost"] ?? "/", host =>
    {
        host.Username(rabbit["Username"] ?? "guest");
        host.Password(rabbit["Password"] ?? "guest");
    });
    if (prefix.Length > 0)
    {
        transport.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(transport.MessageTopology.EntityNameFormatter, prefix));
    }

    // A queue of our own that lives as long as this program, bound to the event exchanges we handle.
    transport.ReceiveEndpoint(new TemporaryEndpointDefinition(), endpoint =>
    {
        endpoint.Handler<InterruptRaised>(async context =>
        {
            if (context.Message.ThreadId != threadId)
            {
                return;
            }

            Console.WriteLine($"interrupt {context.Message.Interrupt.Id} at {context.Message.Interrupt.Node}: {JsonSerializer.Serialize(context.Message.Interrupt.Value)}");
            Console.WriteLine($"answering {answer}");
            await context.Publish(new ResumeRequested { ThreadId = threadId, Resume = JsonDocument.Parse(answer).RootElement, By = "queue-client" });
        });
        endpoint.Handler<ResumeRejected>(context => Finish(context.Message.ThreadId, false, $"resume refused: {context.Message.Reason}: {context.Message.Message}"));
        endpoint.Handler<CommandRejected>(context => Finish(context.Message.ThreadId, false, $"{context.Message.Command} refused: {context.Message.Reason}: {context.Message.Message}"));
        endpoint.Handler<ThreadCompleted>(context => Finish(context.Message.ThreadId, true, $"completed: {JsonSerializer.Serialize(context.Message.Values)}"));
        endpoint.Handler<ThreadFailed>(context => Finish(context.Message.ThreadId, false, $"failed at {context.Message.Node}: {context.Message.Error}"));
    });
});

await bus.StartAsync();
try
{
    var input = JsonSerializer.SerializeToElement(new { action_details = "refund 120 EUR", status = "pending" });
    await bus.Publish(new StartThread { ThreadId = threadId, Graph = "approval", Input = input });
    Console.WriteLine($"started {threadId}");
    var (ok, outcome) = await finished.Task.WaitAsync(TimeSpan.FromSeconds(60));
    Console.WriteLine(outcome);
    return ok ? 0 : 1;
}
catch (TimeoutException)
{
    await Console.Error.WriteLineAsync("no answer within 60 s: is a host with Interlude:Transport=RabbitMQ running on this broker?");
    return 1;
}
finally
{
    await bus.StopAsync();
}

Task Finish(string id, bool ok, string outcome)
{
    if (id == threadId)
    {
        finished.TrySetResult((ok, outcome));
    }

    return Task.CompletedTask;
}
