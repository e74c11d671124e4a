using Microsoft.EntityFrameworkCore.Migrations;

namespace Interlude.EntityFrameworkCore.Migrations;

/// <summary>An index on the inbox's receive time: the sweeper's retention delete no longer scans the whole table.</summary>
internal static class InboxReceivedAtIndexSchema
{
    public static void Up(MigrationBuilder migration) =>
        migration.CreateIndex("ix_inbox_received_at", "inbox", "received_at");
}
