using Interlude.Workers.Api.Events;
using Interlude.Workers.Inbox;
using Microsoft.AspNetCore.Diagnostics;

namespace Interlude.Workers.Api;

/// <summary>The whole HTTP API.</summary>
public static class ApiEndpoints
{
    public static WebApplication MapInterludeApi(this WebApplication app)
    {
        // Anything unexpected is still a problem+json answer, never an HTML page.
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var status = error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            var reason = status == StatusCodes.Status400BadRequest ? "malformed" : "internal-error";
            await Results.Problem(detail: error?.Message, statusCode: status, title: reason, extensions: new Dictionary<string, object?> { ["reason"] = reason })
                .ExecuteAsync(context);
        }));
        app.MapThreadEndpoints();
        app.MapInterruptEndpoints();
        app.MapEventStreamEndpoints();
        app.MapInboxPage();
        app.MapHealthChecks("/health");
        return app;
    }
}
