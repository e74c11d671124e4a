using Interlude.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IGraphClient"/>, for a process that talks to Interlude threads over its bus without running them.</summary>
public static class GraphClientRegistration
{
    /// <summary>Adds <see cref="IGraphClient"/> (on the bus that <c>AddMassTransit</c> configures) and its options.</summary>
    public static IServiceCollection AddInterludeClient(this IServiceCollection services)
    {
        services.AddOptions<GraphClientOptions>().BindConfiguration(GraphClientOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphClientOptions>, GraphClientOptionsValidation>());
        services.TryAddSingleton<IGraphClient, GraphClient>();
        return services;
    }

    private sealed class GraphClientOptionsValidation : IValidateOptions<GraphClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, GraphClientOptions options) =>
            options.WaitSeconds > 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail("Interlude:Api:WaitSeconds must be positive.");
    }
}
