using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Interlude.Workers.Hosting;

/// <summary>
/// The stock host's telemetry: Interlude's and MassTransit's traces and metrics exported with OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other <c>OTEL_*</c> variables too:
/// protocol, headers, service name); nothing is collected or exported otherwise.
/// </summary>
internal static class HostTelemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>MassTransit's activity source and meter.</summary>
    public const string MassTransitName = "MassTransit";

    public static void AddHostTelemetry(this IHostApplicationBuilder builder, InterludeHostOptions settings)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointVariable]))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service instead.
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService("interlude");
                }

                resource.AddAttributes([new("interlude.role", settings.Role)]);
            })
            .WithTracing(tracing => tracing.AddSource(InterludeTelemetry.Name, MassTransitName).AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddMeter(InterludeTelemetry.Name, MassTransitName).AddOtlpExporter());
    }
}
