using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Interlude.Sagas.Nodes;

/// <summary>The node workers' endpoint: the retry policy a node gets before its thread fails, and a store outage waited out.</summary>
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
        // The node's code gets the configured retries, then fails its thread; the worker's own check of the
        // store is waited out (inside, so that a parked message keeps the outer retry's headers).
        if (retry.Attempts > 0)
        {
            endpointConfigurator.UseMessageRetry(r =>
            {
                r.Ignore<StoreUnavailableException>();
                r.Interval(retry.Attempts, retry.Interval);
            });
        }

        endpointConfigurator.UseOutageRetry(e => e is StoreUnavailableException, context);
    }
}
