using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>
/// Who started a thread (on its row, and copied to its interrupts' rows for the inbox), and who may answer
/// an interrupt: its approver roles and four-eyes. Existing rows get what earlier versions meant: nobody
/// named as the starter, no approvers, no four-eyes.
/// </summary>
internal static class AnswerRightsSchema
{
    public static void Up(MigrationBuilder migration, SchemaTypes t)
    {
        migration.AddColumn<string>("started_by", "threads", type: t.Text, nullable: true);
        migration.AddColumn<string>("started_by", "interrupts", type: t.Text, nullable: true);
        migration.AddColumn<string>("approvers", "interrupts", type: t.Text, nullable: false, defaultValue: "[]");
        migration.AddColumn<bool>("four_eyes", "interrupts", type: t.Bool, nullable: false, defaultValue: false);
    }
}
