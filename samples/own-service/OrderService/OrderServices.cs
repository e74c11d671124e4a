namespace OrderService;

/// <summary>The sample's own services, shared by Program.cs and the tests.</summary>
public static class OrderServices
{
    public static IServiceCollection AddOrderServices(this IServiceCollection services) =>
        services
            .AddSingleton<PriceList>()
            .AddScoped<Ledger>()
            .AddSingleton<CompletedOrders>();
}

/// <summary>A domain service (singleton): the price of an item, and how many charges went through.</summary>
public sealed class PriceList
{
    private int charges;

    public int Charges => charges;

    public int PriceOf(string item) => item == "lamp" ? 42 : 1;

    public void Charged() => Interlocked.Increment(ref charges);
}

/// <summary>A scoped service, as a DbContext would be: one per node run, disposed after it.</summary>
public sealed class Ledger(PriceList prices) : IDisposable
{
    private bool disposed;

    public string Charge(string item)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        prices.Charged();
        return $"charged {prices.PriceOf(item)}";
    }

    public void Dispose() => disposed = true;
}

/// <summary>The ids of the orders whose thread completed, as the service's own consumer heard them.</summary>
public sealed class CompletedOrders
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> ids = new();

    public bool Contains(string threadId) => ids.ContainsKey(threadId);

    public void Add(string threadId) => ids.TryAdd(threadId, true);
}
