namespace Interlude.Bench;

/// <summary>Command-line settings: <c>--store memory|sqlite|postgres --threads N --concurrency C --warmup W --connection CS</c>.</summary>
internal sealed record BenchOptions(string Store, int Threads, int Concurrency, int Warmup, string? Connection)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            Value("--store") ?? "memory",
            int.Parse(Value("--threads") ?? "1000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("--concurrency") ?? "32", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("--warmup") ?? "500", System.Globalization.CultureInfo.InvariantCulture),
            Value("--connection") ?? Environment.GetEnvironmentVariable("INTERLUDE_TEST_POSTGRES"));
    }
}
