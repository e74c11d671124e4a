using MassTransit;

namespace Interlude.Workers.Hosting;

/// <summary>The bus on RabbitMQ: every process of a deployment declares the same queues and competes for their messages.</summary>
public static class RabbitMqTransport
{
    public static void UsingInterludeRabbitMq(this IBusRegistrationConfigurator bus, RabbitMqOptions options) =>
        bus.UsingRabbitMq((context, transport) =>
        {
            transport.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
            {
                host.Username(options.Username);
                host.Password(options.Password);

                // A publish completes only once the broker has the message: the outbox row is deleted after that.
                host.PublisherConfirmation = true;
            });
            transport.PrefetchCount = options.PrefetchCount;
            if (options.Prefix.Length > 0)
            {
                // Message-type exchanges too, not only queues: published messages must not reach another prefix's queues.
                transport.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(transport.MessageTopology.EntityNameFormatter, options.Prefix));
            }

            // No broker scheduler: Debian's RabbitMQ lacks the delayed-message plugin (the channel closes and stopping hangs).
            transport.ConfigureEndpoints(context, new KebabCaseEndpointNameFormatter(options.Prefix, false));
        });
}
