using Interlude.EntityFrameworkCore;
using Interlude.Sagas.Persistence;
using Interlude.EntityFrameworkCore.Outbox;
using Interlude.Sagas.Threads;
using Interlude.Sagas.Nodes;
using Interlude.SqlServer;
using Interlude.Workers.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Interlude.Workers.Tests;

/// <summary>Transport and role settings (DESIGN.md, "Configuration"): bound, checked, and what each role registers.</summary>
public sealed class InterludeConfigurationTests
{
    [Fact]
    public void RabbitMq_Defaults_AreLocalhostGuest()
    {
        var settings = InterludeHostExtensions.ReadSettings(Configuration("--Interlude:Transport=RabbitMQ"));

        Assert.True(settings.IsRabbitMq);
        Assert.Equal(("localhost", 5672, "guest", "guest", "/"), (settings.RabbitMQ.Host, settings.RabbitMQ.Port, settings.RabbitMQ.Username, settings.RabbitMQ.Password, settings.RabbitMQ.VirtualHost));
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Worker")]
    public void InMemory_RoleOtherThanAll_IsRefused(string role)
    {
        var error = Assert.Throws<InterludeConfigurationException>(() => InterludeHostExtensions.ReadSettings(Configuration($"--Interlude:Role={role}")));

        Assert.Contains($"Interlude:Role {role} needs a shared broker", error.Message);
    }

    [Theory]
    [InlineData("--Interlude:Transport=Kafka", "Interlude:Transport is 'Kafka'")]
    [InlineData("--Interlude:Role=Everything", "Interlude:Role is 'Everything'")]
    [InlineData("--Interlude:RabbitMQ:Port=70000", "Interlude:RabbitMQ:Port is 70000")]
    [InlineData("--Interlude:RabbitMQ:Port=five", "'Interlude:RabbitMQ:Port'")]
    [InlineData("--Interlude:RabbitMQ:Host=", "Interlude:RabbitMQ:Host must not be empty")]
    [InlineData("--Interlude:RabbitMQ:Prefix=a b", "Interlude:RabbitMQ:Prefix 'a b'")]
    public void RabbitMq_BadSetting_IsRefusedNamingTheKey(string setting, string expected)
    {
        var error = Assert.Throws<InterludeConfigurationException>(() =>
            InterludeHostExtensions.ReadSettings(Configuration("--Interlude:Transport=RabbitMQ", setting)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ApiRole_RegistersNoDatabaseSagaOrWorkers()
    {
        var builder = Host.CreateApplicationBuilder(["--Interlude:Transport=RabbitMQ", "--Interlude:Role=Api"]);

        builder.AddInterludeHost();

        Assert.False(Registers<InterludeDbContext>(builder.Services));
        Assert.False(Registers<GraphThreadStateMachine>(builder.Services));
        Assert.False(Registers<ExecuteNodeConsumer>(builder.Services));
        Assert.False(Registers<ListInterruptsConsumer>(builder.Services));
        Assert.False(Registers<ThreadRecovery>(builder.Services));
    }

    [Fact]
    public void WorkerRole_RegistersDatabaseWithoutRecoveryOnRabbitMq()
    {
        var builder = Host.CreateApplicationBuilder(["--Interlude:Transport=RabbitMQ", "--Interlude:Role=Worker"]);

        builder.AddInterludeHost();

        Assert.True(Registers<InterludeDbContext>(builder.Services));
        Assert.True(Registers<GraphThreadStateMachine>(builder.Services));
        Assert.True(Registers<ExecuteNodeConsumer>(builder.Services));
        Assert.True(Registers<GetThreadHistoryConsumer>(builder.Services));
        Assert.True(Registers<OutboxSweeper>(builder.Services));

        // Registered with every database store, recovery stays idle on a broker (RabbitMqApprovalTests checks it running).
    }

    [Fact]
    public void SqlServerProvider_KeepsThreadsInSqlServer()
    {
        var builder = Host.CreateApplicationBuilder(["--Interlude:Database:Provider=SqlServer", "--ConnectionStrings:Interlude=Server=127.0.0.1,1;Database=interlude;TrustServerCertificate=True"]);

        builder.AddInterludeHost();
        using var services = builder.Services.BuildServiceProvider();
        using var scope = services.CreateScope();

        Assert.IsType<SqlServerInterludeDbContext>(scope.ServiceProvider.GetRequiredService<InterludeDbContext>());
    }

    private static bool Registers<T>(IServiceCollection services) =>
        services.Any(d => d.ServiceType == typeof(T) || d.ImplementationType == typeof(T));

    private static IConfiguration Configuration(params string[] args) => new ConfigurationBuilder().AddCommandLine(args).Build();
}
