using Interlude.Sagas.Persistence;
using Interlude.Contracts;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;

namespace Interlude.EntityFrameworkCore.Outbox;

/// <summary>Puts <see cref="ThreadTransactionFilter{TMessage}"/> in front of the thread saga for every message that changes a thread.</summary>
internal sealed class ThreadTransactionObserver(IRegistrationContext registration) : ISagaConfigurationObserver
{
    public void SagaConfigured<TSaga>(ISagaConfigurator<TSaga> configurator)
        where TSaga : class, ISaga
    {
    }

    public void StateMachineSagaConfigured<TInstance>(ISagaConfigurator<TInstance> configurator, SagaStateMachine<TInstance> stateMachine)
        where TInstance : class, ISaga, SagaStateMachineInstance
    {
    }

    public void SagaMessageConfigured<TSaga, TMessage>(ISagaMessageConfigurator<TSaga, TMessage> configurator)
        where TSaga : class, ISaga
        where TMessage : class
    {
        // Reads need no transaction and leave nothing to deduplicate.
        if (typeof(TMessage) == typeof(GetThreadState) || configurator is not ISagaMessageConfigurator<TMessage> messages)
        {
            return;
        }

        var scopes = new ConsumeScopeProvider(registration, (ISetScopedConsumeContext)registration);
        var options = new OutboxConsumeOptions { ConsumerType = $"{typeof(TSaga).Name}:{typeof(TMessage).Name}", MessageDeliveryLimit = int.MaxValue };
        messages.AddPipeSpecification(new FilterPipeSpecification<ConsumeContext<TMessage>>(new ThreadTransactionFilter<TMessage>(scopes, options)));
    }
}
