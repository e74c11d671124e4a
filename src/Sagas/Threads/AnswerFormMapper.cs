using System.Text.Json;
using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Forms;

namespace Interlude.Sagas.Threads;

/// <summary>Maps an interrupt's answer form between the engine (<see cref="AnswerForm"/>) and the messages (<see cref="AnswerFormInfo"/>).</summary>
internal static class AnswerFormMapper
{
    public static AnswerFormInfo? ToInfo(this AnswerForm? form) => form is null ? null : new AnswerFormInfo
    {
        Schema = JsonBridge.ToElement(form.Schema),
        Actions = [.. form.Actions.Select(a => new AnswerActionInfo { Name = a.Name, Label = a.Label, Value = JsonBridge.ToElement(a.Value), Schema = JsonBridge.ToElement(a.Schema) })],
        Value = JsonBridge.ToElement(form.Value),
        Enforced = form.Enforced,
    };

    public static AnswerForm? ToForm(this AnswerFormInfo? form) => form is null ? null : new AnswerForm
    {
        Schema = JsonBridge.ToNode(form.Schema),
        Actions = [.. form.Actions.Select(a => new AnswerAction(a.Name, a.Label) { Value = JsonBridge.ToNode(a.Value), Schema = JsonBridge.ToNode(a.Schema) })],
        Value = JsonBridge.ToNode(form.Value),
        Enforced = form.Enforced,
    };

    /// <summary>The form as the inbox table stores it (JSON text); null: none.</summary>
    public static string? ToText(this AnswerForm? form) => form is null ? null : JsonSerializer.Serialize(form.ToInfo(), JsonSerializerOptions.Web);

    /// <summary>A form the inbox table stored with <see cref="ToText"/>.</summary>
    public static AnswerFormInfo? FromText(string? text) => text is null ? null : JsonSerializer.Deserialize<AnswerFormInfo>(text, JsonSerializerOptions.Web);
}
