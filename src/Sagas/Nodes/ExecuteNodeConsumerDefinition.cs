using Interlude.Sagas.Threads;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Interlude.Sagas.Nodes;

/// <summary>The node workers' endpoint: the retry policy a node gets before its thread fails.</summary>
internal sealed class ExecuteNodeConsumerDefinition : ConsumerDefinition<ExecuteNodeConsumer>
{
    private readonly NodeRetryOptions retry;

    public ExecuteNodeConsumerDefinition(IOptions<InterludeOptions> options, ThreadEndpoints endpoints)
    {
        retry = options.Value.Nodes.Retry;
        EndpointName = endpoints.Nodes;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExecuteNodeConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        if (retry.Attempts > 0)
        {
            endpointConfigurator.UseMessageRetry(r => r.Interval(retry.Attempts, retry.Interval));
        }
    }
}
