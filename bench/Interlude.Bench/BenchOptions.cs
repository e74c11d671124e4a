namespace Interlude.Bench;

/// <summary>
/// Command-line settings: <c>--store memory|sqlite|postgres --threads N --concurrency C --warmup W --connection CS</c>.
/// The warm-up defaults to 3,000 cycles: shorter runs mostly measure tiered JIT compilation.
/// </summary>
internal sealed record BenchOptions(string Store, int Threads, int Concurrency, int Warmup, string? Connection)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            Value("--store") ?? "memory",
            int.Parse(Value("--threads") ?? "1000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("--concurrency") ?? "32", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("--warmup") ?? "3000", System.Globalization.CultureInfo.InvariantCulture),
            Value("--connection") ?? Environment.GetEnvironmentVariable("INTERLUDE_TEST_POSTGRES"));
    }
}
