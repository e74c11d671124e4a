using System.Globalization;

namespace Interlude.Bench;

/// <summary>
/// Command-line settings (bench/README.md): <c>--store memory|sqlite|postgres --threads N --concurrency C
/// --warmup W --connection CS --transport memory|rabbitmq --workers K --rabbitmq amqp://... --idle S
/// --paused N --sample M --seed-concurrency S</c>.
/// The warm-up defaults to 3,000 cycles: shorter runs mostly measure tiered JIT compilation.
/// </summary>
internal sealed record BenchOptions(
    string Store,
    int Threads,
    int Concurrency,
    int Warmup,
    string? Connection,
    string Transport,
    int Workers,
    string? RabbitMq,
    int? IdleSeconds,
    int? Paused,
    int Sample,
    int SeedConcurrency)
{
    public bool OnRabbitMq => Transport == "rabbitmq";

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int? Number(string name) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
        var transport = Value("--transport") ?? "memory";
        var options = new BenchOptions(
            // RabbitMQ runs on PostgreSQL only (the workers share the database); paused threads are measured there.
            Value("--store") ?? (transport == "rabbitmq" || Value("--paused") is not null ? "postgres" : "memory"),
            Number("--threads") ?? 1000,
            Number("--concurrency") ?? 32,
            Number("--warmup") ?? 3000,
            Value("--connection") ?? Environment.GetEnvironmentVariable("INTERLUDE_TEST_POSTGRES"),
            transport,
            Number("--workers") ?? 0,
            Value("--rabbitmq"),
            Number("--idle"),
            Number("--paused"),
            Number("--sample") ?? 1000,
            Number("--seed-concurrency") ?? 256);
        return options.Validated();
    }

    private BenchOptions Validated()
    {
        if (Transport is not ("memory" or "rabbitmq"))
        {
            throw new ArgumentException($"Unknown transport '{Transport}': memory or rabbitmq.");
        }

        if (OnRabbitMq && Store != "postgres")
        {
            throw new ArgumentException("--transport rabbitmq needs --store postgres (the workers share the database).");
        }

        if (Paused is not null && Store != "postgres")
        {
            throw new ArgumentException("--paused measures threads paused on PostgreSQL: --store postgres.");
        }

        if (Workers > 0 && !OnRabbitMq)
        {
            throw new ArgumentException("--workers needs --transport rabbitmq (in memory there is one process).");
        }

        return this;
    }
}
