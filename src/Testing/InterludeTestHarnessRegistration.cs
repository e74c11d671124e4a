using Interlude;
using Interlude.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Interlude on MassTransit's test harness.</summary>
public static class InterludeTestHarnessRegistration
{
    /// <summary>
    /// Interlude (configured by <paramref name="configure"/>: graphs, optionally a store) on MassTransit's
    /// in-memory test harness, with a <see cref="FakeTimeProvider"/> as the clock (due timeouts fire within 50 ms of an
    /// <c>Advance</c>) and node retries kept short. <paramref name="bus"/> adds the test's own consumers. Resolve <see cref="InterludeTestHarness"/>.
    /// </summary>
    public static IServiceCollection AddInterludeTestHarness(this IServiceCollection services, Action<InterludeBuilder> configure, Action<IBusRegistrationConfigurator>? bus = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var time = new FakeTimeProvider();
        services.TryAddSingleton(time);
        services.TryAddSingleton<TimeProvider>(provider => provider.GetRequiredService<FakeTimeProvider>());
        services.TryAddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddInterlude(interlude =>
        {
            interlude.Configure(o =>
            {
                o.Nodes.Retry.Attempts = 1;
                o.Nodes.Retry.Interval = TimeSpan.FromMilliseconds(10);
                o.Scheduler.PollInterval = TimeSpan.FromMilliseconds(50);
            });
            configure(interlude);
        });
        services.AddMassTransitTestHarness(x =>
        {
            x.AddInterlude();
            bus?.Invoke(x);
        });
        services.TryAddSingleton<InterludeTestHarness>();
        return services;
    }
}
