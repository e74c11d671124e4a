using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Interlude.Contracts;

namespace Interlude.Sagas.Threads.Commands;

/// <summary>
/// SHA-256 (lower-case hex) of a command's meaningful content, in a canonical form: the command's name and the
/// fields a caller chose (never who sent it, its roles or its envelope), JSON objects with their properties in
/// ordinal order. A retry of the same request hashes the same; the same key on another request does not.
/// </summary>
internal static class RequestHash
{
    public static string Of(object message) => message switch
    {
        StartThread m => Hash(nameof(StartThread), w =>
        {
            w.WriteString("threadId", m.ThreadId);
            w.WriteString("graph", m.Graph);
            Json(w, "input", m.Input);
        }),
        ResumeRequested { ResumeMap: { } map } => Hash(nameof(ResumeRequested), w =>
        {
            w.WriteStartObject("resumeMap");
            foreach (var (id, answer) in map.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                Json(w, id, answer);
            }

            w.WriteEndObject();
        }),
        ResumeRequested m => Hash(nameof(ResumeRequested), w => Json(w, "resume", m.Resume)),
        UpdateThreadState m => Hash(nameof(UpdateThreadState), w =>
        {
            Json(w, "values", m.Values);
            w.WriteString("asNode", m.AsNode);
        }),
        ReplayThread m => Hash(nameof(ReplayThread), w =>
        {
            w.WriteString("checkpointId", m.CheckpointId);
            w.WriteBoolean("rerunSteps", m.RerunSteps);
        }),
        ExtendInterruptDeadline m => Hash(nameof(ExtendInterruptDeadline), w =>
        {
            w.WriteString("interruptId", m.InterruptId);
            w.WriteString("expiresAt", m.ExpiresAt?.UtcTicks.ToString(CultureInfo.InvariantCulture));
            w.WriteString("extendBy", m.ExtendBy?.Ticks.ToString(CultureInfo.InvariantCulture));
        }),
        CancelThread m => Hash(nameof(CancelThread), w => w.WriteString("reason", m.Reason)),
        _ => throw new ArgumentException($"{message.GetType().Name} is not a thread command.", nameof(message)),
    };

    private static string Hash(string command, Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("command", command);
            fields(writer);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>An absent value and JSON null are the same answer.</summary>
    private static void Json(Utf8JsonWriter writer, string name, JsonElement? value)
    {
        writer.WritePropertyName(name);
        if (value is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } given)
        {
            Canonical(writer, given);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void Canonical(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Canonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Canonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
