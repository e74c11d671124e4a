using Interlude.Client;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Interlude.Testing;

/// <summary>
/// Interlude on MassTransit's test harness: start the bus, drive threads with <see cref="Client"/>, move
/// <see cref="Time"/> to make deadlines and reminders fire at once, and look at what went over the bus in
/// <see cref="Harness"/>. Resolve it from the provider built after <c>services.AddInterludeTestHarness(...)</c>;
/// the provider owns it.
/// </summary>
public sealed class InterludeTestHarness(ITestHarness harness, IGraphClient client, FakeTimeProvider time, IEnumerable<IHostedService> hostedServices)
{
    private readonly IReadOnlyList<IHostedService> hostedServices = [.. hostedServices];
    private bool started;

    /// <summary>MassTransit's harness: <c>Published</c>, <c>Sent</c>, <c>Consumed</c>, saga and consumer harnesses.</summary>
    public ITestHarness Harness { get; } = harness;

    /// <summary>A client for the threads on this bus.</summary>
    public IGraphClient Client { get; } = client;

    /// <summary>A client whose commands carry <paramref name="name"/> and <paramref name="roles"/> as their principal (see <see cref="IGraphClient.As"/>).</summary>
    public IGraphClient ClientAs(string name, params string[] roles) => Client.As(new ThreadPrincipal(name, roles));

    /// <summary>
    /// The clock every Interlude timeout and reminder reads (unless the test registered a <see cref="TimeProvider"/>
    /// of its own before <c>AddInterludeTestHarness</c>); <c>Advance</c> makes what fell due fire.
    /// </summary>
    public FakeTimeProvider Time { get; } = time;

    /// <summary>
    /// Migrates a database store (when one is used), then starts the bus and Interlude's scheduler (MassTransit's
    /// harness starts the hosted services, the scheduler among them; starting it again would run a second loop).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        foreach (var beforeStart in hostedServices.OfType<IHostedLifecycleService>())
        {
            await beforeStart.StartingAsync(cancellationToken);
        }

        await Harness.Start();
        started = true;
    }

    /// <summary>Stops the scheduler and the bus before the provider is disposed (disposing the provider alone also ends both).</summary>
    public async Task StopAsync()
    {
        if (started)
        {
            started = false;
            await Harness.Stop();
        }
    }
}
