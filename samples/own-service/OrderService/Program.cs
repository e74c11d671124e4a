using MassTransit;
using OrderService;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddOrderServices();
builder.Services.AddInterlude(i =>
{
    i.AddGraph<OrderGraph>();   // version 2: new orders start on it
    i.AddGraph<OrderGraphV1>(); // version 1: orders already waiting on it finish on it
    i.UseSqlite(builder.Configuration.GetConnectionString("Orders") ?? "Data Source=orders.db");
});
builder.Services.AddInterludeApi();
builder.Services.AddMassTransit(x =>
{
    x.AddConsumer<OrderCompletedConsumer>();
    x.AddInterlude();
    x.AddInterludeEventStream();
    x.UsingInMemory((c, cfg) => cfg.ConfigureEndpoints(c));
});

var app = builder.Build();
app.MapInterlude("/approvals");
app.Run();

/// <summary>The entry point, visible to tests.</summary>
public partial class Program;
