using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>
/// An interrupt's answer form (JSON text) on its inbox row, so the inbox lists it without reading the
/// thread's checkpoint. Existing rows declared no form: null.
/// </summary>
internal static class AnswerFormsSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t) =>
        migration.AddColumn<string>("answer_form", "interrupts", type: t.Text, nullable: true);
}
